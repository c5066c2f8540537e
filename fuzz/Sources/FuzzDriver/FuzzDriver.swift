import Foundation

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

nonisolated(unsafe) private var fuzzTarget: (@convention(c) (UnsafePointer<UInt8>?, Int) -> Int32)?

/// The entry point libFuzzer's library refers to; forwards to the target given to `runFuzzer`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 { fuzzTarget?(data, size) ?? 0 }

/// Hands control to libFuzzer with `target` as the function under test and the command line as
/// libFuzzer's options. (SwiftPM gives every executable its own `main`, so the targets call
/// libFuzzer's driver instead of linking its `main`.)
public func runFuzzer(_ target: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
    fuzzTarget = target
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzTestOneInput))
}

import Foundation

/// Runs the built `mktreport` binary in the repository root and returns (exit status, stdout,
/// stderr). `environment` adds to (or replaces in) the test process's own.
public func runTool(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: RepositoryFiles.executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: RepositoryFiles.root)
    if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

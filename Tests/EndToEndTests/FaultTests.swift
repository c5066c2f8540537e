import Foundation
import MktReport
import MktTesting
import Testing

/// Faults around publishing, with the built `mktreport` binary on a tiny shop: runs killed at
/// each stage, a read-only output folder, a write that fails part-way (a full disk) and two runs
/// writing the same folder at once. The window's folder must always be the previous complete
/// report or the new complete one, never a mix, and the archive index must stay whole.
@Suite(.serialized) struct FaultTests {
    static let window = ["--from", "2026-11-23", "--to", "2026-11-29"]
    static let folderName = "2026-11-23_2026-11-29"

    /// Two versions of the shop's exports (different product titles give different reports).
    static let dataA = try! TinyShop.exports().write()
    static let dataB = try! TinyShop.exports(titles: (0..<12).map { "Renamed \($0)" }).write()

    /// Every file of a folder, path -> bytes.
    static func snapshot(_ folder: String) -> [String: Data] {
        var files: [String: Data] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: folder) ?? FileManager.DirectoryEnumerator() {
            var isDirectory: ObjCBool = false
            let full = (folder as NSString).appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = FileManager.default.contents(atPath: full)
            }
        }
        return files
    }

    /// A complete report of `data` published into a fresh root: (root, the window folder's files).
    static func published(_ data: String) throws -> (root: String, files: [String: Data]) {
        let root = TemporaryDirectory.make()
        let result = try runTool(["report", "--data", data, "--out", root, "--quiet"] + window)
        #expect(result.status == 0, "\(result.err)")
        return (root, snapshot((root as NSString).appendingPathComponent(folderName)))
    }

    static let reportA = try! published(dataA).files
    static let reportB = try! published(dataB).files

    func process(_ executable: String, _ arguments: [String]) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: RepositoryFiles.root)
        return process
    }

    /// Runs `process` to the end and returns what it wrote to stderr.
    func finish(_ process: Process) throws -> String {
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return message
    }

    func stagingLeftovers(_ root: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { $0.hasPrefix(".staging-") }
    }

    @Test(arguments: ["products:", "orders:", "events:", "facts:", "models:", "render:", "published"])
    func aRunKilledAtAnyStageLeavesACompleteReport(stage: String) throws {
        let (root, before) = try Self.published(Self.dataA)
        #expect(before == Self.reportA)
        let index = FileManager.default.contents(atPath: root + "/index.html")
        let run = process(RepositoryFiles.executable, ["report", "--data", Self.dataB, "--out", root] + Self.window)
        let errors = Pipe()
        run.standardError = errors
        try run.run()
        var seen = ""
        while !seen.contains("[mktreport] \(stage)") {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        kill(run.processIdentifier, SIGKILL)
        run.waitUntilExit()
        let after = Self.snapshot((root as NSString).appendingPathComponent(Self.folderName))
        #expect(after == Self.reportA || after == Self.reportB, "killed after \(stage): the report is a mix")
        let indexAfter = try #require(FileManager.default.contents(atPath: root + "/index.html"))
        try XMLCheck.check(String(decoding: indexAfter, as: UTF8.self), file: "index.html")
        if after == Self.reportA { #expect(indexAfter == index) }
        // The next run clears what the killed one left and publishes normally.
        #expect(try runTool(["report", "--data", Self.dataA, "--out", root, "--quiet"] + Self.window).status == 0)
        #expect(stagingLeftovers(root).isEmpty)
        #expect(Self.snapshot((root as NSString).appendingPathComponent(Self.folderName)) == Self.reportA)
    }

    @Test func aReadOnlyOutputFolderIsAClearErrorAndPublishesNothing() throws {
        let (root, before) = try Self.published(Self.dataA)
        for path in [root, root + "/" + Self.folderName] { Glibc.chmod(path, 0o555) }
        defer { for path in [root, root + "/" + Self.folderName] { Glibc.chmod(path, 0o755) } }
        let run = try asAnotherUser(["report", "--data", Self.dataB, "--out", root, "--quiet"] + Self.window)
        let message = try finish(run)
        #expect(run.terminationStatus == 2)
        #expect(message == "mktreport: \(root): cannot write to the output folder (Permission denied)\n", "\(message)")
        #expect(Self.snapshot(root + "/" + Self.folderName) == before)
    }

    /// Root ignores permissions, so as root the tool runs as user nobody, from a copy of the tool and
    /// its templates in a folder nobody can read (the checkout may not be), on data nobody can read.
    func asAnotherUser(_ arguments: [String]) throws -> Process {
        let sandbox = TemporaryDirectory.make()
        try FileManager.default.copyItem(atPath: RepositoryFiles.executable, toPath: sandbox + "/mktreport")
        try FileManager.default.copyItem(atPath: RepositoryFiles.path("templates"), toPath: sandbox + "/templates")
        _ = try finish(process("/bin/chmod", ["-R", "a+rX", sandbox, Self.dataA, Self.dataB]))  // whatever the umask
        let tool = getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sandbox + "/mktreport"]
                                 : [sandbox + "/mktreport"]
        let run = process(tool[0], Array(tool.dropFirst()) + arguments)
        run.currentDirectoryURL = URL(fileURLWithPath: sandbox)
        return run
    }

    /// Someone made the published report's folders read-only: the next run (not root) still
    /// replaces it and removes the old copy, leaving no staging folder in the published root.
    @Test func aReadOnlyPreviousReportIsReplacedAndRemoved() throws {
        let root = TemporaryDirectory.make()
        if getuid() == 0 { Glibc.chown(root, 65534, 65534) }
        func report(_ data: String) throws -> (status: Int32, message: String) {
            let run = try asAnotherUser(["report", "--data", data, "--out", root, "--quiet"] + Self.window)
            let message = try finish(run)
            return (run.terminationStatus, message)
        }
        #expect(try report(Self.dataA).status == 0)
        let folder = root + "/" + Self.folderName
        for path in [folder + "/charts", folder] { Glibc.chmod(path, 0o555) }
        let second = try report(Self.dataB)
        #expect(second.status == 0 && second.message.isEmpty, "\(second.message)")
        #expect(Self.snapshot(folder) == Self.reportB)
        #expect(stagingLeftovers(root).isEmpty, "\(stagingLeftovers(root))")
    }

    /// A file-size limit makes a write fail part-way, as a full disk does.
    @Test func aWriteThatFailsPartWayIsAClearErrorAndPublishesNothing() throws {
        let (root, before) = try Self.published(Self.dataA)
        let script = "trap '' XFSZ; ulimit -f 16; exec \"$0\" \"$@\""
        let run = process("/bin/bash", ["-c", script, RepositoryFiles.executable, "report", "--data", Self.dataB, "--out", root, "--quiet"] + Self.window)
        let message = try finish(run)
        #expect(run.terminationStatus == 2)
        #expect(message.hasPrefix("mktreport: \(root)/") && message.contains("File too large"), "\(message)")
        #expect(Self.snapshot(root + "/" + Self.folderName) == before)
        #expect(stagingLeftovers(root).isEmpty)
    }

    @Test func twoRunsAtOnceDoNotCorruptEachOther() throws {
        let root = TemporaryDirectory.make()
        for _ in 0..<3 {
            let runs = [Self.dataA, Self.dataB].map { process(RepositoryFiles.executable, ["report", "--data", $0, "--out", root, "--quiet"] + Self.window) }
            for run in runs { try run.run() }
            for run in runs { run.waitUntilExit() }
            #expect(runs.allSatisfy { $0.terminationStatus == 0 })
            let after = Self.snapshot(root + "/" + Self.folderName)
            #expect(after == Self.reportA || after == Self.reportB, "concurrent runs mixed their reports")
            try XMLCheck.check(String(contentsOfFile: root + "/index.html", encoding: .utf8), file: "index.html")
            #expect(stagingLeftovers(root).isEmpty)
        }
    }
}

import Foundation
import MktData

/// Checks on the files the command line writes outside the report folder (`--email-out`,
/// `recommend --out`): never an input (a file of the data folder, the config, the notes), never
/// into a folder that does not exist, never a folder itself.
enum OutputPaths {
    static func check(_ path: String, option: String, dataDirectory: String, inputs: [String?] = []) throws {
        let target = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath()
        let data = URL(fileURLWithPath: dataDirectory).standardizedFileURL.resolvingSymlinksInPath()
        if target.path.hasPrefix(data.path + "/") {
            throw UsageError(message: "\(option) \(path) is inside the data folder \(dataDirectory): it could overwrite an export; write it elsewhere")
        }
        for input in inputs.compactMap({ $0 }) where URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath() == target {
            throw UsageError(message: "\(option) \(path) is an input of this run; write it elsewhere")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw UsageError(message: "\(option) \(path) is a folder; give a file name")
        }
        let parent = target.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageError(message: "\(option) \(path): the folder \(parent) does not exist")
        }
    }

    /// Reads a small text input (`--notes`): at most `limit` bytes, UTF-8; errors give the reason.
    static func readText(_ path: String, option: String, limit: Int = 1 << 20) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw UsageError(message: "cannot read \(option) file \(path): \(String(cString: strerror(errno)))")
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: limit + 1)) ?? Data()
        guard data.count <= limit else { throw UsageError(message: "\(option) file \(path) is larger than \(limit / 1024) KiB") }
        guard let text = String(data: data, encoding: .utf8) else { throw UsageError(message: "\(option) file \(path) is not UTF-8 text") }
        return text
    }
}

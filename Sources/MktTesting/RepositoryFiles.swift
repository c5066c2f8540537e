import Foundation

/// Paths inside the repository (the committed sample, reference values, the built tool).
public enum RepositoryFiles {
    /// The repository root, found from this source file's location.
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    public static func path(_ relative: String) -> String { (root as NSString).appendingPathComponent(relative) }

    /// Decodes a JSON file under `Tests/References`.
    public static func reference<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        let data = try Data(contentsOf: URL(fileURLWithPath: path("Tests/References/\(name)")))
        return try JSONDecoder().decode(T.self, from: data)
    }

    /// The `mktreport` executable built next to the running tests.
    public static var executable: String {
        let here = Bundle.main.bundleURL.deletingLastPathComponent()
        for candidate in [here, Bundle.main.bundleURL, URL(fileURLWithPath: path(".build/debug"))] {
            let file = candidate.appendingPathComponent("mktreport").path
            if FileManager.default.isExecutableFile(atPath: file) { return file }
        }
        return path(".build/debug/mktreport")
    }
}

import Foundation

/// Renders an SVG chart to PNG with librsvg's `rsvg-convert` (Debian `librsvg2-bin`), for the
/// email variant: several mail clients do not show SVG. librsvg is the renderer the issue names;
/// running its command-line tool keeps the C API (and GLib) out of the build.
public enum PNGRenderer {
    /// Where `rsvg-convert` is, if installed.
    public static let executable: String? = ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    public static func render(_ svg: String, file: String) throws -> Data {
        guard let executable else {
            throw OutputError(path: file, reason: "rsvg-convert is not installed (Debian package librsvg2-bin); it draws the email's PNG charts")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--format", "png", "--zoom", "2"]  // twice the size: sharp on high-density screens
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Feed stdin from another thread so a large output cannot deadlock on a full pipe.
        let writer = Thread { input.fileHandleForWriting.write(Data(svg.utf8)); try? input.fileHandleForWriting.close() }
        writer.start()
        let png = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, png.starts(with: [0x89, 0x50, 0x4E, 0x47]) else {
            throw OutputError(path: file, reason: "rsvg-convert failed: \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return png
    }
}

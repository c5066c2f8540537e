import Foundation
import MktTesting
import Testing

/// Renders the sample reports' `index.html` and `email.html` (the full shop and the orders-only one) in Debian's headless chromium at a
/// desktop and a phone width (`scripts/browser.sh`), checks that no chart or table overflows the
/// page, and takes the sample's screenshots into a temporary folder: the committed ones in
/// `reports/screenshots/` are retaken by `make screenshots`, not as a side effect of `make test`
/// (the email's screenshot differed between machines and left the checkout changed).
@Suite(.serialized) struct BrowserTests {
    static let widths = [("desktop", 1280), ("phone", 375)]

    func browser(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [RepositoryFiles.path("scripts/browser.sh")] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The sample report as this run made it, and the committed orders-only report (the golden test
    /// keeps it current).
    static let pages = ["index.html", "email.html"].flatMap { ["sample/" + $0, "orders-only/" + $0] }

    @Test(arguments: pages)
    func nothingOverflowsAtDesktopOrPhoneWidth(page: String) throws {
        #expect(FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"), "chromium is missing: run make test, which installs it")
        let (shop, name) = (page.split(separator: "/")[0], String(page.split(separator: "/")[1]))
        let folder = shop == "sample" ? SampleRun.shared.folder : RepositoryFiles.path("reports/orders-only/2026-11-23_2026-11-29")
        let path = (folder as NSString).appendingPathComponent(name)
        let screenshots = TemporaryDirectory.make()
        for (label, width) in Self.widths {
            let check = try browser(["check", path, String(width)])
            #expect(check.status == 0 && check.output == "OK", "\(page) at \(width) px: \(check.output)")
            guard shop == "sample" else { continue }
            let shot = (screenshots as NSString).appendingPathComponent("\(name.split(separator: ".")[0])-\(label).png")
            let taken = try browser(["screenshot", path, String(width), shot, "2400"])
            #expect(taken.status == 0, "\(taken.output)")
            let png = FileManager.default.contents(atPath: shot) ?? Data()
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000, "\(page) at \(width) px: no screenshot")
        }
    }
}

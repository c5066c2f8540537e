import Foundation

/// The email report as one MIME message (RFC 2045/2387): `multipart/related` with the HTML first
/// and each PNG chart as an inline part the HTML refers to by `cid:`. A mailer can send it as it
/// is (`sendmail -t < report.eml`); the mail server adds `Date` and `Message-ID`, which are left
/// out so the same report gives the same bytes.
public enum MIMEMessage {
    public struct Image: Sendable {
        /// File name under `charts/`, e.g. `funnel.png`; the HTML refers to it as `charts/funnel.png`.
        public var file: String
        public var png: Data
    }

    /// The Content-ID of a chart: its file name at a fixed domain.
    public static func contentID(_ file: String) -> String { "\(file)@mktreport" }

    public static func compose(subject: String, from: String, to: [String], html: String, images: [Image]) -> Data {
        // "=_" never occurs in base64 text, so this boundary cannot collide with a part's content.
        let boundary = "=_mktreport_related"
        var html = html
        for image in images { html = html.replacingOccurrences(of: "\"charts/\(image.file)\"", with: "\"cid:\(contentID(image.file))\"") }
        var lines = [
            "From: \(header(from))",
            "To: \(to.map(header).joined(separator: ", "))",
            "Subject: \(encodedWord(subject))",
            "MIME-Version: 1.0",
            "Content-Type: multipart/related; boundary=\"\(boundary)\"; type=\"text/html\"",
            "",
            "This is a MIME message: open it in a mail program.",
            "",
            "--\(boundary)",
            "Content-Type: text/html; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "",
        ]
        lines += base64Lines(Data(html.utf8))
        for image in images {
            lines += [
                "--\(boundary)",
                "Content-Type: image/png",
                "Content-Transfer-Encoding: base64",
                "Content-ID: <\(contentID(image.file))>",
                "Content-Disposition: inline; filename=\"\(image.file)\"",
                "",
            ]
            lines += base64Lines(image.png)
        }
        lines.append("--\(boundary)--")
        return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    static func base64Lines(_ data: Data) -> [String] {
        let text = data.base64EncodedString()
        return stride(from: 0, to: text.count, by: 76).map { start in
            let from = text.index(text.startIndex, offsetBy: start)
            return String(text[from..<(text.index(from, offsetBy: 76, limitedBy: text.endIndex) ?? text.endIndex)])
        }
    }

    /// A header value without control characters (no header injection): filtered by Unicode
    /// scalar, since Swift treats "\r\n" as one Character that neither "\r" nor "\n" equals.
    static func header(_ value: String) -> String {
        String(String.UnicodeScalarView(value.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && !$0.properties.isWhitespace || $0 == " " }))
    }

    /// RFC 2047 encoded word for non-ASCII text; plain ASCII as it is.
    static func encodedWord(_ text: String) -> String {
        let clean = header(text)
        return clean.unicodeScalars.allSatisfy({ $0.isASCII }) ? clean : "=?utf-8?B?\(Data(clean.utf8).base64EncodedString())?="
    }
}

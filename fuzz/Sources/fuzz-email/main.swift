import Foundation
import FuzzDriver
import MktReport

/// Arbitrary text as a subject, a sender and recipients (split at NUL bytes) through the address
/// check and `MIMEMessage.compose`, as `report --email-to` uses them. Checks: an address that
/// passes is printable ASCII without spaces; the message's header block is exactly its five
/// headers, each on one CRLF line, whatever the subject holds (round two found `\r\n` in an
/// address writing a real `Bcc:` header).
runFuzzer { data, size in
    guard let data else { return 0 }
    let parts = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self).split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
    let subject = parts[0], from = parts.count > 1 ? parts[1] : "report@shop.example"
    let to = parts.count > 2 ? Array(parts[2...]) : ["team@shop.example"]
    let addresses = ([from] + to).compactMap(EmailAddress.validated)
    for address in addresses {
        precondition(address.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F }, "address with a space or control character")
    }
    guard addresses.count == to.count + 1 else { return 0 }  // the command refuses the run
    let message = String(decoding: MIMEMessage.compose(subject: subject, from: from, to: to, html: "<p>x</p>", images: []), as: UTF8.self)
    let head = message.components(separatedBy: "\r\n\r\n")[0]
    let lines = head.components(separatedBy: "\r\n")
    precondition(lines.count == 5, "header block has \(lines.count) lines")
    for (line, name) in zip(lines, ["From: ", "To: ", "Subject: ", "MIME-Version: ", "Content-Type: "]) {
        precondition(line.hasPrefix(name), "header '\(line.prefix(40))' where \(name) belongs")
        precondition(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "control character in a header")
    }
    return 0
}

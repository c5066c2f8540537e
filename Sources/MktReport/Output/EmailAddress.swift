/// An e-mail address as RFC 5322's addr-spec allows it in a header, in its common dot-atom form
/// (`local@domain.example`): no spaces, quotes, comments, control characters or line breaks of any
/// kind, so a configured address can never add a header (`Bcc:`) to the message.
public enum EmailAddress {
    static let localCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-.".unicodeScalars)

    /// The address when valid; nil otherwise.
    public static func validated(_ text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count <= 254, let at = scalars.lastIndex(of: "@"), at > 0, at < scalars.count - 1 else { return nil }
        let local = scalars[..<at], domain = scalars[(at + 1)...]
        guard local.count <= 64, local.allSatisfy(localCharacters.contains), local.first != ".", local.last != ".",
              !String(String.UnicodeScalarView(local)).contains("..") else { return nil }
        let labels = String(String.UnicodeScalarView(domain)).split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 1, labels.allSatisfy({ label in
            !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                && label.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
        }) else { return nil }
        return text
    }
}

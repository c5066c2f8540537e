import Crypto
import Foundation

/// Keyed pseudonyms for customer keys that are personal data (a Shopify export's e-mail): the id
/// written anywhere is `c-` and 16 hex digits of HMAC-SHA256(key, the lower-cased address), never
/// the value (DATA_CONTRACT.md, PII). Without the key the pseudonym cannot be reversed by hashing
/// guessed addresses.
///
/// The key is `MKTREPORT_PSEUDONYM_KEY` when set, else the file `.mktreport-key` in the data
/// folder, created with 32 random bytes on first use: the same data folder gives the same ids, and
/// the key never reaches an output (docs/PLATFORM_EXPORTS.md).
struct Pseudonyms: Sendable, Equatable {
    let key: [UInt8]

    static let keyFileName = ".mktreport-key"

    init(key: [UInt8]) { self.key = key }

    func id(_ value: String) -> String {
        let normalised = value.trimmingCharacters(in: .whitespaces).lowercased()
        let mac = HMAC<SHA256>.authenticationCode(for: Array(normalised.utf8), using: SymmetricKey(data: key))
        return "c-" + mac.prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// The data folder's key (created when missing); an error when it can be neither read nor made.
    static func forDataFolder(_ directory: String) throws -> Pseudonyms {
        if let secret = ProcessInfo.processInfo.environment["MKTREPORT_PSEUDONYM_KEY"], !secret.isEmpty {
            return Pseudonyms(key: Array(secret.utf8))
        }
        let path = (directory as NSString).appendingPathComponent(keyFileName)
        if let existing = FileManager.default.contents(atPath: path), !existing.isEmpty { return Pseudonyms(key: Array(existing)) }
        var generator = SystemRandomNumberGenerator()
        let hex = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        guard FileManager.default.createFile(atPath: path, contents: Data(hex.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw InputError(file: keyFileName, reason: "cannot create the pseudonym key in \(directory) (e-mail customer ids need it): make the folder writable or set MKTREPORT_PSEUDONYM_KEY")
        }
        return Pseudonyms(key: Array(hex.utf8))
    }
}

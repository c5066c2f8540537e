import Foundation
import MktData

/// A `postgresql://USER@HOST:PORT/DB[?schema=S&sslmode=M]` address, as `--source` and `--into` take it.
///
/// It never holds a password: the password comes from `PGPASSWORD` or a `.pgpass` file
/// (`PasswordLookup`), so it cannot leak through a shell history, a process list or an error.
/// `description` is the address as every message shows it.
public struct WarehouseURL: Sendable, CustomStringConvertible {
    /// How TLS is used, as libpq's `sslmode` names it.
    public enum TLSMode: String, Sendable {
        /// No TLS.
        case disable
        /// TLS when the server offers it, without checking its certificate (libpq's default).
        case prefer
        /// TLS or no connection, without checking the certificate.
        case require
        /// TLS with the certificate checked against the system's roots and the host name.
        case verifyFull = "verify-full"
    }

    public var user: String
    public var host: String
    public var port: Int
    public var database: String
    /// The schema holding the export tables (`public` unless `?schema=` names another).
    public var schema: String
    public var tls: TLSMode

    /// Parses an address; a mistake is an `InputError` naming the address (any password left out).
    public init(_ text: String) throws {
        let shown = Self.withoutPassword(text)
        func fail(_ reason: String) -> InputError { InputError(file: shown, reason: reason) }
        guard let parts = URLComponents(string: text), let scheme = parts.scheme?.lowercased(),
              scheme == "postgresql" || scheme == "postgres" else {
            throw fail("not a PostgreSQL address (postgresql://USER@HOST:PORT/DB)")
        }
        if parts.password != nil {
            throw fail("the address holds a password: give it in PGPASSWORD or a .pgpass file, never on the command line")
        }
        guard let host = parts.host, !host.isEmpty else { throw fail("no host (postgresql://USER@HOST:PORT/DB)") }
        let database = String(parts.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw fail("no database name (postgresql://USER@HOST:PORT/DB)") }
        self.host = host
        self.database = database
        port = parts.port ?? 5432
        user = parts.user ?? ProcessInfo.processInfo.environment["PGUSER"] ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        schema = "public"
        tls = .prefer
        for item in parts.queryItems ?? [] {
            switch item.name {
            case "schema":
                guard let value = item.value, Self.isPlainIdentifier(value) else {
                    throw fail("schema must be a plain name (letters, digits, _), got '\(item.value ?? "")'")
                }
                schema = value
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw fail("sslmode must be disable, prefer, require or verify-full, got '\(item.value ?? "")'")
                }
                tls = mode
            default:
                throw fail("unknown parameter '\(item.name)' (schema and sslmode are known)")
            }
        }
    }

    public var description: String {
        "postgresql://\(user)@\(host):\(port)/\(database)" + (schema == "public" ? "" : "?schema=\(schema)")
    }

    /// A table of the export schema, quoted for SQL.
    func table(_ name: String) -> String { "\"\(schema)\".\"\(name)\"" }

    /// Letters, digits and `_`, not starting with a digit: a name that needs no quoting rules.
    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
    }

    /// The address with anything between `:` and `@` of its user part removed (for messages).
    static func withoutPassword(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@") else { return text }
        let userPart = text[scheme.upperBound..<at]
        guard let colon = userPart.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + String(text[at...])
    }
}

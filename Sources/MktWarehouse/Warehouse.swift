import Dispatch
import Foundation
import Logging
import MktData
import NIOCore
import NIOSSL
import PostgresNIO

/// One connection to the shop's PostgreSQL database, used from the loader's synchronous code.
///
/// Every failure is an `InputError` naming the address (never a password), with the server's own
/// message where it sent one: "postgresql://shop@db:5432/shop: password authentication failed for user "shop"".
public final class Warehouse: @unchecked Sendable {  // the connection is Sendable; `url` is immutable
    public let url: WarehouseURL
    private let connection: PostgresConnection
    private static let logger = Logger(label: "mktreport.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    private init(url: WarehouseURL, connection: PostgresConnection) {
        self.url = url
        self.connection = connection
    }

    /// Connects (TLS as the address's `sslmode` says), the password from `PasswordLookup` in `environment`.
    public static func connect(_ url: WarehouseURL, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Warehouse {
        let password = PasswordLookup.password(for: url, environment: environment)
        return try blocking(url) {
            var configuration = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user,
                                                                 password: password, database: url.database, tls: try tls(url.tls))
            configuration.options.connectTimeout = .seconds(10)
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
            for setting in sessionSettings { _ = try await connection.query(PostgresQuery(unsafeSQL: "SET \(setting)"), logger: logger) }
            return Warehouse(url: url, connection: connection)
        }
    }

    /// How every session prints values as text, whatever the server's or database's defaults: the
    /// loader reads dates as ISO 8601 (a `timestamptz` then prints in UTC with its offset, `+00`),
    /// floats in their shortest exact form, and the statements' string literals are standard.
    /// And its scans neither follow nor move the point where other sessions' plain scans of a large
    /// table start (`synchronize_seqscans`): the snapshot's first-rows sample stops part-way, and
    /// after a run another client's `SELECT * FROM orders` began 99,734 rows in (a 200,000-row table).
    static let sessionSettings = ["DateStyle TO 'ISO, YMD'", "TimeZone TO 'UTC'", "IntervalStyle TO 'postgres'",
                                  "extra_float_digits TO 1", "standard_conforming_strings TO on", "synchronize_seqscans TO off"]

    public func close() {
        try? Self.blocking(url) { try await self.connection.close() }
    }

    /// Runs a statement and returns every row, each column as text (NULL as nil). `binds` are `$1`, `$2`, ....
    public func rows(_ sql: String, _ binds: [String] = []) throws -> [[String?]] {
        var rows: [[String?]] = []
        try forEachRow(sql, binds) { rows.append($0) }
        return rows
    }

    /// Runs a statement and hands every row to `body` as it arrives, each column as text (NULL as nil).
    public func forEachRow(_ sql: String, _ binds: [String] = [], _ body: @escaping ([String?]) throws -> Void) throws {
        try forEachRawRow(sql, binds) { row in try body(row.map { cell in try cell.decode(String?.self) }) }
    }

    /// Runs a statement and hands every row to `body` as the server sent it (a text column's cell
    /// holds its UTF-8 bytes): the snapshot copies those bytes into files without a `String` per
    /// cell, which took most of its time.
    func forEachRawRow(_ sql: String, _ binds: [String] = [], _ body: @escaping (PostgresRow) throws -> Void) throws {
        let query = Self.query(sql, binds)
        let box = UncheckedBox(body)
        try Self.blocking(url) {
            let rows = try await self.connection.query(query, logger: Self.logger)
            for try await row in rows { try box.value(row) }
        }
    }

    /// Runs statements that return nothing.
    public func execute(_ sql: String, _ binds: [String] = []) throws {
        try forEachRow(sql, binds) { _ in }
    }

    /// `COPY table (columns) FROM STDIN` in PostgreSQL's text format; `chunks` gives the data.
    public func copy(into table: String, columns: [String], chunks: @escaping () throws -> [UInt8]?) throws {
        let box = UncheckedBox(chunks)
        try Self.blocking(url) {
            try await self.connection.copyFrom(table: table, columns: columns, logger: Self.logger) { writer in
                while let chunk = try box.value() { try await writer.write(ByteBuffer(bytes: chunk)) }
            }
        }
    }

    private static func query(_ sql: String, _ binds: [String]) -> PostgresQuery {
        var bindings = PostgresBindings()
        for value in binds { bindings.append(value) }
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    private static func tls(_ mode: WarehouseURL.TLSMode) throws -> PostgresConnection.Configuration.TLS {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable: return .disable
        case .prefer:
            configuration.certificateVerification = .none
            return .prefer(try NIOSSLContext(configuration: configuration))
        case .require:
            configuration.certificateVerification = .none
            return .require(try NIOSSLContext(configuration: configuration))
        case .verifyFull:
            return .require(try NIOSSLContext(configuration: configuration))
        }
    }

    /// Runs async work to completion from synchronous code (on a detached task, so the caller's
    /// thread, possibly the main one, only waits), mapping failures to one-line `InputError`s.
    private static func blocking<T>(_ url: WarehouseURL, _ work: @escaping @Sendable () async throws -> T) throws -> T {
        let result = UncheckedBox<Result<T, Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do { result.value = .success(try await work()) } catch { result.value = .failure(error) }
            done.signal()
        }
        done.wait()
        switch result.value! {
        case .success(let value): return value
        case .failure(let error as InputError): throw error
        case .failure(let error as EventPushdownUndecided): throw error
        case .failure(let error): throw InputError(file: url.description, reason: Self.reason(error))
        }
    }

    /// The server's message, or what went wrong on the way to it, in one line.
    static func reason(_ error: Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            return message + (error.serverInfo?[.detail].map { ": \($0)" } ?? "")
        }
        switch error.code {
        case .connectionError, .serverClosedConnection, .uncleanShutdown:
            return "cannot connect" + (error.underlying.map { ": \($0)" } ?? "")
        case .authMechanismRequiresPassword:
            return "the server asks for a password: set PGPASSWORD or add a line to ~/.pgpass"
        case .sslUnsupported:
            return "the server does not offer TLS, which sslmode asks for"
        default:
            return "\(error.code)" + (error.underlying.map { ": \($0)" } ?? "")
        }
    }
}

/// Moves a value into the detached task that uses it while the caller waits: never used by both at once.
private final class UncheckedBox<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

import CPosixShims
import Foundation

/// An output file or folder that cannot be written; names the path.
public struct OutputError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

/// Writes one report folder into a staging folder and publishes it atomically.
///
/// Everything is written to `ROOT/.staging-<pid>` first. Publishing takes
/// an exclusive `flock` on `ROOT/.mktreport.lock` (so concurrent runs queue
/// instead of interleaving) and then either renames the staging folder into
/// place or, when the window's folder already exists, swaps the two in one
/// `renameat2(RENAME_EXCHANGE)` call, so readers see the old report or the new
/// one, never a mix, and a run killed at any moment leaves the previous report
/// intact. Staging folders of runs that died are removed by the next run.
public final class Publisher {
    public let root: String
    public let staging: String
    private var finished = false
    /// Whether this run created the output root (removed again when the run fails and it is empty).
    private let createdRoot: Bool

    public init(root: String) throws {
        self.root = root
        staging = (root as NSString).appendingPathComponent(".staging-\(getpid())")
        createdRoot = !FileManager.default.fileExists(atPath: root)
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: root, reason: "cannot create output folder (\(Self.reason(error)))")
        }
        // The archive pages are written after the swap: anything in their way fails the run now,
        // before a new report is published.
        for (entry, folder) in [("latest", true), ("index.html", false)] {
            var isDirectory: ObjCBool = false
            let path = (root as NSString).appendingPathComponent(entry)
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue != folder {
                throw OutputError(path: path, reason: folder ? "is a file; the archive needs a folder here (latest/index.html)" : "is a folder; the archive writes its index page here")
            }
        }
        removeStaleStaging()
        Self.removeTree(staging, what: "an earlier run's staging folder")
        for folder in [staging, staging + "/charts"] where mkdir(folder, 0o755) != 0 {
            throw OutputError(path: root, reason: "cannot write to the output folder (\(String(cString: strerror(errno))))")
        }
    }

    deinit { if !finished { abandon() } }

    public func path(_ relative: String) -> String { (staging as NSString).appendingPathComponent(relative) }

    public func write(_ relative: String, _ content: Data) throws {
        try write(relative, parts: [content])
    }

    /// Writes a file made of `parts` one after another (a large file need not be joined first).
    public func write(_ relative: String, parts: [some ContiguousBytes]) throws {
        if let problem = Self.writeFile(parts: parts, to: path(relative)) {
            throw OutputError(path: (root as NSString).appendingPathComponent(relative), reason: "cannot write (\(problem))")
        }
    }

    /// Writes a whole file with POSIX calls, so a failure names the system's reason
    /// ("No space left on device", "Permission denied"); nil on success.
    static func writeFile(parts: [some ContiguousBytes], to path: String) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        var problem: String?
        for part in parts where problem == nil {
            part.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        problem = String(cString: strerror(errno))
                        return
                    }
                    offset += written
                }
            }
        }
        if close(descriptor) != 0 && problem == nil { problem = String(cString: strerror(errno)) }
        return problem
    }

    /// Moves the staging folder into place as `ROOT/folderName`; returns its path.
    /// `alsoUnderLock` runs while the lock is held (updating the archive index).
    @discardableResult
    public func publish(as folderName: String, alsoUnderLock extra: (() throws -> Void)? = nil) throws -> String {
        let target = (root as NSString).appendingPathComponent(folderName)
        try withLock {
            if FileManager.default.fileExists(atPath: target) {
                guard mkt_rename_exchange(staging, target) == 0 else {
                    throw OutputError(path: target, reason: "cannot replace the previous report (\(String(cString: strerror(errno))))")
                }
                Self.removeTree(staging, what: "the previous report")  // the staging name now holds it
            } else if rename(staging, target) != 0 {
                throw OutputError(path: target, reason: "cannot publish (\(String(cString: strerror(errno))))")
            }
            finished = true
            try extra?()
        }
        return target
    }

    /// Writes a file by renaming a complete temporary copy over it: readers never see half a file.
    public static func writeAtomically(_ content: Data, to path: String) throws {
        let temporary = (path as NSString).deletingLastPathComponent.isEmpty ? ".\(path).tmp-\(getpid())"
            : ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).tmp-\(getpid())")
        if let problem = writeFile(parts: [content], to: temporary) {
            unlink(temporary)
            throw OutputError(path: path, reason: "cannot write (\(problem))")
        }
        guard rename(temporary, path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw OutputError(path: path, reason: "cannot write (\(message))")
        }
    }

    /// Removes the staging folder (a failed run leaves nothing half-written).
    public func abandon() {
        Self.removeTree(staging, what: "this run's unfinished report")
        // A root this run made and left empty goes too (a failed first run leaves nothing behind).
        if createdRoot, (try? FileManager.default.contentsOfDirectory(atPath: root))?.allSatisfy({ $0 == ".mktreport.lock" }) == true {
            try? FileManager.default.removeItem(atPath: root)
        }
        finished = true
    }

    /// How long a run waits for another run's lock before it gives up (the other run still
    /// publishes; this one changes nothing).
    public static let lockTimeout: Duration = .seconds(600)

    /// Runs `body` holding the output root's lock; while another run holds it, says so on stderr
    /// once and waits, at most `lockTimeout`.
    public func withLock<T>(_ body: () throws -> T) throws -> T {
        let lockPath = (root as NSString).appendingPathComponent(".mktreport.lock")
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw OutputError(path: lockPath, reason: "cannot open lock file (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }  // closing releases the flock
        let started = ContinuousClock.now
        var announced = false
        while mkt_try_lock_exclusive(descriptor) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw OutputError(path: lockPath, reason: "cannot lock (\(String(cString: strerror(errno))))")
            }
            guard ContinuousClock.now - started < Self.lockTimeout else {
                throw OutputError(path: lockPath, reason: "another mktreport run has held the lock for \(Self.lockTimeout.components.seconds / 60) minutes; nothing was published")
            }
            if !announced {
                FileHandle.standardError.write(Data("[mktreport] waiting for another run publishing into \(root) (lock \(lockPath), at most \(Self.lockTimeout.components.seconds / 60) min)\n".utf8))
                announced = true
            }
            usleep(100_000)
        }
        return try body()
    }

    private func removeStaleStaging() {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: root) else { return }
        for entry in entries where entry.hasPrefix(".staging-") {
            guard let pid = Int32(entry.split(separator: "-").last ?? "") else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                Self.removeTree((root as NSString).appendingPathComponent(entry), what: "a stopped run's staging folder")
            }
        }
    }

    /// Removes a folder this tool wrote, also when someone made its folders read-only (write
    /// permission is given back to each folder first, as `rm -rf` cannot do for a non-root user).
    /// What cannot be removed is named on stderr, never left silently in the published root.
    static func removeTree(_ path: String, what: String) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        if (try? FileManager.default.removeItem(atPath: path)) != nil { return }
        func giveBackWrite(_ folder: String) {
            Glibc.chmod(folder, 0o755)
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
                let full = (folder as NSString).appendingPathComponent(entry)
                // Not through a symbolic link: only the tool's own folders change mode.
                if (try? FileManager.default.attributesOfItem(atPath: full))?[.type] as? FileAttributeType == .typeDirectory { giveBackWrite(full) }
            }
        }
        giveBackWrite(path)
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            FileHandle.standardError.write(Data("[mktreport] could not remove \(what) at \(path) (\(reason(error))); remove it by hand\n".utf8))
        }
    }

    private static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        return ns.localizedDescription
    }
}

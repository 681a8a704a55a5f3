import Foundation
import Hashing

/// The files of a site, by relative path, written all at once.
///
/// Everything goes to a temporary folder beside the target first; only when every file is written
/// is the old folder swapped out with renames, so a failed build never leaves a half-written site.
/// Text is kept as the String it was made as (no second, byte-array copy of a million-customer
/// index while the site is assembled).
public struct SiteFiles: Sendable {
    enum Content: Sendable {
        case text(String)
        case bytes([UInt8])
        /// Written already (see `FileOutput`): moved into the staged site, not written again.
        case file(URL, sha256: String)
    }

    private var contents: [String: Content] = [:]

    /// No files yet.
    public init() {}

    /// Adds or replaces a text file.
    public mutating func add(_ path: String, _ text: String) { contents[path] = .text(text) }

    /// Adds or replaces a binary file.
    public mutating func add(_ path: String, bytes: [UInt8]) { contents[path] = .bytes(bytes) }

    /// Adds or replaces a file written piece by piece, ending it.
    public mutating func add(_ path: String, _ output: FileOutput) throws { contents[path] = try output.finish() }

    /// Adds every file of `other`, replacing those of the same paths.
    public mutating func merge(_ other: SiteFiles) { contents.merge(other.contents) { _, b in b } }

    /// The SHA-256 of the file at `path` in hex: known for a file written piece by piece, else
    /// computed from memory. Safe to call while the site is being written.
    public func sha256(_ path: String) -> String? {
        if case .file(_, let digest) = contents[path] { return digest }
        return withBytes(path, SHA256.hex)
    }

    /// Paths in sorted order.
    public var paths: [String] { contents.keys.sorted() }

    /// A copy of the bytes of the file at `path`, if there is one.
    public func bytes(_ path: String) -> [UInt8]? { withBytes(path) { Array($0) } }

    /// Calls `body` with the bytes of the file at `path` without copying them; nil when absent.
    public func withBytes<R>(_ path: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        switch contents[path] {
        case nil: return nil
        case .file(let url, _):
            guard let data = try? Data(contentsOf: url, options: .alwaysMapped) else { return nil }
            return try data.withUnsafeBytes { try body($0.bindMemory(to: UInt8.self)) }
        case .bytes(let b): return try b.withUnsafeBufferPointer(body)
        case .text(let s):
            if let r = try s.utf8.withContiguousStorageIfAvailable(body) { return r }
            var copy = s
            return try copy.withUTF8(body)
        }
    }
}

extension SiteFiles {
    /// Puts the file at `path` into the staging folder at `target`: written from memory, or moved
    /// (a rename within the same parent folder) when it was written piece by piece.
    fileprivate func place(_ path: String, at target: String) throws {
        if case .file(let url, _) = contents[path] {
            guard rename(url.path, target) == 0 else {
                throw SiteError(
                    step: "writing the site", path: target,
                    message: "the file cannot be moved into place (errno \(errno))")
            }
            return
        }
        try withBytes(path) { try SiteWriter.writeFile($0, to: target) }
    }
}

/// Writes a `SiteFiles` into a folder atomically.
public enum SiteWriter {
    /// Set by a signal handler: stop writing at the next file.
    nonisolated(unsafe) public static var aborting = false

    /// The staging and retired folders a run with this process id uses beside `output`.
    public static func workFolders(besides output: String) -> (staging: URL, retired: URL, target: URL) {
        let target = URL(fileURLWithPath: output).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        return (
            parent.appendingPathComponent("\(stagingMarker)\(name)-\(getpid())"),
            parent.appendingPathComponent("\(stagingMarker)\(name)-old-\(getpid())"), target
        )
    }

    /// A folder beside `output` for work that joins the site at the swap (e.g. a database loaded
    /// while the site renders). `abort` and later runs' `removeLeftovers` remove it like the staging
    /// folder; the caller removes it when done.
    public static func sideFolder(_ name: String, besides output: String) -> URL {
        let (staging, _, _) = workFolders(besides: output)
        return staging.deletingLastPathComponent().appendingPathComponent("\(staging.lastPathComponent)-\(name)")
    }

    /// Undoes an interrupted write: the staging folder goes, and if the swap was half done the old
    /// site moves back. Safe to call from a signal handler's queue at any moment of `write`.
    public static func abort(output: String) {
        aborting = true
        let (staging, retired, target) = workFolders(besides: output)
        let fm = FileManager.default
        // The writer may be creating a file right now and recreate the folder; it checks `aborting`
        // before the next one, so clean up, give it a moment to stop, and clean up again.
        for attempt in 0..<3 {
            if !fm.fileExists(atPath: target.path) && fm.fileExists(atPath: retired.path) {
                try? fm.moveItem(at: retired, to: target)
            }
            try? fm.removeItem(at: staging)
            try? fm.removeItem(at: retired)
            // Side folders: the staging folder's name and a suffix.
            let parent = staging.deletingLastPathComponent()
            for entry in (try? fm.contentsOfDirectory(atPath: parent.path)) ?? []
            where entry.hasPrefix(staging.lastPathComponent + "-") {
                try? fm.removeItem(at: parent.appendingPathComponent(entry))
            }
            if attempt < 2 { usleep(50_000) }
        }
    }

    /// Prefix of the temporary folders, so a later run can remove leftovers of a killed one.
    public static let stagingMarker = ".churnsite-staging-"

    /// Writes `site` to `output`, replacing what was there only once everything is written.
    ///
    /// `willSwap` runs after the files are staged and before the swap, with the staging folder: the
    /// CLI writes the warehouse into it there, and checks for an interrupt at the last safe moment.
    public static func write(_ site: SiteFiles, to output: String, willSwap: (URL) throws -> Void = { _ in }) throws {
        let fm = FileManager.default
        let (staging, retired, target) = workFolders(besides: output)
        try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? fm.removeItem(at: staging)
        try? fm.removeItem(at: retired)
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            var made: Set<String> = []
            for path in site.paths {
                if aborting { throw SiteError(step: "writing the site", message: "interrupted") }
                let url = staging.appendingPathComponent(path)
                let dir = url.deletingLastPathComponent().path
                if !made.contains(dir) {
                    try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
                    made.insert(dir)
                }
                try site.place(path, at: url.path)
            }
            // Keep the placeholder git tracks in an empty Output/.
            if fm.fileExists(atPath: target.appendingPathComponent(".gitkeep").path) {
                try writeFile([], to: staging.appendingPathComponent(".gitkeep").path)
            }
            try willSwap(staging)
            if aborting { throw SiteError(step: "writing the site", message: "interrupted") }
            if fm.fileExists(atPath: target.path) {
                try fm.moveItem(at: target, to: retired)
            }
            do {
                try fm.moveItem(at: staging, to: target)
            } catch {
                try? fm.moveItem(at: retired, to: target)
                throw error
            }
            try? fm.removeItem(at: retired)
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
    }

    /// Writes `bytes` to a new file at `path` with plain POSIX calls: the staging folder is private
    /// until the swap, so the per-file temporary copy, rename and fsync of Foundation's atomic write
    /// (a third of the write stage for 650 files) buy nothing.
    static func writeFile(_ bytes: [UInt8], to path: String) throws {
        try bytes.withUnsafeBufferPointer { try writeFile($0, to: path) }
    }

    static func writeFile(_ bytes: UnsafeBufferPointer<UInt8>, to path: String) throws {
        let fd = try create(path, step: "writing the site")
        defer { close(fd) }
        let failure = writeAll(bytes, to: fd)
        guard failure == 0 else {
            throw SiteError(
                step: "writing the site", path: path, message: "the file cannot be written (errno \(failure))")
        }
    }

    /// Creates (or truncates) the file at `path` for writing; its descriptor.
    static func create(_ path: String, step: String) throws -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw SiteError(step: step, path: path, message: "the file cannot be created (errno \(errno))")
        }
        return fd
    }

    /// Writes all of `bytes` to `fd`, retrying short and interrupted writes; 0, or the errno of
    /// the write that failed.
    static func writeAll(_ bytes: UnsafeBufferPointer<UInt8>, to fd: Int32) -> Int32 {
        var done = 0
        while done < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return errno == 0 ? EIO : errno }
            done += n
        }
        return 0
    }

    /// Removes staging folders left beside `output` by runs that were killed.
    public static func removeLeftovers(besides output: String) {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: output).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let prefix = "\(stagingMarker)\(target.lastPathComponent)-"
        for entry in (try? fm.contentsOfDirectory(atPath: parent.path)) ?? [] where entry.hasPrefix(prefix) {
            try? fm.removeItem(at: parent.appendingPathComponent(entry))
        }
    }
}

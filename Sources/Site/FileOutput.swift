import Foundation
import Hashing

/// One file of the site written piece by piece: straight to disk in a spill folder (one of
/// `SiteWriter.sideFolder`'s, so an interrupt or the next run removes it), hashed on the way, so
/// the site keeps only its path and digest rather than its bytes; without a folder, into memory.
///
/// The customer index and the customer table are most of a big site: on ten million customers,
/// holding them in memory until the write stage cost about 3 GB.
public final class FileOutput {
    /// Where the file lies until the site is written, or nil when it is kept in memory.
    let url: URL?
    private var fd: Int32 = -1
    private var buffer: [UInt8] = []
    private var hasher = SHA256()
    private var failure: Int32 = 0

    /// Flushed to disk in pieces of this many bytes.
    public static let chunk = 1 << 20

    /// A new file for site path `path`, in `folder` or (nil) in memory.
    public init(_ path: String, in folder: URL?) throws {
        buffer.reserveCapacity(4096)
        guard let folder else {
            url = nil
            return
        }
        let url = folder.appendingPathComponent(path)
        self.url = url
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        fd = try SiteWriter.create(url.path, step: "rendering the site")
    }

    /// Appends the UTF-8 of `text`.
    public func write(_ text: String) {
        var text = text
        text.withUTF8 { write($0) }
    }

    /// Appends `bytes`.
    public func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        buffer.append(contentsOf: bytes)
        if url != nil && buffer.count >= Self.chunk { flush() }
    }

    private func flush() {
        buffer.withUnsafeBufferPointer { b in
            hasher.update(b)
            if failure == 0 { failure = SiteWriter.writeAll(b, to: fd) }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Ends the file: what the site holds for it.
    func finish() throws -> SiteFiles.Content {
        guard let url else { return .bytes(buffer) }
        flush()
        close(fd)
        fd = -1
        if failure != 0 {
            throw SiteError(
                step: "rendering the site", path: url.path, message: "the file cannot be written (errno \(failure))")
        }
        return .file(url, sha256: hasher.hex())
    }

    deinit { if fd >= 0 { close(fd) } }
}

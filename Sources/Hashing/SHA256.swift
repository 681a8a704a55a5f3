import Crypto
import TextFormat

/// SHA-256, streaming, as lowercase hex: the manifest's digest of every input and output file.
///
/// A thin wrapper over swift-crypto (BoringSSL on Linux), which uses the CPU's SHA extensions where
/// present: hashing the inputs while they are read and the outputs before the swap costs a few
/// hundredths of a second instead of a second on an Olist-sized build.
public struct SHA256: Sendable {
    private var hasher = Crypto.SHA256()

    /// A new hash.
    public init() {}

    /// Adds bytes.
    public mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
        hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
    }

    /// Adds bytes.
    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { update($0) } }

    /// The digest as 64 lowercase hex digits (the hash can go on being updated).
    public func hex() -> String { Hex.string(Array(hasher.finalize())) }

    /// The digest of `bytes` as 64 lowercase hex digits.
    public static func hex(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var h = SHA256()
        h.update(bytes)
        return h.hex()
    }

    /// The digest of `bytes` as 64 lowercase hex digits.
    public static func hex(_ bytes: [UInt8]) -> String { bytes.withUnsafeBufferPointer { hex($0) } }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension SHA256 {
    /// The digest of the file at `path`; nil when it cannot be read.
    ///
    /// The file is mapped and hashed in place, 8 MiB at a time, each piece let go of once
    /// hashed: reading it through a buffer copied every byte once more (a third of the time for a
    /// 12 GB warehouse). A file that cannot be mapped is read in 1 MiB pieces; memory stays flat
    /// whatever its size either way.
    public static func hex(fileAt path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        let size = Int(info.st_size)
        if size > 0, let digest = mappedHex(fd, size: size) { return digest }
        return readHex(fd)
    }

    /// The digest of the first `size` bytes of `fd`, through a map; nil when it cannot be mapped.
    static func mappedHex(_ fd: Int32, size: Int) -> String? {
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else { return nil }
        defer { munmap(base, size) }
        _ = madvise(base, size, MADV_SEQUENTIAL)
        var hash = SHA256()
        let piece = 8 << 20
        var offset = 0
        while offset < size {
            let n = min(piece, size - offset)
            let start = base + offset
            hash.update(UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: n))
            // Hashed pages go from this process's map (the page cache keeps them).
            _ = madvise(start, n, MADV_DONTNEED)
            offset += n
        }
        return hash.hex()
    }

    /// The digest of what remains to read of `fd`, in 1 MiB pieces through a buffer (the way
    /// `hex(fileAt:)` takes for a file it cannot map); nil on a read error.
    public static func readHex(_ fd: Int32) -> String? {
        var hash = SHA256()
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 20)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { return nil }
            if n == 0 { return hash.hex() }
            hash.update(UnsafeBufferPointer(rebasing: buffer[0..<n]))
        }
    }
}

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
    /// The digest of the file at `path`, read in 1 MiB pieces (memory stays flat whatever its
    /// size); nil when it cannot be read.
    public static func hex(fileAt path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
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

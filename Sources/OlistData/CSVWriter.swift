import Foundation

/// A buffered CSV writer that reproduces the Olist export's quoting: ids quoted only when they
/// start with a digit, zip prefixes always quoted, text quoted when it needs to be.
public final class CSVWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let lineEnd: [UInt8]

    /// Creates (or truncates) `path`; `crlf` and `bom` reproduce the translation file's quirks.
    public init(path: String, crlf: Bool = false, bom: Bool = false) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw OlistError(.io, file: path, message: "cannot create the file")
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        lineEnd = crlf ? [0x0D, 0x0A] : [0x0A]
        buffer.reserveCapacity(1 << 20)
        if bom { buffer += [0xEF, 0xBB, 0xBF] }
    }

    /// One field as it should appear in the file.
    public enum Field {
        case id(OlistID)
        case zip(ZipPrefix)
        case text(String)
        case raw(String)
        case quoted(String)
        case empty
    }

    /// Writes one record.
    public func write(_ fields: [Field]) throws {
        for (i, f) in fields.enumerated() {
            if i > 0 { buffer.append(0x2C) }
            switch f {
            case .id(let id):
                let s = id.description
                if let c = s.utf8.first, (0x30...0x39).contains(c) { quote(s) } else { buffer += s.utf8 }
            case .zip(let z): quote(z.description)
            case .quoted(let s): quote(s)
            case .raw(let s): buffer += s.utf8
            case .text(let s):
                if s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                    quote(s)
                } else {
                    buffer += s.utf8
                }
            case .empty: break
            }
        }
        buffer += lineEnd
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func quote(_ s: String) {
        buffer.append(0x22)
        for b in s.utf8 {
            if b == 0x22 { buffer.append(0x22) }
            buffer.append(b)
        }
        buffer.append(0x22)
    }

    /// Writes out what is buffered.
    public func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file.
    public func close() throws {
        try flush()
        try handle.close()
    }
}

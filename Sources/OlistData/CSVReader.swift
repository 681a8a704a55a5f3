import Hashing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A streaming RFC 4180 reader over bytes.
///
/// It accepts quoted fields with commas, doubled quotes and line breaks, CRLF or LF line ends, an
/// optional UTF-8 BOM, and skips blank lines. Memory is one buffer plus the largest record, whatever
/// the file's size. Errors carry the file name, line and column.
public struct CSVReader: ~Copyable {
    /// Default read size: large enough that system calls do not dominate.
    public static let defaultBufferSize = 1 << 20

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    private let file: String
    private var fd: Int32
    private let ownsDescriptor: Bool
    private var memory: [UInt8]?
    private var memoryOffset = 0
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private var bufferCount = 0
    private var position = 0
    private var atEOF = false
    private var started = false
    private var line = 1
    private var lineStart = 0  // absolute byte offset of the current line's first byte
    private var consumed = 0  // absolute byte offset of buffer[0]
    private var hasher = SHA256()
    /// Whether the file's pages leave the page cache once it is read to the end (see `init`).
    private let dropsCacheAtEnd: Bool
    /// SHA-256 of every byte read so far (the whole file once `next` has returned `false`).
    public var sha256: String { hasher.hex() }
    /// Total bytes read so far, for progress reporting.
    public var bytesRead: Int { consumed + position }

    /// Opens `path` for reading; `file` names it in errors. With `dropsCacheAtEnd`, reaching the
    /// end of the file tells the kernel its pages will not be needed again (a big build reads
    /// gigabytes it never reads twice, and the page cache they filled crowded out the warehouse
    /// being written); the rows read are the same either way.
    public init(
        path: String, file: String? = nil, bufferSize: Int = CSVReader.defaultBufferSize, dropsCacheAtEnd: Bool = false
    ) throws(OlistError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw OlistError(.missingFile, file: file ?? path, message: "cannot open \(path) for reading")
        }
        self.file = file ?? path
        self.fd = fd
        self.ownsDescriptor = true
        self.dropsCacheAtEnd = dropsCacheAtEnd
        self.buffer = .allocate(capacity: max(1, bufferSize))
    }

    /// Reads from bytes in memory, `bufferSize` bytes at a time (small sizes exercise boundaries).
    public init(bytes: [UInt8], file: String = "<memory>", bufferSize: Int = CSVReader.defaultBufferSize) {
        self.file = file
        self.fd = -1
        self.ownsDescriptor = false
        self.dropsCacheAtEnd = false
        self.memory = bytes
        self.buffer = .allocate(capacity: max(1, bufferSize))
    }

    deinit {
        if ownsDescriptor { close(fd) }
        buffer.deallocate()
    }

    private mutating func refill() throws(OlistError) {
        consumed += bufferCount
        position = 0
        bufferCount = 0
        if let memory {
            let n = min(buffer.count, memory.count - memoryOffset)
            if n > 0 {
                memory.withUnsafeBufferPointer { src in
                    buffer.baseAddress!.update(from: src.baseAddress! + memoryOffset, count: n)
                }
                memoryOffset += n
            }
            bufferCount = n
        } else {
            var n = 0
            repeat {
                n = read(fd, buffer.baseAddress, buffer.count)
            } while n < 0 && errno == EINTR
            guard n >= 0 else {
                throw OlistError(.io, file: file, line: line, message: "read failed (errno \(errno))")
            }
            bufferCount = n
            #if os(Linux)
                if n == 0 && dropsCacheAtEnd { _ = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) }
            #endif
        }
        if bufferCount == 0 { atEOF = true }
        hasher.update(UnsafeBufferPointer(start: buffer.baseAddress, count: bufferCount))
    }

    /// Reads the next record into `record`; returns `false` at the end of the input.
    public mutating func next(into record: inout CSVRecord) throws(OlistError) -> Bool {
        record.reset()
        if !started {
            started = true
            try refill()
            // Skip a UTF-8 byte order mark; it may straddle a tiny buffer, so look byte by byte.
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            var matched = 0
            while matched < 3 {
                if position == bufferCount {
                    if atEOF { break }
                    try refill()
                    if atEOF { break }
                }
                let b = buffer[position]
                guard b == bom[matched] else { break }
                position += 1
                matched += 1
            }
            if matched > 0 && matched < 3 {
                throw OlistError(
                    .badEncoding, file: file, line: 1, column: 1,
                    message: "the file starts with an incomplete byte order mark")
            }
            lineStart = consumed + position
        }

        var state = State.fieldStart
        var quoteLine = 0
        var quoteColumn = 0
        while true {
            if position == bufferCount {
                if atEOF { break }
                try refill()
                if atEOF { break }
            }
            if state == .fieldStart && record.count == 0 {
                switch plainLine(into: &record) {
                case .record: return true
                case .blank: continue
                case .other: break
                }
            }
            // Scan the buffer with a raw pointer: this loop is the hottest in the program.
            let buf = UnsafeBufferPointer(buffer)
            var i = position
            let end = bufferCount
            do {
                defer { position = i }
                while i < end {
                    let b = buf[i]
                    switch state {
                    case .fieldStart:
                        if b == 0x2C {  // ,
                            beginField(&record, at: i)
                            endField(&record)
                        } else if b == 0x22 {  // "
                            beginField(&record, at: i)
                            quoteLine = line
                            quoteColumn = consumed + i - lineStart + 1
                            state = .quoted
                        } else if b == 0x0A || b == 0x0D {
                            if record.count > 0 {
                                beginField(&record, at: i)
                                endField(&record)
                            }
                            if b == 0x0A { newLine(at: i) }
                            i += 1
                            if record.count > 0 { return true }
                            continue
                        } else {
                            beginField(&record, at: i)
                            record.append(b)
                            state = .unquoted
                        }
                    case .unquoted:
                        if b == 0x2C {
                            endField(&record)
                            state = .fieldStart
                        } else if b == 0x0A || b == 0x0D {
                            endField(&record)
                            if b == 0x0A { newLine(at: i) }
                            i += 1
                            return true
                        } else if b == 0x22 {
                            throw OlistError(
                                .malformedCSV, file: file, line: line, column: consumed + i - lineStart + 1,
                                message:
                                    "a quote inside an unquoted field; quote the whole field and double the inner quotes"
                            )
                        } else {
                            // Copy the run of ordinary bytes at once.
                            var j = i + 1
                            while j < end {
                                let c = buf[j]
                                if c == 0x2C || c == 0x0A || c == 0x0D || c == 0x22 { break }
                                j += 1
                            }
                            record.append(UnsafeBufferPointer(rebasing: buf[i..<j]))
                            i = j
                            continue
                        }
                    case .quoted:
                        if b == 0x22 {
                            state = .quoteInQuoted
                        } else if b == 0x0A {
                            newLine(at: i)
                            record.append(b)
                        } else {
                            // Copy the run up to the next quote or line break at once.
                            var j = i + 1
                            while j < end {
                                let c = buf[j]
                                if c == 0x22 || c == 0x0A { break }
                                j += 1
                            }
                            record.append(UnsafeBufferPointer(rebasing: buf[i..<j]))
                            i = j
                            continue
                        }
                    case .quoteInQuoted:
                        if b == 0x22 {
                            record.append(0x22)
                            state = .quoted
                        } else if b == 0x2C {
                            endField(&record)
                            state = .fieldStart
                        } else if b == 0x0A || b == 0x0D {
                            endField(&record)
                            if b == 0x0A { newLine(at: i) }
                            i += 1
                            return true
                        } else {
                            throw OlistError(
                                .malformedCSV, file: file, line: line, column: consumed + i - lineStart + 1,
                                message:
                                    "unexpected character after a closing quote; a quote inside a quoted field must be doubled"
                            )
                        }
                    }
                    i += 1
                }
            }
        }
        // End of input.
        switch state {
        case .quoted:
            throw OlistError(
                .malformedCSV, file: file, line: quoteLine, column: quoteColumn,
                message: "unterminated quoted field: the closing quote is missing")
        case .unquoted, .quoteInQuoted:
            endField(&record)
        case .fieldStart:
            if record.count > 0 {
                beginField(&record, at: position)
                endField(&record)
            }
        }
        return record.count > 0
    }

    private enum PlainLine { case record, blank, other }

    /// The fast path, at the start of a record, when the buffer holds the whole line: nearly every
    /// line of the Olist files. A line without quotes is the record as it stands: its bytes go in
    /// with one copy, and the commas, found with `memchr`, end the fields. A line whose quoted
    /// fields are simple (no doubled quote, no line break, a comma or the line's end after the
    /// closing quote) goes in field by field. Returns `.blank` after consuming an empty line's
    /// break, and `.other`, having consumed nothing, for anything else (a quote to unescape, a
    /// record over several lines, a line the buffer does not hold, an error to report), which the
    /// byte-by-byte reader then takes.
    private mutating func plainLine(into record: inout CSVRecord) -> PlainLine {
        let base = UnsafeRawPointer(buffer.baseAddress!)
        let start = position
        guard let lf = memchr(base + start, 0x0A, bufferCount - start) else { return .other }
        var end = base.distance(to: lf)
        // A CR ends a record too (the LF after it is then a blank line).
        if let cr = memchr(base + start, 0x0D, end - start) { end = base.distance(to: cr) }
        if end == start {
            if buffer[end] == 0x0A { newLine(at: end) }
            position = end + 1
            return .blank
        }
        /// The first `byte` at or after `i` in the line, or `end`.
        @inline(__always) func find(_ byte: UInt8, from i: Int) -> Int {
            memchr(base + i, Int32(byte), end - i).map { base.distance(to: $0) } ?? end
        }
        @inline(__always) func quote(from i: Int) -> Int { find(0x22, from: i) }
        @inline(__always) func comma(from i: Int) -> Int { find(0x2C, from: i) }
        let (line, consumed, lineStart) = (line, consumed, lineStart)
        @inline(__always) func place(_ i: Int) -> Int { Self.place(i, line: line, consumed: consumed, lineStart: lineStart) }
        let length = end - start
        let source = UnsafePointer(buffer.baseAddress!)
        var nextQuote = quote(from: start)
        let read = record.write(bytes: length + 1, fields: length + 1) { bytes, ends, starts in
            var n = 0
            var field = start
            if nextQuote == end {
                bytes.update(from: source + start, count: length)
                while true {
                    let next = comma(from: field)
                    starts[n] = place(field)
                    ends[n] = next - start
                    n += 1
                    if next == end { return (length, n) }
                    field = next + 1
                }
            }
            var used = 0
            while true {
                starts[n] = place(field)
                let next: Int
                if field < end && source[field] == 0x22 {
                    let close = quote(from: field + 1)
                    // A doubled quote, a quote not closed on this line, or text after the closing
                    // quote: the byte-by-byte reader unescapes or reports it.
                    guard close < end, close + 1 == end || source[close + 1] == 0x2C else { return nil }
                    (bytes + used).update(from: source + field + 1, count: close - field - 1)
                    used += close - field - 1
                    next = close + 1
                    nextQuote = next < end ? quote(from: next) : end
                } else {
                    next = comma(from: field)
                    // A quote inside an unquoted field is an error, which that reader reports.
                    guard nextQuote >= next else { return nil }
                    (bytes + used).update(from: source + field, count: next - field)
                    used += next - field
                }
                ends[n] = used
                bytes[used] = 0x2C
                used += 1
                n += 1
                if next == end { return (used, n) }
                field = next + 1
            }
        }
        guard read else { return .other }
        if buffer[end] == 0x0A { newLine(at: end) }
        position = end + 1
        return .record
    }

    /// Where buffer index `i` lies, as `CSVRecord.starts` holds it: the line in the high 32 bits,
    /// the 1-based column in the low 32 (columns past 2^32 bytes in one line are clamped; only
    /// error messages read them).
    @inline(__always)
    private static func place(_ i: Int, line: Int, consumed: Int, lineStart: Int) -> Int {
        line << 32 | min(consumed + i - lineStart + 1, 0xFFFF_FFFF)
    }

    @inline(__always)
    private func beginField(_ record: inout CSVRecord, at i: Int) {
        record.begin(at: Self.place(i, line: line, consumed: consumed, lineStart: lineStart))
    }

    /// Ends a field the byte-by-byte reader unescaped; a separator byte follows it, so that fields
    /// lie in `bytes` as in a plain line (see `CSVRecord.field`).
    @inline(__always)
    private func endField(_ record: inout CSVRecord) { record.end() }

    @inline(__always)
    private mutating func newLine(at i: Int) {
        line += 1
        lineStart = consumed + i + 1
    }
}

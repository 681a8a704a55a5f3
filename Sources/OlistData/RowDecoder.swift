import CivilDate
import Foundation

/// Typed access to the fields of one CSV record, by the table's column order, with errors that name
/// the file, line, column and value.
public struct RowDecoder: ~Copyable {
    /// The table being read.
    public let table: OlistTable
    /// The current record.
    public internal(set) var record = CSVRecord()
    /// Position in the record of each of the table's columns.
    let positions: [Int]
    let headerCount: Int

    init(table: OlistTable, header: CSVRecord) throws(OlistError) {
        self.table = table
        var names: [String] = []
        for i in 0..<header.count {
            guard let name = header.string(i) else {
                throw OlistError(
                    .badEncoding, file: table.fileName, line: header.line(i), column: header.column(i),
                    message: "the header is not valid UTF-8")
            }
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            if names.contains(trimmed) {
                throw OlistError(
                    .badHeader, file: table.fileName, line: header.line(i), column: header.column(i),
                    columnName: trimmed, message: "the header names a column twice")
            }
            names.append(trimmed)
        }
        var positions: [Int] = []
        for column in table.columns {
            guard let p = names.firstIndex(of: column) else {
                throw OlistError(
                    .missingColumn, file: table.fileName, line: header.line, columnName: column,
                    message:
                        "the header has no column \"\(column)\"; expected the columns \(table.columns.joined(separator: ","))"
                )
            }
            positions.append(p)
        }
        self.positions = positions
        self.headerCount = header.count
    }

    /// Line where the current record starts.
    public var line: Int { record.line }

    func checkFieldCount() throws(OlistError) {
        guard record.count == headerCount else {
            throw OlistError(
                .wrongFieldCount, file: table.fileName, line: record.line, column: 1,
                message: "expected \(headerCount) fields as in the header, found \(record.count)")
        }
    }

    private func fail(_ c: Int, _ message: String) -> OlistError {
        let p = positions[c]
        return OlistError(
            .badValue, file: table.fileName, line: record.line(p), column: record.column(p),
            columnName: table.columns[c], value: String(decoding: record.field(p), as: UTF8.self), message: message)
    }

    /// Whether column `c` is empty.
    public func isEmpty(_ c: Int) -> Bool { record.isEmpty(positions[c]) }

    /// Column `c` as a 32-hex-digit id.
    public func id(_ c: Int) throws(OlistError) -> OlistID {
        guard let v = OlistID(record.field(positions[c])) else {
            throw fail(c, "expected a 32-character lowercase hexadecimal id")
        }
        return v
    }

    /// Column `c` as a `yyyy-MM-dd HH:mm:ss` timestamp.
    public func timestamp(_ c: Int) throws(OlistError) -> Timestamp {
        guard let v = FieldParser.timestamp(record.field(positions[c])) else {
            throw fail(c, isEmpty(c) ? "a timestamp is required here" : "expected a timestamp as yyyy-MM-dd HH:mm:ss")
        }
        return v
    }

    /// Column `c` as an optional timestamp (empty = missing).
    public func optionalTimestamp(_ c: Int) throws(OlistError) -> Timestamp? {
        isEmpty(c) ? nil : try timestamp(c)
    }

    /// Column `c` as a decimal number.
    public func double(_ c: Int) throws(OlistError) -> Double {
        guard let v = FieldParser.double(record.field(positions[c])) else {
            throw fail(c, isEmpty(c) ? "a number is required here" : "expected a decimal number such as 123.45")
        }
        return v
    }

    /// Column `c` as a whole number.
    public func int(_ c: Int) throws(OlistError) -> Int {
        guard let v = FieldParser.int(record.field(positions[c])) else {
            throw fail(c, isEmpty(c) ? "a whole number is required here" : "expected a whole number")
        }
        return v
    }

    /// Column `c` as an optional whole number (empty = missing).
    public func optionalInt(_ c: Int) throws(OlistError) -> Int? {
        isEmpty(c) ? nil : try int(c)
    }

    /// Column `c` as a five-digit zip prefix.
    public func zip(_ c: Int) throws(OlistError) -> ZipPrefix {
        guard let v = ZipPrefix(record.field(positions[c])) else {
            throw fail(c, "expected a zip code prefix of up to 5 digits")
        }
        return v
    }

    /// Column `c` as UTF-8 text; empty is allowed.
    public func text(_ c: Int) throws(OlistError) -> String {
        String(decoding: try textBytes(c), as: UTF8.self)
    }

    /// Column `c`'s bytes, checked to be UTF-8 text (`text` without making a String).
    func textBytes(_ c: Int) throws(OlistError) -> ArraySlice<UInt8> {
        let f = record.field(positions[c])
        guard f.allSatisfy({ $0 < 0x80 }) || String(validating: f, as: UTF8.self) != nil else {
            throw fail(c, "the text is not valid UTF-8")
        }
        return f
    }

    /// Column `c`'s bytes, checked to be a two-letter state code (as `state`).
    func stateBytes(_ c: Int) throws(OlistError) -> ArraySlice<UInt8> {
        let f = record.field(positions[c])
        guard f.count == 2, f.allSatisfy({ (0x41...0x5A).contains($0) }) else {
            throw fail(c, "expected a two-letter state code such as SP")
        }
        return f
    }

    /// Column `c` as optional UTF-8 text (empty = missing).
    public func optionalText(_ c: Int) throws(OlistError) -> String? {
        isEmpty(c) ? nil : try text(c)
    }

    /// Column `c` as required, non-empty text.
    public func requiredText(_ c: Int) throws(OlistError) -> String {
        guard !isEmpty(c) else { throw fail(c, "a value is required here") }
        return try text(c)
    }

    /// Column `c` as a two-letter Brazilian state code.
    public func state(_ c: Int) throws(OlistError) -> String {
        String(decoding: try stateBytes(c), as: UTF8.self)
    }

    /// Column `c` as one of the values of a `String`-backed enum.
    public func choice<E: RawRepresentable & CaseIterable>(_ c: Int, as: E.Type) throws(OlistError) -> E
    where E.RawValue == String {
        let s = String(decoding: record.field(positions[c]), as: UTF8.self)
        guard let v = E(rawValue: s) else {
            throw fail(c, "expected one of " + E.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return v
    }
}

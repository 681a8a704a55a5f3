/// The entry point of the fuzz target: every way churnsite decodes bytes, on arbitrary bytes.
public enum Fuzzing {
    /// Reads `input` as CSV with several buffer sizes and as each of the nine tables (with and
    /// without that table's header in front). Errors are expected; crashes and hangs are bugs.
    public static func run(_ input: [UInt8]) {
        var reference: [[UInt8]]? = nil
        for size in [1, 7, 4096] {
            var reader = CSVReader(bytes: input, file: "fuzz.csv", bufferSize: size)
            var record = CSVRecord()
            var fields: [[UInt8]] = []
            do {
                while try reader.next(into: &record) {
                    for i in 0..<record.count { fields.append(Array(record.field(i))) }
                }
            } catch {
                fields = [[0xFF]]  // errors compare equal across buffer sizes too
            }
            // The same records whatever the buffer size: a mismatch is a reader bug.
            if let reference {
                precondition(reference == fields, "buffer size \(size) changed the records")
            } else {
                reference = fields
            }
        }
        for table in OlistTable.allCases {
            _ = try? TableLoader.decode(table, bytes: input, bufferSize: 64)
            let header = Array(table.columns.map { "\"\($0)\"" }.joined(separator: ",").utf8) + [0x0A]
            _ = try? TableLoader.decode(table, bytes: header + input, bufferSize: 64)
        }
    }
}

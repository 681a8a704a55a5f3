import Charts
import Foundation
import OlistData

/// Wall time and peak memory of each stage of a build.
final class StageClock: @unchecked Sendable {
    private let lock = NSLock()
    private var stages: [(name: String, seconds: Double, peakBytes: Int)] = []
    /// Data rows in the input files (for rows per second).
    var inputRows = 0

    func record(_ name: String, _ seconds: Double) {
        lock.withLock { stages.append((name, seconds, Console.peakMemory())) }
    }

    /// A table for stderr.
    func table(total: Double) -> String {
        lock.withLock {
            // Names shown whole: the column is as wide as the longest.
            let width = max(34, (stages.map(\.name.count).max() ?? 0) + 2)
            func row(_ name: String, _ seconds: Double, _ peakBytes: Int) -> String {
                name.padding(toLength: width, withPad: " ", startingAt: 0)
                    + String(format: "%9.3f %9d", seconds, peakBytes / 1_048_576)
            }
            var out = "stage".padding(toLength: width + 2, withPad: " ", startingAt: 0) + "seconds   peak MB\n"
            for s in stages { out += row(s.name, s.seconds, s.peakBytes) + "\n" }
            return out + row("total", total, Console.peakMemory())
        }
    }

    /// data/build.json.
    func json(total: Double) -> String {
        lock.withLock {
            let rows = stages.map {
                "    {\"stage\": \"\($0.name)\", \"seconds\": \(String(format: "%.4f", $0.seconds)), \"peak_bytes\": \($0.peakBytes)}"
            }
            return
                "{\n  \"total_seconds\": \(String(format: "%.4f", total)),\n  \"peak_bytes\": \(Console.peakMemory()),\n  \"input_rows\": \(inputRows),\n  \"stages\": [\n"
                + rows.joined(separator: ",\n") + "\n  ]\n}\n"
        }
    }
}

/// A live "read" line on a terminal: percent of bytes, rows per second, per table.
final class ReadProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var done: [OlistTable: (bytes: Int, rows: Int)] = [:]
    private let start = Console.now()
    private var last = 0.0
    private let total: Int

    init(data: String) {
        total = OlistTable.allCases.reduce(0) { sum, t in
            sum
                + ((try? FileManager.default.attributesOfItem(
                    atPath: (data as NSString).appendingPathComponent(t.fileName))[.size] as? Int) ?? 0)
        }
    }

    func report(_ table: OlistTable, _ bytes: Int, _ size: Int, _ rows: Int) {
        lock.withLock {
            done[table] = (bytes, rows)
            let now = Console.now()
            guard now - last > 0.1 else { return }
            last = now
            let read = done.values.reduce(0) { $0 + $1.bytes }
            let rows = done.values.reduce(0) { $0 + $1.rows }
            let share = total > 0 ? Double(read) / Double(total) : 0
            let seconds = max(now - start, 1e-6)
            Console.progress(
                "read: \(Int(share * 100))% of \(total / 1_048_576) MB, \(Format.integer(Int(Double(rows) / seconds))) rows/s, \(String(format: "%.0f", Double(read) / seconds / 1_048_576)) MB/s, \(table.fileName)"
            )
        }
    }
}

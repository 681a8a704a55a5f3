import Foundation

extension FeatureTable {
    /// Reads a numeric CSV with a header whose last column is the 0/1 label (the parity fixtures'
    /// format); `nil` when the file is missing or malformed.
    public static func numericCSV(path: String) -> FeatureTable? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        var lines = text.split(whereSeparator: \.isNewline)
        guard !lines.isEmpty else { return nil }
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        let featureCount = header.count - 1
        guard featureCount >= 1 else { return nil }
        var columns = [[Double]](repeating: [], count: featureCount)
        var labels: [UInt8] = []
        for line in lines {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count == header.count, let y = UInt8(f[featureCount]), y <= 1 else { return nil }
            for i in 0..<featureCount {
                guard let v = Double(f[i]) else { return nil }
                columns[i].append(v)
            }
            labels.append(y)
        }
        return FeatureTable(names: Array(header.prefix(featureCount)), columns: columns, labels: labels)
    }
}

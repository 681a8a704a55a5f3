import Foundation
import Seeded
import Testing
import TextFormat

@testable import ChurnsiteCLI

@Suite struct FixedTests {
    /// Values printf rounds in ways a naive `(v * 100).rounded()` gets wrong, and edge cases.
    static let awkward: [Double] = [
        0, -0.0, 0.125, 0.375, -0.125, 1.005, 2.675, 1.115, 0.045, 1e-9, -1e-9, -0.004, -0.005, 0.5, 1.5, 2.5,
        -2.5, 99.995, 123_456_789.125, 9_007_199_254_740_993, 1e300, -1e300, 4.35, 0.1 + 0.2, 1234.5678,
        .infinity, -.infinity, .nan, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 45_035_996.273_704_96,
    ]

    @Test func equalsPrintfOnAwkwardValues() {
        for v in Self.awkward {
            for d in 0...9 {
                #expect(Fixed.string(v, decimals: d) == String(format: "%.\(d)f", v), "\(v) with \(d) decimals")
            }
        }
    }

    @Test func equalsPrintfOnRandomValues() {
        var rng = Xoshiro(seed: 11)
        for i in 0..<200_000 {
            // Prices in cents, ties in the third decimal, wide magnitudes and random bit patterns.
            let v: Double =
                switch i % 4 {
                case 0: Double(rng.below(10_000_000)) / 100
                case 1: (Double(rng.below(2_000_000)) + 0.5) / 1000 * (rng.below(2) == 0 ? 1 : -1)
                case 2: Double(rng.next() >> 11) / Double(1 << 53) * pow(10, Double(rng.below(30)) - 15)
                default: Double(bitPattern: rng.next())
                }
            let d = i % 10
            let want = String(format: "%.\(d)f", v)
            let got = Fixed.string(v, decimals: d)
            if got != want {
                Issue.record("\(v) (bits \(v.bitPattern)) with \(d) decimals: \(got) ≠ \(want)")
                return
            }
        }
    }
}

@Suite struct ByteWriterTests {
    /// The byte writers the big tables use give the bytes of the String forms, slow paths included.
    @Test func fixedBytesEqualFixedStrings() {
        var rng = Xoshiro(seed: 3)
        let values =
            FixedTests.awkward + (0..<20_000).map { _ in Double(bitPattern: rng.next()) }
            + (0..<20_000).map { _ in Double(rng.below(10_000_000)) / 100 }
        for v in values {
            for d in 0...9 {
                var bytes: [UInt8] = [7]
                Fixed.append(v, decimals: d, to: &bytes)
                #expect(bytes == [7] + Array(Fixed.string(v, decimals: d).utf8), "\(v) with \(d) decimals")
            }
        }
    }

    @Test(arguments: [0, 1, -1, 9, 10, -10, 99, 100, 123_456_789, Int.max, Int.min, Int.min + 1])
    func digitsEqualStringOfInt(_ v: Int) {
        var bytes: [UInt8] = []
        Digits.append(v, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == String(v))
    }

    @Test func hexBytesEqualHexStrings() {
        var rng = Xoshiro(seed: 9)
        for (high, low) in [(0, 0), (UInt64.max, UInt64.max), (1, 0)]
            + (0..<1000).map({ _ in (rng.next(), rng.next()) })
        {
            var bytes: [UInt8] = []
            Hex.append(high: high, low: low, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == Hex.string(high: high, low: low))
        }
    }
}

@Suite struct FirstKTests {
    @Test func equalsSortedPrefixIncludingTies() {
        var rng = Xoshiro(seed: 5)
        for n in [0, 1, 5, 10, 11, 200, 5000] {
            let values = (0..<n).map { _ in (rng.below(40), rng.below(1000)) }
            for k in [0, 1, 3, 10, 100, 10_000] {
                // Compare on the first component only: ties must keep their input order.
                let want = Array(values.sorted { $0.0 > $1.0 }.prefix(k))
                let got = firstK(values, k) { $0.0 > $1.0 }
                #expect(got.map(\.0) == want.map(\.0) && got.map(\.1) == want.map(\.1), "n \(n), k \(k)")
            }
        }
    }
}

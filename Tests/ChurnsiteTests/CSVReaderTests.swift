import Foundation
import Seeded
import Testing

@testable import OlistData

/// Reads every record of `text` with a given buffer size, as arrays of strings.
func records(_ text: String, bufferSize: Int = 1 << 20) throws(OlistError) -> [[String]] {
    var reader = CSVReader(bytes: Array(text.utf8), file: "t.csv", bufferSize: bufferSize)
    var record = CSVRecord()
    var out: [[String]] = []
    while try reader.next(into: &record) {
        out.append((0..<record.count).map { record.string($0)! })
    }
    return out
}

@Suite struct CSVReaderTests {
    static let cases: [(String, String, [[String]])] = [
        ("plain", "a,b,c\n1,2,3\n", [["a", "b", "c"], ["1", "2", "3"]]),
        ("no final newline", "a,b\n1,2", [["a", "b"], ["1", "2"]]),
        ("CRLF", "a,b\r\n1,2\r\n", [["a", "b"], ["1", "2"]]),
        ("BOM", "\u{FEFF}a,b\n1,2\n", [["a", "b"], ["1", "2"]]),
        ("BOM and CRLF", "\u{FEFF}a,b\r\nx,y\r\n", [["a", "b"], ["x", "y"]]),
        ("quoted comma", "a,b\n\"x,y\",2\n", [["a", "b"], ["x,y", "2"]]),
        ("doubled quotes", "a\n\"say \"\"hi\"\"\"\n", [["a"], ["say \"hi\""]]),
        ("line break in quotes", "a,b\n\"one\ntwo\",2\n", [["a", "b"], ["one\ntwo", "2"]]),
        ("CRLF in quotes", "a,b\r\n\"one\r\ntwo\",2\r\n", [["a", "b"], ["one\r\ntwo", "2"]]),
        (
            "lone CR and long runs in quotes", "a,b\n\"\(String(repeating: "x", count: 70))\ry\",\"0123\"\n",
            [["a", "b"], [String(repeating: "x", count: 70) + "\ry", "0123"]]
        ),
        ("empty fields", "a,b,c\n,,\n", [["a", "b", "c"], ["", "", ""]]),
        ("empty last field", "a,b\n1,\n", [["a", "b"], ["1", ""]]),
        ("empty quoted field", "a,b\n\"\",2\n", [["a", "b"], ["", "2"]]),
        ("blank lines skipped", "a\n\n1\n\n", [["a"], ["1"]]),
        ("accents", "city\nsão paulo\n\"goiânia, GO\"\n", [["city"], ["são paulo"], ["goiânia, GO"]]),
        ("quoted header", "\"a\",\"b\"\n\"01009\",x\n", [["a", "b"], ["01009", "x"]]),
    ]

    @Test(arguments: cases.map(\.0))
    func readsEdgeCase(_ name: String) throws {
        let (_, text, expected) = Self.cases.first { $0.0 == name }!
        #expect(try records(text) == expected)
        // Every buffer size must give the same records: records, quotes and CRLF split across reads.
        for size in [1, 2, 3, 7, 64] {
            #expect(try records(text, bufferSize: size) == expected, "buffer size \(size)")
        }
    }

    /// A line the buffer holds whole takes the fast path (plain, or with simple quoted fields);
    /// the rest go byte by byte. Both give the same fields at the same lines and columns, which
    /// error messages name.
    @Test func fastAndByteByBytePathsAgreeOnFieldsAndPlaces() throws {
        let text =
            "h1,h2,h3\r\nplain,,last\r\n\"q,1\",x,\"\"\n\n\"dou\"\"ble\",y,z\n,\"two\nlines\",w\na,b,\n\"q\",\"r\",s"
        func places(_ size: Int) throws -> [[String]] {
            var reader = CSVReader(bytes: Array(text.utf8), file: "t.csv", bufferSize: size)
            var record = CSVRecord()
            var out: [[String]] = []
            while try reader.next(into: &record) {
                out.append((0..<record.count).map { "\(record.string($0)!)@\(record.line($0)):\(record.column($0))" })
            }
            return out
        }
        let expected = [
            ["h1@1:1", "h2@1:4", "h3@1:7"], ["plain@2:1", "@2:7", "last@2:8"], ["q,1@3:1", "x@3:7", "@3:9"],
            ["dou\"ble@5:1", "y@5:12", "z@5:14"], ["@6:1", "two\nlines@6:2", "w@7:8"], ["a@8:1", "b@8:3", "@8:5"],
            ["q@9:1", "r@9:5", "s@9:9"],
        ]
        for size in [1 << 20, 1, 7, 16] { #expect(try places(size) == expected, "buffer size \(size)") }
    }

    @Test func unterminatedQuoteNamesTheOpeningPlace() {
        #expect {
            _ = try records("a,b\n1,\"open\nmore\n")
        } throws: { error in
            let e = error as! OlistError
            return e.kind == .malformedCSV && e.line == 2 && e.column == 3 && e.message.contains("unterminated")
        }
    }

    @Test func quoteInsideUnquotedFieldIsAnError() {
        #expect {
            _ = try records("a\nab\"c\n")
        } throws: { error in
            let e = error as! OlistError
            return e.kind == .malformedCSV && e.line == 2 && e.column == 3
        }
    }

    @Test func textAfterClosingQuoteIsAnError() {
        #expect {
            _ = try records("a,b\nx,\"y\"z\n")
        } throws: { error in
            (error as! OlistError).line == 2
        }
    }

    @Test func lineNumbersCountLineBreaksInsideQuotes() throws {
        var reader = CSVReader(bytes: Array("h\n\"a\nb\"\nc\n".utf8), file: "t.csv", bufferSize: 3)
        var record = CSVRecord()
        var lines: [Int] = []
        while try reader.next(into: &record) { lines.append(record.line) }
        #expect(lines == [1, 2, 4])
    }

    @Test func realExcerptReadsTheSameWithATinyBuffer() throws {
        guard Paths.sharedAvailable("the tiny-buffer comparison") else { return }
        var small = LoadOptions()
        small.bufferSize = 7
        small.threads = 1
        let a = try Dataset.load(from: Paths.olistSample.path)
        let b = try Dataset.load(from: Paths.olistSample.path, options: small)
        #expect(a.orders == b.orders)
        #expect(a.reviews == b.reviews)
        #expect(a.locations == b.locations)
        #expect(a.categoryNames == b.categoryNames)
        #expect(a.rowCounts == b.rowCounts)
    }

    /// A copy of the committed sample's files read with every table's pages dropped at the end
    /// gives the same rows; on Linux the files' pages are then out of the page cache, where a
    /// plain read leaves them.
    @Test func readingWithoutKeepingPagesGivesTheSameRowsAndLeavesNoneCached() throws {
        let folder = Paths.temporary("uncached")
        defer { try? FileManager.default.removeItem(at: folder) }
        for t in OlistTable.allCases {
            let target = folder.appendingPathComponent(t.fileName)
            try FileManager.default.copyItem(at: Paths.dataSample.appendingPathComponent(t.fileName), to: target)
            // Written back, so nothing keeps the pages dirty.
            let fd = open(target.path, O_RDONLY)
            #expect(fd >= 0 && fsync(fd) == 0)
            close(fd)
        }
        let cached = try Dataset.load(from: folder.path)
        var options = LoadOptions()
        options.uncached = Set(OlistTable.allCases)
        let uncached = try Dataset.load(from: folder.path, options: options)
        #expect(uncached.orders == cached.orders)
        #expect(uncached.items == cached.items)
        #expect(uncached.reviews == cached.reviews)
        #expect(uncached.locations == cached.locations)
        #expect(uncached.rowCounts == cached.rowCounts)
        #expect(uncached.digests == cached.digests)
        #if os(Linux)
            let orders = folder.appendingPathComponent(OlistTable.orders.fileName).path
            #expect(residentPages(orders) == 0)
            // The plain read brings them back, and keeps them.
            _ = try Dataset.reread(.orders, of: cached.summary)
            #expect(residentPages(orders) > 0)
            var last = options
            last.uncached = [.orders]
            _ = try Dataset.reread(.orders, of: cached.summary, options: last)
            #expect(residentPages(orders) == 0)
        #endif
    }

    @Test func realExcerptQuirks() throws {
        guard Paths.sharedAvailable("the real excerpt quirks test") else { return }
        let d = try Dataset.load(from: Paths.olistSample.path)
        #expect(d.rowCounts[.orders] == 1161)
        #expect(d.rowCounts[.customers] == 1161)
        // The translation file has a BOM and CRLF: its first key must not carry them.
        #expect(d.categoryNames["beleza_saude"] == "health_beauty")
        // Zip prefixes keep leading zeros.
        #expect(d.locations.first?.zip.description.hasPrefix("0") == true)
        // Review comments with line breaks survive.
        #expect(d.reviews.contains { $0.message?.contains("\n") == true })
        #expect(d.products.contains { $0.category == nil })
        #expect(d.orders.contains { $0.deliveredCustomer == nil })
    }
}

@Suite struct FieldParserTests {
    @Test(arguments: [
        "0", "1.5", "-2.25", "809.10", "-23.54693540437998", "-46.63658792659698", "1e3", "0.000001",
        "12345678901234567890.5", "1.", ".5", "+3", "-0", "0000000000000000000001.5", "9007199254740993",
        "-46.639292048001689",
    ])
    func doublesEqualTheStandardLibrary(_ text: String) {
        #expect(FieldParser.double(ArraySlice(text.utf8)) == Double(text))
    }

    @Test(arguments: ["", "abc", "1.2.3", "-", ".", "+", "1,5", "1 "])
    func badDoublesAreNil(_ text: String) {
        #expect(FieldParser.double(ArraySlice(text.utf8)) == nil)
    }

    @Test func timestamps() {
        let t = FieldParser.timestamp(ArraySlice("2017-10-02 10:56:33".utf8))
        #expect(t?.description == "2017-10-02 10:56:33")
        #expect(FieldParser.timestamp(ArraySlice("2017-02-30 10:56:33".utf8)) == nil)
        #expect(FieldParser.timestamp(ArraySlice("2017-10-02".utf8)) == nil)
        #expect(FieldParser.timestamp(ArraySlice("2017-10-02 25:00:00".utf8)) == nil)
    }

    @Test func ints() {
        #expect(FieldParser.int(ArraySlice("42".utf8)) == 42)
        #expect(FieldParser.int(ArraySlice("42.0".utf8)) == 42)
        #expect(FieldParser.int(ArraySlice("42.5".utf8)) == nil)
        #expect(FieldParser.int(ArraySlice("99999999999999999999".utf8)) == nil)
    }

    @Test func idsAndZips() {
        let id = OlistID("e481f51cbdc54678b7cc49136f2d6af7")
        #expect(id?.description == "e481f51cbdc54678b7cc49136f2d6af7")
        #expect(OlistID("E481F51CBDC54678B7CC49136F2D6AF7") == nil)
        #expect(OlistID("<script>alert(1)</script>aaaaaaa") == nil)
        // Every byte, first and last in each group of eight digits (the parser reads eight at a
        // time): only 0-9 and a-f are digits, with their values.
        let hex = Array("0123456789abcdef".utf8)
        for b in 0...255 as ClosedRange<UInt8> {
            for at in [0, 7, 8, 15, 16, 23, 24, 31] {
                var bytes = Array(repeating: UInt8(ascii: "0"), count: 32)
                bytes[at] = b
                let digit = hex.firstIndex(of: b)
                let parsed = OlistID(bytes)
                #expect((parsed != nil) == (digit != nil), "byte \(b) at \(at)")
                if let parsed, let digit {
                    let half = at < 16 ? parsed.high : parsed.low
                    #expect(half == UInt64(digit) << (4 * (15 - at % 16)))
                }
            }
        }
        // Random ids print and parse back to themselves.
        var rng = Xoshiro(seed: 5)
        for _ in 0..<1000 {
            let id = OlistID(high: rng.next(), low: rng.next())
            #expect(OlistID(id.description) == id)
        }
        // A collection without contiguous storage parses the same.
        let text = "e481f51cbdc54678b7cc49136f2d6af7"
        #expect(OlistID(text.utf8.lazy.map { $0 }) == id)
        #expect(OlistID(Array(text.utf8).dropFirst()) == nil)
        #expect(ZipPrefix(ArraySlice("01009".utf8))?.description == "01009")
        #expect(ZipPrefix(ArraySlice("1009".utf8))?.description == "01009")
        #expect(ZipPrefix(ArraySlice("123456".utf8)) == nil)
    }
}

@Suite struct FuzzRegressionTests {
    /// Every input in FuzzRegressions/ (crashes the fuzzer found, and hand-made nasty ones) must be
    /// decoded without a crash and with the same records for every buffer size.
    @Test func replayFuzzRegressions() throws {
        let dir = Paths.root.appendingPathComponent("Tests/ChurnsiteTests/FuzzRegressions")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files.count >= 4)
        for f in files { Fuzzing.run([UInt8](try Data(contentsOf: dir.appendingPathComponent(f)))) }
    }
}

@Suite struct GeolocationReducerTests {
    /// Each prefix keeps its most frequent (state, city); the same text in other bytes (a composed
    /// and a decomposed accent) counts as one place, as String equality has it.
    @Test func mostFrequentPlacePerPrefixWithEquivalentSpellings() {
        var r = GeolocationReducer()
        // The reducer takes the fields' bytes, as the loader hands them over.
        func add(_ zip: ZipPrefix, _ latitude: Double, _ longitude: Double, _ city: String, _ state: String) {
            r.add(
                zip: zip, latitude: latitude, longitude: longitude, city: ArraySlice(city.utf8),
                state: ArraySlice(state.utf8))
        }
        let zip = ZipPrefix(1037)
        let composed = "s\u{E3}o paulo"
        let decomposed = "sa\u{303}o paulo"
        #expect(Array(composed.utf8) != Array(decomposed.utf8) && composed == decomposed)
        add(zip, -23.5, -46.6, composed, "SP")
        add(zip, -23.6, -46.7, "osasco", "SP")
        add(zip, -23.7, -46.8, "osasco", "SP")
        add(zip, -23.4, -46.5, decomposed, "SP")
        add(zip, -23.5, -46.6, decomposed, "SP")
        add(zip, 40, 3, "madrid", "MA")
        add(ZipPrefix(2), -10, -50, "b", "TO")
        add(ZipPrefix(2), -10, -50, "a", "TO")
        let places = r.locations()
        #expect(places.map(\.zip) == [ZipPrefix(2), zip])
        // Three rows of São Paulo, stored as first spelled; two of Osasco.
        #expect(places[1].city == composed && Array(places[1].city.utf8) == Array(composed.utf8))
        #expect(places[1].state == "SP" && places[1].rows == 6 && places[1].rowsOutsideBrazil == 1)
        // A tie goes to the alphabetically first.
        #expect(places[0].city == "a")
    }
}

#if os(Linux)
    /// How many pages of the file at `path` are in the page cache (mincore of a fresh map).
    func residentPages(_ path: String) -> Int {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return -1 }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { return -1 }
        let size = Int(info.st_size)
        guard let base = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0), base != MAP_FAILED else { return -1 }
        defer { munmap(base, size) }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var vector = [UInt8](repeating: 0, count: (size + page - 1) / page)
        guard mincore(base, size, &vector) == 0 else { return -1 }
        return vector.reduce(0) { $0 + Int($1 & 1) }
    }
#endif

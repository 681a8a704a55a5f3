import Analytics
import Charts
import CivilDate
import Foundation
import Hashing
import OlistData
import Site
import Warehouse

/// The stages of a build, called in order, with a line per stage on stderr.
public struct Pipeline: Sendable {
    /// What a build reads and writes.
    public struct Options: Sendable {
        public var data: String
        public var output: String
        public var templates: String
        public var asOf: CivilDate?
        public var threads: Int
        public var quiet: Bool
        public var labeling: Labeling = .temporal
        public var seed: UInt64 = 42
        /// `sqlite` (Output/warehouse.sqlite), `none`, or a postgres:// address.
        public var warehouse = "sqlite"
        /// The PostgreSQL schema to load into.
        public var schema = "public"
        /// Treat data-quality warnings as errors.
        public var strict = false
        /// Print per-stage times and peak memory at the end, and record them in data/build.json.
        public var timings = false
        /// A previous run to compare with: a folder, "none", or nil for the output being replaced
        /// when it holds a summary.
        public var previous: String? = nil

        /// The previous run's folder this build compares with, if any.
        var previousFolder: URL? {
            if previous == "none" { return nil }
            let folder = URL(fileURLWithPath: previous ?? output)
            return FileManager.default.fileExists(atPath: folder.appendingPathComponent("data/summary.json").path)
                ? folder : nil
        }

        /// Build options.
        public init(data: String, output: String, templates: String, asOf: CivilDate?, threads: Int, quiet: Bool) {
            self.data = data
            self.output = output
            self.templates = templates
            self.asOf = asOf
            self.threads = threads
            self.quiet = quiet
        }
    }

    let options: Options

    /// A pipeline for these options.
    public init(options: Options) { self.options = options }

    /// Input size (bytes of CSV) from which the warehouse reads the Olist tables again rather than
    /// the build keeping their rows in memory for it.
    static let keepRowsBelow = 1 << 30

    /// Input size (bytes of CSV) from which the SQLite warehouse loads orders, items and products
    /// on a second connection. Below it (Olist's own size) the build already keeps both cores
    /// busy, and the copy would only add work. `CHURNSITE_TEST_SECOND_CONNECTION_FROM` overrides
    /// it, so the tests can build the sample both ways.
    static var secondConnectionFrom: Int {
        ProcessInfo.processInfo.environment["CHURNSITE_TEST_SECOND_CONNECTION_FROM"].flatMap { Int($0) } ?? 256 << 20
    }

    private let stageClock = StageClock()

    private func stage<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let start = Console.now()
        let value = try body()
        let seconds = Console.now() - start
        stageClock.record(name, seconds)
        if !options.quiet {
            if Console.stderrIsTerminal { Console.progress(nil) }
            Console.error(
                "\(name): \(String(format: "%.3f", seconds)) s, peak memory \(Console.peakMemory() / 1_048_576) MB")
        }
        return value
    }

    /// Runs every stage; writes the site only when all of them succeeded.
    public func run() throws {
        let started = Console.now()
        SiteWriter.removeLeftovers(besides: options.output)
        Interrupts.install(output: options.output)
        let templates = try stage("templates") { try Templates(directory: options.templates) }
        var load = LoadOptions()
        load.threads = options.threads
        if !options.quiet && Console.stderrIsTerminal {
            load.progress = ReadProgress(data: options.data).report
        }
        let postgres = try options.warehouse.hasPrefix("postgres") ? PostgresURL(options.warehouse) : nil
        // The input's size, taken before the read, decides how big inputs are handled. On big
        // inputs the files read only once leave the page cache as soon as they are read: at 10M
        // orders their 4 GB of pages stayed cached beside the 12 GB warehouse being written, and
        // the writes' system time grew from 82 s to 120 s.
        let inputBytes = Dataset.filesBytes(in: options.data)
        if inputBytes >= Self.keepRowsBelow {
            load.uncached = Set(OlistTable.allCases).subtracting(WarehouseExport.readAgainOnBigInputs)
            // The warehouse takes the reviews from their file, so their comments are not kept.
            load.keepsReviewText = !WarehouseExport.readAgainOnBigInputs.contains(.reviews)
        }
        // On big inputs the rows live only until the analysis has joined them; after that only the
        // summary stays and the warehouse reads each table again when it loads it, so memory
        // follows the customers and orders rather than the size of the files. Below
        // `Pipeline.keepRowsBelow` bytes of input the rows (then under a gigabyte) stay for the
        // warehouse, which spares it a second parse.
        var rows: Dataset? = try stage("read") { try Dataset.load(from: options.data, options: load) }
        let dataset = rows!.summary
        let kept = inputBytes < Self.keepRowsBelow ? rows : nil
        stageClock.inputRows = dataset.rowCounts.values.reduce(0, +)
        if options.strict, let w = dataset.quality.warnings.first {
            throw OlistError(
                .strictWarning, file: w.table.fileName, value: w.example,
                message: "--strict: \(Format.integer(w.count)) \(w.message)"
                    + (dataset.quality.warnings.count > 1
                        ? " (and \(dataset.quality.warnings.count - 1) more kinds of warning)" : ""))
        }
        if !options.quiet {
            for w in dataset.quality.warnings {
                Console.error(
                    "warning: \(w.table.fileName): \(Format.integer(w.count)) \(w.message) (e.g. \(w.example))")
            }
        }
        // SQLite loads beside the other stages: the Olist tables as soon as they are read, the
        // results once they exist. On big inputs orders, items and products load on a second
        // connection into files of their own, which the main load copies in at fixed points (so
        // the file is the same whatever the timing). The files wait in a folder
        // beside the output, which a later run or an interrupt removes; the warehouse moves into
        // the staged site just before the swap.
        let sqliteFolder = SiteWriter.sideFolder("warehouse", besides: options.output)
        let sqliteFile = sqliteFolder.appendingPathComponent("warehouse.sqlite")
        let concurrent = options.threads > 1
        let sqlite = options.warehouse == "sqlite"
        let useSecondConnection = inputBytes >= Self.secondConnectionFrom
        // Whatever the input's size, the tables the two connections load first come from the first
        // read's rows: each connection lets go of a table once it is in, so rows the analysis holds
        // anyway outlive it only until they are loaded. Reading them again only added copies (with
        // both connections reading, 10M orders peaked at 7.9 GB).
        let keeping = kept != nil ? Set(OlistTable.allCases) : WarehouseExport.keptOnBigInputs
        var first: [(source: OlistTable, data: TableData)] = []
        var second: [(source: OlistTable, data: TableData)] = []
        for t in WarehouseExport.rawTablesBySource(dataset, rows: rows, keeping: keeping) {
            if useSecondConnection && WarehouseExport.secondConnection.contains(t.source) {
                second.append(t)
            } else {
                first.append(t)
            }
        }
        let firstSources = first.map(\.source)
        let secondSources = second.map(\.source)
        let secondDefinitions = second.map(\.data.table)
        let secondFiles = second.map { sqliteFolder.appendingPathComponent("second-\($0.data.table.name).sqlite") }
        // Handed over, so that no reference here keeps a loaded table's rows alive.
        let firstTables = HandOff(first.map(\.data))
        let secondTables = HandOff(second.map(\.data))
        first = []
        second = []
        if sqlite { try FileManager.default.createDirectory(at: sqliteFolder, withIntermediateDirectories: true) }
        // The second connection writes each of its tables into a file of its own, which the main
        // connection copies in at a fixed point among its own tables (`WarehouseExport.copiedAfter`),
        // waiting for the file if need be: copied in all at once after the results, they were the
        // last thing the build waited for, on one core.
        let secondDone = Milestones(count: secondSources.count)
        let secondLoad =
            sqlite && !secondSources.isEmpty
            ? Background(concurrent: concurrent) {
                try stage("warehouse (SQLite, second connection: orders, items, products)") {
                    var tables = secondTables.take() ?? []
                    tables.reverse()
                    var k = 0
                    do {
                        let failAt = ProcessInfo.processInfo.environment["CHURNSITE_TEST_FAIL_SECOND_CONNECTION_AT"]
                        while !tables.isEmpty {
                            if failAt == String(k) {
                                // Test hook: the second connection fails before its table `k`.
                                throw WarehouseError(
                                    message: "writing the SQLite warehouse failed (test hook, table \(k))")
                            }
                            try SQLiteWarehouse.write([tables.removeLast()], to: secondFiles[k].path)
                            secondDone.reach(k)
                            k += 1
                        }
                    } catch {
                        secondDone.fail(from: k, error)
                        throw error
                    }
                }
            } : nil
        let sourceLoad =
            sqlite
            ? Background(concurrent: concurrent) {
                try stage("warehouse (SQLite, Olist tables)") {
                    let load = try SQLiteWarehouse.Load(path: sqliteFile.path)
                    var tables = firstTables.take() ?? []
                    tables.reverse()
                    for source in firstSources {
                        try load.add([tables.removeLast()])
                        for (k, copied) in secondSources.enumerated()
                        where WarehouseExport.copiedAfter[copied] == source {
                            try secondDone.wait(k)
                            try load.copy([secondDefinitions[k]], from: secondFiles[k].path)
                        }
                    }
                    return load
                }
            } : nil
        var resultLoad: Background<String>? = nil
        defer {
            // On a failure elsewhere, let the loads end before their folder goes.
            _ = try? resultLoad?.value()
            (try? sourceLoad?.value())?.discard()
            _ = try? secondLoad?.value()
            try? FileManager.default.removeItem(at: sqliteFolder)
        }
        let analysis = try stage("analyse") { try Analyzer.analyze(rows.take()!, asOf: options.asOf) }
        // The forecast needs only the analysis: it runs beside the model.
        let forecasting = Background(concurrent: concurrent) { stage("forecast") { ForecastStudy.run(analysis) } }
        let churn = stage("model") {
            ChurnStudy.run(analysis, labeling: options.labeling, seed: options.seed, threads: options.threads)
        }
        if !options.quiet, case .failure(let why) = churn { Console.error("warning: no churn model: \(why.reason)") }
        let forecast = try forecasting.value()
        if !options.quiet, case .failure(let why) = forecast { Console.error("warning: no forecast: \(why.reason)") }
        let tables = WarehouseExport(
            source: dataset, rows: kept, analysis: analysis, churn: try? churn.get(), forecast: try? forecast.get(),
            options: options
        )
        if let sourceLoad {
            resultLoad = Background(concurrent: concurrent) {
                let load = try sourceLoad.value()
                try stage("warehouse (SQLite, results)") { try load.add(tables.analysisTables()) }
                return try stage("warehouse (SQLite, finish: commit, hash)") {
                    if ProcessInfo.processInfo.environment["CHURNSITE_TEST_FAIL_WAREHOUSE_FINISH"] != nil {
                        // Test hook: a warehouse that fails last, while the site's files are written.
                        load.discard()
                        throw WarehouseError(message: "writing the SQLite warehouse failed (test hook)")
                    }
                    try load.finish()
                    // Hashed here, beside the rendering, rather than in the manifest at the end.
                    guard let hash = SHA256.hex(fileAt: sqliteFile.path) else {
                        throw CLIError(
                            message: "cannot read back the new warehouse \(sqliteFile.path)", status: .internalError)
                    }
                    return hash
                }
            }
        }
        // The biggest files go to disk as they are made and move into the staged site at the write.
        let spill = SiteWriter.sideFolder("files", besides: options.output)
        defer { try? FileManager.default.removeItem(at: spill) }
        let site = try stage("render") {
            var builder = ReportBuilder(
                dataset: dataset, analysis: analysis, templates: templates, dataName: options.data, churn: churn,
                forecast: forecast)
            builder.previous = options.previousFolder
            builder.spill = spill
            // Both cores for rendering, even while the warehouse still loads: waiting for the load
            // left a core idle at the end of the build.
            builder.parallel = concurrent
            return try builder.site()
        }
        // The pages' hashes, from memory, on the other core while the files are written.
        let siteHashes = Background(concurrent: concurrent) {
            Dictionary(
                uniqueKeysWithValues: site.paths.map { path in (path, site.sha256(path)!) })
        }
        try stage("write") {
            try SiteWriter.write(site, to: options.output) { staging in
                // The site's files are written while the warehouse finishes (on big inputs its
                // commit and hash can end last); it moves in before the swap, so a failed load
                // leaves the old site.
                let warehouseHash: String? = try resultLoad.map { load in
                    try stage("wait for the warehouse") { try load.value() }
                }
                if let pause = ProcessInfo.processInfo.environment["CHURNSITE_TEST_PAUSE_BEFORE_SWAP"],
                    let seconds = Double(pause)
                {
                    // Test hook: hold the finished staging folder so a test can interrupt the run here.
                    Thread.sleep(forTimeInterval: seconds)
                }
                if options.timings {
                    // Written only on request: timings differ from run to run, the rest of the site does not.
                    try stageClock.json(total: Console.now() - started).write(
                        to: staging.appendingPathComponent("data/build.json"), atomically: true, encoding: .utf8)
                }
                if resultLoad != nil {
                    try FileManager.default.moveItem(
                        at: sqliteFile, to: staging.appendingPathComponent("warehouse.sqlite"))
                } else if let postgres {
                    try stage("warehouse (PostgreSQL \(postgres.redacted), schema \(options.schema))") {
                        try blocking {
                            try await PostgresWarehouse(url: postgres, schema: options.schema).load(tables.tables())
                        }
                    }
                }
                // Last: the manifest hashes everything else in the staged site.
                let manifest = Manifest(
                    toolVersion: Churnsite.version, asOf: analysis.asOf.iso,
                    options: .init(
                        data: options.data, templates: options.templates, asOf: options.asOf?.iso,
                        label: options.labeling.rawValue,
                        seed: options.seed, warehouse: postgres == nil ? options.warehouse : "postgres",
                        comparedWithPrevious: options.previousFolder != nil),
                    inputs: Dictionary(
                        uniqueKeysWithValues: dataset.digests.map { ($0.key.fileName, $0.value.sha256) }),
                    outputs: Manifest.hashes(
                        of: staging,
                        known: try siteHashes.value().merging(
                            warehouseHash.map { ["warehouse.sqlite": $0] } ?? [:]
                        ) { a, _ in a }))
                try manifest.json().write(
                    to: staging.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
            }
        }
        if options.timings { Console.error(stageClock.table(total: Console.now() - started)) }
        if !options.quiet {
            Console.error(
                "built \(options.output)/index.html and report.md: \(Format.integer(analysis.kpis.orders)) orders, \(Format.integer(analysis.kpis.customers)) customers, as of \(analysis.asOf.iso)"
            )
        }
    }
}

/// A value handed over once: `take` returns it and keeps no reference, so it goes as soon as the
/// taker lets go of it (the second connection's tables and the rows they hold).
final class HandOff<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value?

    init(_ value: consuming Value) { self.value = value }

    /// The value the first time, nil after.
    func take() -> Value? {
        lock.withLock {
            defer { value = nil }
            return value
        }
    }
}

/// Steps of work on another thread, each marked reached or failed once; a waiter for step `k`
/// returns once it is reached, or rethrows the error that stopped the work before it.
final class Milestones: @unchecked Sendable {
    private let groups: [DispatchGroup]
    private let lock = NSLock()
    private var errors: [Error?]

    init(count: Int) {
        groups = (0..<count).map { _ in
            let g = DispatchGroup()
            g.enter()
            return g
        }
        errors = Array(repeating: nil, count: count)
    }

    /// Step `k` is done.
    func reach(_ k: Int) { groups[k].leave() }

    /// Step `k` failed with `error`, so neither it nor any later step will be reached.
    func fail(from k: Int, _ error: Error) {
        lock.withLock { for j in k..<errors.count { errors[j] = error } }
        for j in k..<groups.count { groups[j].leave() }
    }

    /// Waits for step `k`; rethrows the error that stopped the work before it.
    func wait(_ k: Int) throws {
        groups[k].wait()
        if let error = lock.withLock({ errors[k] }) { throw error }
    }
}

/// Work started on another thread (or done at once when not concurrent); `value` waits for it and
/// returns its result or rethrows its error.
final class Background<Value>: @unchecked Sendable {
    private let group = DispatchGroup()
    private var result: Result<Value, Error>?

    init(concurrent: Bool, _ body: @escaping @Sendable () throws -> Value) {
        if concurrent {
            DispatchQueue.global().async(group: group) { [self] in result = Result { try body() } }
        } else {
            result = Result { try body() }
        }
    }

    /// Waits for the work to end; its value, or its error rethrown.
    func value() throws -> Value {
        group.wait()
        return try result!.get()
    }

    deinit { group.wait() }
}

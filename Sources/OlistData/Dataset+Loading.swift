import Foundation

/// How to read a dataset folder.
public struct LoadOptions: Sendable {
    /// Bytes per read; tests shrink it to split records across reads.
    public var bufferSize = CSVReader.defaultBufferSize
    /// Files read at once (the tables are independent); 1 reads them one after another.
    public var threads = 2
    /// Called from any thread with (table, bytes read so far, file size, rows read so far) for
    /// progress lines.
    public var progress: (@Sendable (OlistTable, Int, Int, Int) -> Void)?
    /// Whether to check that every key (order, customer, product, seller id) is unique. A second
    /// read of a file whose digest matches the first read's has nothing new to find.
    var checksUniqueKeys = true
    /// The tables whose files leave the page cache once read (`CSVReader`'s `dropsCacheAtEnd`):
    /// on big inputs, those the build will not read again.
    public var uncached: Set<OlistTable> = []
    /// Whether reviews keep their comment's title and message. A build that reads the reviews
    /// again for the warehouse needs neither from the first read (the analysis uses the scores and
    /// dates): the text is still checked to be UTF-8, so the same file fails the same way, but
    /// millions of comments are not copied into strings only to be dropped after the analysis.
    public var keepsReviewText = true

    /// The defaults: 1 MiB reads, two files at once, no progress.
    public init() {}
}

extension Dataset {
    /// Reads and validates the nine tables in `directory`.
    ///
    /// Throws an `OlistError` for anything that would make a figure wrong: a missing file or column,
    /// malformed CSV, a value that does not parse, a duplicate key, an empty table.
    public static func load(from directory: String, options: LoadOptions = LoadOptions()) throws(OlistError) -> Dataset
    {
        let missing = OlistTable.allCases.filter {
            !FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent($0.fileName))
        }
        if !missing.isEmpty {
            let all = OlistTable.allCases.map { "  " + $0.fileName }.joined(separator: "\n")
            throw OlistError(
                .missingFile, file: missing[0].fileName,
                message:
                    "\(missing.count) of the 9 Olist files \(missing.count == 1 ? "is" : "are") missing from \(directory) (\(missing.map(\.fileName).joined(separator: ", "))); a dataset folder holds these 9 files:\n\(all)"
            )
        }
        let box = LoadBox()
        // Largest files first, so two threads finish together.
        let order: [OlistTable] = [
            .geolocation, .reviews, .orders, .orderItems, .payments, .customers, .products, .sellers,
            .categoryTranslation,
        ]
        let work: @Sendable (OlistTable) -> Void = { table in
            do {
                let path = (directory as NSString).appendingPathComponent(table.fileName)
                try box.store(table, TableLoader(path: path, table: table, options: options).load())
            } catch let error as OlistError {
                box.fail(error, table)
            } catch {
                box.fail(OlistError(.io, file: table.fileName, message: "\(error)"), table)
            }
        }
        if options.threads <= 1 {
            order.forEach(work)
        } else {
            DispatchQueue.concurrentPerform(iterations: order.count) { work(order[$0]) }
        }
        var dataset = try box.dataset()
        (dataset.quality, dataset.foundLinks) = dataset.validated(threads: options.threads)
        dataset.keys = [:]
        dataset.directory = directory
        return dataset
    }

    /// The total size in bytes of the Olist files in `directory` (of those that exist).
    public static func filesBytes(in directory: String) -> Int {
        OlistTable.allCases.reduce(0) {
            $0 + fileBytes(atPath: (directory as NSString).appendingPathComponent($1.fileName))
        }
    }

    /// The size in bytes of the file at `path`; 0 when there is none.
    static func fileBytes(atPath path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    /// Reads one table of `summary`'s folder again, for a consumer that streams tables one at a
    /// time (the warehouse) after the rows of the first read are gone. Throws when the file is no
    /// longer the one first read: its rows would disagree with the report.
    public static func reread(_ table: OlistTable, of summary: DatasetSummary, options: LoadOptions = LoadOptions())
        throws(OlistError) -> Dataset
    {
        guard let directory = summary.directory else {
            throw OlistError(.io, file: table.fileName, message: "the dataset was not read from a folder")
        }
        let path = (directory as NSString).appendingPathComponent(table.fileName)
        var options = options
        options.checksUniqueKeys = false
        options.keepsReviewText = true
        let part = try TableLoader(path: path, table: table, options: options).load()
        guard part.digest == summary.digests[table] else {
            throw OlistError(
                .io, file: table.fileName,
                message:
                    "the file changed while the build was reading it (its SHA-256 differs from the first read); run the build again once the data is written"
            )
        }
        var d = Dataset()
        d.directory = directory
        d.store(table, part)
        return d
    }

    fileprivate mutating func store(_ table: OlistTable, _ part: TableLoader.Part) {
        rowCounts[table] = part.rows
        digests[table] = part.digest
        switch part.content {
        case .orders(let v): orders = v
        case .customers(let v): customers = v
        case .items(let v): items = v
        case .payments(let v): payments = v
        case .reviews(let v): reviews = v
        case .products(let v): products = v
        case .sellers(let v): sellers = v
        case .locations(let v): locations = v
        case .categories(let v): categoryNames = v
        }
        // After the rows: setting them drops the table's index.
        keys[table] = part.keys
    }
}

/// Collects the tables read on several threads; the first error by table order wins, so the
/// message does not depend on timing.
private final class LoadBox: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [OlistTable: TableLoader.Part] = [:]
    private var errors: [OlistTable: OlistError] = [:]

    func store(_ table: OlistTable, _ part: TableLoader.Part) {
        lock.withLock { parts[table] = part }
    }

    func fail(_ error: OlistError, _ table: OlistTable) {
        lock.withLock { errors[table] = error }
    }

    func dataset() throws(OlistError) -> Dataset {
        if let first = errors.keys.sorted().first { throw errors[first]! }
        var d = Dataset()
        for (table, part) in parts { d.store(table, part) }
        return d
    }
}

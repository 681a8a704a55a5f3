import ChurnModel
import CivilDate
import Foundation
import OlistData
import Site
import Testing

@testable import Analytics
@testable import ChurnsiteCLI

@Suite struct ChurnStudyTests {
    static func order(
        _ n: UInt64, _ customer: UInt64, _ date: String, revenue: Double = 100, status: OrderStatus = .delivered
    ) -> OrderFact {
        let day = CivilDate(iso: date)!
        return OrderFact(
            id: OlistID(high: n, low: n), uniqueID: OlistID(high: 0, low: customer), status: status,
            purchase: Timestamp(date: day, hour: 12, minute: 0, second: 0)!, revenue: revenue, installments: 2,
            itemCount: 1,
            itemsPrice: revenue, freight: 0, reviewScore: 4, delivered: Timestamp(date: day.adding(days: 5)),
            estimatedDelivery: Timestamp(date: day.adding(days: 3)), state: customer % 2 == 0 ? "SP" : "RJ",
            zip: ZipPrefix(1000))
    }

    @Test func temporalFeaturesUseOnlyThePastAndLabelsLookAhead() {
        let orders = [
            Self.order(1, 1, "2018-01-10"), Self.order(2, 1, "2018-05-01"),  // returns after the cutoff
            Self.order(3, 2, "2017-12-01", revenue: 50), Self.order(4, 2, "2018-02-01", revenue: 70),  // never returns
            Self.order(5, 3, "2018-06-01"),  // first buys after the cutoff: not in the training set
            Self.order(6, 4, "2018-05-02", status: .canceled),  // canceled orders do not count
        ]
        let cutoff = Timestamp(date: CivilDate(iso: "2018-03-01")!)
        let past = ChurnFeatures.compute(orders: orders, before: cutoff)
        #expect(past.customers == [OlistID(high: 0, low: 1), OlistID(high: 0, low: 2)])
        let buyers = ChurnFeatures.buyers(
            orders: orders, from: cutoff, to: Timestamp(date: CivilDate(iso: "2018-08-28")!))
        #expect(buyers == [OlistID(high: 0, low: 1), OlistID(high: 0, low: 3)])
        // Customer 2: recency from 2018-02-01 12:00 to the cutoff, two orders, 120 spent, tenure from 2017-12-01.
        #expect(past.columns[0][1] == 27)
        #expect(past.columns[1][1] == 2)
        #expect(past.columns[2][1] == 120)
        #expect(past.columns[3][1] == 89)
        #expect(past.columns[4][1] == 4)
        #expect(past.columns[5][1] == 2)  // delivered two days after the estimate
        #expect(past.columns[6][1] == 1)  // all late
        #expect(past.columns[7][1] == 2)
        #expect(past.columns[8] == [0.5, 0.5])
    }

    @Test func realExcerptModelRoundTripsThroughModelJSON() throws {
        guard Paths.sharedAvailable("the churn model round trip") else { return }
        let analysis = try Analyzer.analyze(try Dataset.load(from: Paths.olistSample.path))
        let study = try ChurnStudy.run(analysis, labeling: .temporal, seed: 42, threads: 2).get()
        #expect(study.probabilities.count == analysis.customers.count)
        #expect(study.probabilities.allSatisfy { (0...1).contains($0) })
        #expect(study.comparisons.count == 4)
        let url = Paths.temporary("model").appendingPathComponent("model.json")
        try study.modelJSON().write(to: url, atomically: true, encoding: .utf8)
        let loaded = try LoadedModel(path: url.path)
        #expect(
            loaded.forest.trees
                == study.forest.trees.map { t in
                    var u = DecisionTree()
                    u.feature = t.feature
                    u.threshold = t.threshold
                    u.left = t.left
                    u.right = t.right
                    u.value = t.value
                    return u
                })
        let row = [40.0, 1, 120, 200, 5, -3, 0, 3, 0.4]
        #expect(loaded.forest.probability(row) == study.forest.probability(row))
        // The recency labeling is the original design's: trivially separable.
        let recency = try ChurnStudy.run(analysis, labeling: .recency, seed: 42, threads: 2).get()
        #expect(recency.evaluation.atHalf.accuracy >= 0.99)
    }

    @Test func predictCommandEqualsTheForest() throws {
        let out = Paths.temporary("predict-site")
        let r = try churnsite([
            "build", "--data", Paths.dataSample.path, "--out", out.path, "--templates", Paths.templates.path, "--quiet",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let modelPath = out.appendingPathComponent("data/model.json").path
        let loaded = try LoadedModel(path: modelPath)
        let p = try churnsite([
            "predict", "--model", modelPath, "--recency", "30", "--frequency", "2", "--monetary", "150.5", "--json",
        ])
        #expect(p.status == 0, "\(p.stderr)")
        struct Answer: Decodable { var probability: Double }
        // JSONDecoder, not JSONSerialization: the latter rounds some 17-digit doubles on Linux.
        let answer = try JSONDecoder().decode(Answer.self, from: Data(p.stdout.utf8))
        var row = loaded.defaults
        row[0] = 30
        row[1] = 2
        row[2] = 150.5
        #expect(answer.probability == loaded.forest.probability(row))
        let bad = try churnsite(["predict", "--model", "/nonexistent/model.json"])
        #expect(bad.status == 2 && bad.stderr.contains("churnsite build"))
    }
}

@Suite struct ModelJavaScriptTests {
    /// Templates/assets/model.js gives the same probability as the Swift forest (and so `predict`).
    @Test func javaScriptEvaluatorEqualsSwift() throws {
        guard
            let node = ["/usr/bin/node", "/usr/local/bin/node"].first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else {
            print("notice: skipping the model.js test: node is not installed")
            return
        }
        let analysis = try Analyzer.analyze(try Dataset.load(from: Paths.dataSample.path))
        let study = try ChurnStudy.run(analysis, labeling: .temporal, seed: 42, threads: 2).get()
        let dir = Paths.temporary("modeljs")
        try study.modelJSON().write(to: dir.appendingPathComponent("model.json"), atomically: true, encoding: .utf8)
        let rows: [[Double]] = [
            study.defaults, [30, 2, 150.5, 400, 4.5, -3, 0.5, 2, 0.2], [400, 1, 20, 400, 1, 10, 1, 10, 0.01],
        ]
        let script = """
            const { churnProbability } = require(\(String(reflecting: Paths.templates.appendingPathComponent("assets/model.js").path)));
            const model = JSON.parse(require("fs").readFileSync(\(String(reflecting: dir.appendingPathComponent("model.json").path)), "utf8"));
            const rows = [\(rows.map { "[" + $0.map { ModelExport.number($0) }.joined(separator: ",") + "]" }.joined(separator: ","))];
            for (const row of rows) console.log(churnProbability(model, row));
            """
        try script.write(to: dir.appendingPathComponent("check.js"), atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: node)
        p.arguments = [dir.appendingPathComponent("check.js").path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let values = text.split(separator: "\n").map { Double($0)! }
        #expect(values == rows.map { study.forest.probability($0) })
    }
}

/// The customer index is the same whether its entries are kept formatted between sizing and
/// writing the shards (the usual case) or formatted twice (past the buffer limit).
@Suite struct CustomerShardTests {
    /// The report builder of Data/sample, as a default build makes it.
    static func sampleBuilder() throws -> ReportBuilder {
        let d = try Dataset.load(from: Paths.dataSample.path)
        let analysis = try Analyzer.analyze(d)
        return ReportBuilder(
            dataset: d.summary, analysis: analysis, templates: try Templates(directory: Paths.templates.path),
            dataName: "Data/sample", churn: ChurnStudy.run(analysis, labeling: .temporal, seed: 42, threads: 2),
            forecast: ForecastStudy.run(analysis))
    }

    @Test func bufferedAndReformattedEntriesGiveTheSameShards() throws {
        var builder = try Self.sampleBuilder()
        let buffered = try builder.customerShards()
        builder.entryBufferLimit = 5_000
        let reformatted = try builder.customerShards()
        #expect(buffered.prefixBits == reformatted.prefixBits)
        #expect(buffered.files.paths == reformatted.files.paths)
        #expect(buffered.files.paths.count > 2)
        for path in buffered.files.paths {
            #expect(buffered.files.bytes(path) == reformatted.files.bytes(path), "\(path)")
        }
    }
}

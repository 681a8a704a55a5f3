import CivilDate
import Foundation
import Parallel
import Seeded

/// Band widening factors by horizon, measured on out-of-sample errors of the history.
public struct BandCalibration: Sendable, Equatable {
    static let bucketDays = 30
    /// Factors for the 80% and 95% bands, one per 30-day horizon bucket.
    public var k80: [Double], k95: [Double]
    /// The horizon the backtest measured; further out the last factor grows like √horizon, as a
    /// drifting level's error does.
    public var measuredDays: Int

    /// The factors for a day `h` days ahead (1-based).
    public func factors(horizon h: Int) -> (Double, Double) {
        let b = min((h - 1) / Self.bucketDays, k80.count - 1)
        let growth = h > measuredDays ? (Double(h) / Double(measuredDays)).squareRoot() : 1
        return (k80[b] * growth, k95[b] * growth)
    }
}

/// One day of a forecast: the point forecast, its bands and its components.
public struct ForecastPoint: Sendable, Equatable {
    public var date: CivilDate
    /// Whether the day is after the history.
    public var isFuture: Bool
    public var yhat: Double
    public var lower80: Double, upper80: Double
    public var lower95: Double, upper95: Double
    /// Additive components (in the model's units: log units with the log transform).
    public var trend: Double, weekly: Double, yearly: Double, holidays: Double
}

extension Forecaster {
    /// The fitted days and `horizon` future days, with 80% and 95% bands floored at 0.
    ///
    /// History bands reflect observation noise; future bands also simulate trend changes as Prophet
    /// does: new changepoints at the rate the history had, with slope changes drawn from a Laplace
    /// distribution whose scale is the mean fitted change.
    public func forecast(horizon: Int) -> [ForecastPoint] {
        var points = simulate(horizon: horizon)
        guard horizon > 0, options.calibrateBands, let k = bandCalibration() else { return points }
        for i in days..<points.count {
            let (k80, k95) = k.factors(horizon: i - days + 1)
            let m = points[i].yhat
            points[i].lower80 = max(0, m - k80 * (m - points[i].lower80))
            points[i].upper80 = m + k80 * (points[i].upper80 - m)
            points[i].lower95 = max(0, m - k95 * (m - points[i].lower95))
            points[i].upper95 = m + k95 * (points[i].upper95 - m)
        }
        return points
    }

    /// How much the simulated bands must widen to cover 80% and 95% of out-of-sample errors in a
    /// rolling backtest on this model's own history (never on the days being forecast); at least 1.
    ///
    /// In-sample residuals understate future errors, which are dominated by shifts in level that
    /// the trend could not foresee; this measures them instead of assuming them away.
    public func bandCalibration() -> BandCalibration? {
        let h = min(90, days / 4)
        let initial = days / 2
        guard h >= 14, days - h >= initial else { return nil }
        var inner = options
        inner.calibrateBands = false
        let z80 = 1.2815515655446004
        let z95 = 1.959963984540054
        let buckets = (h + BandCalibration.bucketDays - 1) / BandCalibration.bucketDays
        var r80 = [[Double]](repeating: [], count: buckets)
        var r95 = [[Double]](repeating: [], count: buckets)
        let cutoffs = Array(stride(from: days - h, through: initial, by: -30))
        // Each fold's scaled errors; folds run on both cores and are gathered in order.
        let errors = Slots<[Double]>(count: cutoffs.count)
        let history = history
        let start = start
        let innerOptions = inner
        DispatchQueue.concurrentPerform(iterations: cutoffs.count) { f in
            let cutoff = cutoffs[f]
            let train = DailySeries(start: start, values: Array(history[0..<cutoff]))
            // Errors relative to the fold's noise-only half-widths (z·σ): the simulated bands are at
            // least that wide, so the factors found here are, if anything, generous.
            let fold = Forecaster(series: train, options: innerOptions)
            let noise = fold.sigma * fold.yScale
            errors.set(f, zip(fold.pointForecast(horizon: h), history[cutoff...]).map { abs($1 - $0) / noise })
        }
        for e in errors.values {
            for (k, err) in e.enumerated() {
                let b = k / BandCalibration.bucketDays
                r80[b].append(err / z80)
                r95[b].append(err / z95)
            }
        }
        guard r80.allSatisfy({ $0.count >= 10 }) else { return nil }
        // Errors grow with the horizon: one factor per bucket, never shrinking further out.
        var k80: [Double] = []
        var k95: [Double] = []
        for b in 0..<buckets {
            let a = r80[b].sorted()
            let c = r95[b].sorted()
            k80.append(max(k80.last ?? 1, conformal(a, 0.8)))
            k95.append(max(k95.last ?? 1, conformal(c, 0.95)))
        }
        return BandCalibration(k80: k80, k95: k95, measuredDays: h)
    }

    /// The point forecasts of the `horizon` days after the history (no bands).
    func pointForecast(horizon: Int) -> [Double] {
        let total = Double(max(days - 1, 1))
        let x = Self.design(
            start: start, count: horizon, total: total, changepointT: changepointT, holidays: holidays,
            columns: columns, options: options, from: days)
        return (0..<horizon).map { i in output(beta.indices.reduce(0) { $0 + x[$1][i] * beta[$1] }) }
    }

    /// Point forecasts with Prophet-style simulated bands, before calibration.
    func simulate(horizon: Int) -> [ForecastPoint] {
        let total = Double(max(days - 1, 1))
        let count = days + max(horizon, 0)
        let x = Self.design(
            start: start, count: count, total: total, changepointT: changepointT, holidays: holidays, columns: columns,
            options: options)
        func part(_ r: Range<Int>, _ i: Int) -> Double { r.reduce(0) { $0 + x[$1][i] * beta[$1] } }
        var points: [ForecastPoint] = []
        points.reserveCapacity(count)
        var trendT = [Double](repeating: 0, count: count)
        var rest = [Double](repeating: 0, count: count)
        for i in 0..<count {
            let trend = beta[0] + beta[1] * x[1][i] + part(columns.changepoints, i)
            let w = part(columns.weekly, i)
            let yr = part(columns.yearly, i)
            let h = part(columns.holidays, i)
            trendT[i] = trend
            rest[i] = w + yr + h
            points.append(
                ForecastPoint(
                    date: start.adding(days: i), isFuture: i >= days, yhat: 0, lower80: 0, upper80: 0, lower95: 0,
                    upper95: 0,
                    trend: trend * yScale, weekly: w * yScale, yearly: yr * yScale, holidays: h * yScale))
        }
        let z80 = 1.2815515655446004
        let z95 = 1.959963984540054
        for i in 0..<days {
            let m = trendT[i] + rest[i]
            points[i].yhat = output(m)
            points[i].lower80 = output(m - z80 * sigma)
            points[i].upper80 = output(m + z80 * sigma)
            points[i].lower95 = output(m - z95 * sigma)
            points[i].upper95 = output(m + z95 * sigma)
        }
        guard horizon > 0 else { return points }
        // Simulated futures: trend with new changepoints, plus noise.
        let deltas = columns.changepoints.map { beta[$0] }
        let scale = deltas.isEmpty ? 0 : deltas.reduce(0) { $0 + abs($1) } / Double(deltas.count) + 1e-8
        let slope = beta[1] + deltas.reduce(0, +)
        let lastT = x[1][days - 1]
        let lastTrend = trendT[days - 1]
        let futureT = (days..<count).map { x[1][$0] }
        let tEnd = futureT.last!
        let samples = max(options.samples, 2)
        // sims[k * samples + s]: day k of simulated future s. Each future has its own generator, so
        // the bands are the same whichever thread simulates it.
        var sims = [Double](repeating: 0, count: horizon * samples)
        let rate = Double(changepointT.count) * (tEnd - lastT)
        let hasChangepoints = !changepointT.isEmpty
        let seed = options.seed
        let restCopy = rest
        let futureCopy = futureT
        let days = days
        let sigma = sigma
        let simulatePath: @Sendable (Int, UnsafeMutableBufferPointer<Double>) -> Void = { s, out in
            var rng = Xoshiro(seed: seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(s + 1))
            let n = hasChangepoints ? rng.poisson(mean: rate) : 0
            var changes: [(t: Double, d: Double)] = []
            for _ in 0..<n { changes.append((lastT + rng.unit() * (tEnd - lastT), rng.laplace(scale: scale))) }
            changes.sort { $0.t < $1.t }
            // Walk forward once: the slope changes as each simulated changepoint is passed.
            var trend = lastTrend
            var slopeNow = slope
            var tPrev = lastT
            var next = 0
            var spare: Double? = nil
            for k in 0..<horizon {
                let t = futureCopy[k]
                while next < changes.count && changes[next].t < t {
                    trend += slopeNow * (changes[next].t - tPrev)
                    tPrev = changes[next].t
                    slopeNow += changes[next].d
                    next += 1
                }
                trend += slopeNow * (t - tPrev)
                tPrev = t
                let z: Double
                if let v = spare {
                    z = v
                    spare = nil
                } else {
                    let pair = rng.normalPair()
                    z = pair.0
                    spare = pair.1
                }
                out[k * samples + s] = trend + restCopy[days + k] + sigma * z
            }
        }
        sims.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                for s in stride(from: part, to: samples, by: 2) { simulatePath(s, out) }
            }
        }
        // Quantiles per day, days split over both cores.
        var bands = [Double](repeating: 0, count: horizon * 4)
        sims.withUnsafeBufferPointer { simsBuffer in
            bands.withUnsafeMutableBufferPointer { bandBuffer in
                nonisolated(unsafe) let input = simsBuffer
                nonisolated(unsafe) let out = bandBuffer
                DispatchQueue.concurrentPerform(iterations: 2) { part in
                    var v = [Double](repeating: 0, count: samples)
                    for k in stride(from: part, to: horizon, by: 2) {
                        for s in 0..<samples { v[s] = input[k * samples + s] }
                        // Ascending quantiles: each selection only searches above the previous one.
                        var from = 0
                        for (q, level) in [0.025, 0.10, 0.90, 0.975].enumerated() {
                            out[k * 4 + q] = Self.select(&v, level, from: &from)
                        }
                    }
                }
            }
        }
        for k in 0..<horizon {
            let i = days + k
            points[i].yhat = output(trendT[i] + rest[i])
            points[i].lower95 = output(bands[k * 4])
            points[i].lower80 = output(bands[k * 4 + 1])
            points[i].upper80 = output(bands[k * 4 + 2])
            points[i].upper95 = output(bands[k * 4 + 3])
        }
        return points
    }

    /// The split-conformal quantile: the ⌈(n + 1)q⌉-th smallest of n scores, which covers at least
    /// q of a new score when scores are exchangeable.
    private func conformal(_ sorted: [Double], _ q: Double) -> Double {
        let rank = Int((Double(sorted.count + 1) * q).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    private func output(_ scaled: Double) -> Double {
        let v = scaled * yScale
        return max(0, options.logTransform ? expm1(v) : v)
    }

    /// The linearly interpolated `q`-quantile of `v`, by quickselect (reorders `v`); the same value
    /// sorting would give, in linear time. Quantiles asked in ascending order pass `from` along, so
    /// each searches only above the previous one.
    static func select(_ v: inout [Double], _ q: Double, from: inout Int) -> Double {
        let pos = q * Double(v.count - 1)
        let lo = Int(pos)
        let a = nth(&v, lo, from: from)
        from = lo + 1
        guard lo + 1 < v.count, pos > Double(lo) else { return a }
        // The next order statistic is the smallest value above position lo: a branch-free scan.
        let b = v.withUnsafeBufferPointer { buf in
            var m = Double.infinity
            for i in (lo + 1)..<buf.count { m = min(m, buf[i]) }
            return m
        }
        return a + (b - a) * (pos - Double(lo))
    }

    /// Puts the k-th smallest element of `v[from...]` at index k, smaller ones before it.
    static func nth(_ v: inout [Double], _ k: Int, from: Int) -> Double {
        v.withUnsafeMutableBufferPointer { b in
            var lo = from
            var hi = b.count - 1
            while lo < hi {
                let pivot = b[(lo + hi) / 2]
                var i = lo
                var j = hi
                while i <= j {
                    while b[i] < pivot { i += 1 }
                    while b[j] > pivot { j -= 1 }
                    if i <= j {
                        let t = b[i]
                        b[i] = b[j]
                        b[j] = t
                        i += 1
                        j -= 1
                    }
                }
                if k <= j { hi = j } else if k >= i { lo = i } else { break }
            }
            return b[k]
        }
    }

    /// Residual standard deviation in the series' units (or log units).
    public var noise: Double { sigma * yScale }

    /// Slope changes at the changepoints that the prior did not zero out: (date, change per day).
    public var activeChangepoints: [(date: CivilDate, change: Double)] {
        columns.changepoints.enumerated().compactMap { k, j in
            beta[j] == 0
                ? nil
                : (
                    start.adding(days: Int((changepointT[k] * Double(max(days - 1, 1))).rounded())),
                    beta[j] * yScale / Double(max(days - 1, 1))
                )
        }
    }
}

import CivilDate
import Foundation

/// An additive decomposable model in the spirit of Prophet:
/// y(t) = piecewise-linear trend + weekly + yearly + holidays + noise.
///
/// It is fitted by maximum a posteriori with Prophet's priors: a Laplace prior on the changepoint
/// slope changes (an L1 penalty, so most changes are exactly zero), Normal priors on the seasonal
/// and holiday coefficients (L2) and a nearly flat prior on the base level and slope. With the
/// noise level fixed, that is an elastic-net least-squares problem, solved exactly by coordinate
/// descent; the noise level is then re-estimated from the residuals and the fit repeated. This is
/// the same optimum Prophet's L-BFGS reaches, found deterministically in milliseconds.
public struct Forecaster: Sendable {
    public let options: ForecastOptions
    let start: CivilDate
    let days: Int
    let yScale: Double
    let changepointT: [Double]
    let holidays: [Holiday]
    let useYearly: Bool
    let beta: [Double]
    /// Residual standard deviation in scaled units.
    let sigma: Double
    let columns: Columns
    /// The fitted series (for the band calibration's inner backtest).
    let history: [Double]

    /// Column layout of the design matrix.
    struct Columns: Sendable {
        var changepoints: Range<Int>
        var weekly: Range<Int>
        var yearly: Range<Int>
        var holidays: Range<Int>
        var count: Int
    }

    /// Fits the model to a gap-free daily series.
    public init(series: DailySeries, options: ForecastOptions = ForecastOptions()) {
        self.options = options
        start = series.start
        days = series.count
        history = series.values
        let raw = options.logTransform ? series.values.map { log1p(max($0, 0)) } : series.values
        let scale = raw.map(abs).max() ?? 0
        let yScale = scale > 0 ? scale : 1
        self.yScale = yScale
        let y = raw.map { $0 / yScale }
        useYearly = series.count > options.yearlyMinimumDays
        // Changepoints at evenly spaced days in the first part of the history (Prophet's placement).
        let span = Double(max(series.count - 1, 1))
        let last = Int((Double(series.count - 1) * options.changepointRange).rounded(.down))
        let k = series.count > 2 ? min(options.changepoints, max(last - 1, 0)) : 0
        let cps = k == 0 ? [] : (1...k).map { Double(Int((Double(last) * Double($0) / Double(k)).rounded())) / span }
        changepointT = cps
        let years = (series.start.components.year - 1)...(series.end.components.year + 2)
        let hs = options.holidays ? HolidayCalendar.brazil(years: years) : []
        holidays = hs
        var c = Columns(changepoints: 2..<(2 + cps.count), weekly: 0..<0, yearly: 0..<0, holidays: 0..<0, count: 0)
        c.weekly = c.changepoints.upperBound..<(c.changepoints.upperBound + 2 * options.weeklyOrder)
        c.yearly = c.weekly.upperBound..<(c.weekly.upperBound + (useYearly ? 2 * options.yearlyOrder : 0))
        let holidayColumns = hs.reduce(0) { $0 + $1.window.count }
        c.holidays = c.yearly.upperBound..<(c.yearly.upperBound + holidayColumns)
        c.count = c.holidays.upperBound
        columns = c

        let x = Self.design(
            start: series.start, count: series.count, total: span, changepointT: cps, holidays: hs,
            columns: c, options: options)
        // Alternate: fit with the noise level fixed, re-estimate the noise level from the residuals.
        let (gram, xty) = Self.gram(x, y)
        var sigma = Self.std(y) * 0.5 + 1e-6
        var beta = [Double](repeating: 0, count: c.count)
        let p = c.count
        for _ in 0..<4 {
            let s2 = sigma * sigma
            var l1 = [Double](repeating: 0, count: p)
            var l2 = [Double](repeating: s2 / 25, count: p)  // k, m ~ N(0, 5)
            for j in c.changepoints {
                l1[j] = s2 / options.changepointPriorScale
                l2[j] = 0
            }
            for j in c.weekly.lowerBound..<c.yearly.upperBound {
                l2[j] = s2 / (options.seasonalityPriorScale * options.seasonalityPriorScale)
            }
            for j in c.holidays { l2[j] = s2 / (options.holidaysPriorScale * options.holidaysPriorScale) }
            var hessian = gram
            for j in 0..<p { hessian[j * p + j] += l2[j] }
            beta =
                QuadraticL1(h: hessian, c: xty, lambda: l1).minimise()
                ?? Self.coordinateDescent(h: hessian, c: xty, l1: l1, start: beta)
            // ‖y − Xβ‖² = yᵀy − 2βᵀXᵀy + βᵀXᵀXβ, from the Gram matrix.
            var rss = y.reduce(0) { $0 + $1 * $1 }
            for a in 0..<p where beta[a] != 0 {
                rss -= 2 * beta[a] * xty[a]
                for b in 0..<p where beta[b] != 0 { rss += beta[a] * gram[a * p + b] * beta[b] }
            }
            let newSigma = max(sqrt(max(rss, 0) / Double(max(y.count - 1, 1))), 1e-9)
            if abs(newSigma - sigma) < 1e-6 * sigma {
                sigma = newSigma
                break
            }
            sigma = newSigma
        }
        self.beta = beta
        self.sigma = sigma
    }

    static func std(_ v: [Double]) -> Double {
        guard v.count > 1 else { return 1 }
        let m = v.reduce(0, +) / Double(v.count)
        return sqrt(v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1))
    }

    /// The design matrix, column-major: `x[j][i]`.
    static func design(
        start: CivilDate, count: Int, total: Double, changepointT: [Double], holidays: [Holiday], columns c: Columns,
        options: ForecastOptions, from offset: Int = 0
    ) -> [[Double]] {
        var x = [[Double]](repeating: [Double](repeating: 0, count: count), count: c.count)
        var holidayIndex = [Int: [Int]]()  // day number → holiday columns active that day
        var col = c.holidays.lowerBound
        for h in holidays {
            for o in h.window {
                for d in h.dates { holidayIndex[d.dayNumber + o, default: []].append(col) }
                col += 1
            }
        }
        for i in 0..<count {
            let dayIndex = offset + i
            let t = Double(dayIndex) / total
            let day = start.adding(days: dayIndex)
            x[0][i] = 1
            x[1][i] = t
            for (j, s) in changepointT.enumerated() { x[c.changepoints.lowerBound + j][i] = max(0, t - s) }
            let dn = Double(day.dayNumber)
            for k in 0..<(c.weekly.count / 2) {
                let a = 2 * Double.pi * Double(k + 1) * dn / 7
                x[c.weekly.lowerBound + 2 * k][i] = sin(a)
                x[c.weekly.lowerBound + 2 * k + 1][i] = cos(a)
            }
            for k in 0..<(c.yearly.count / 2) {
                let a = 2 * Double.pi * Double(k + 1) * dn / 365.25
                x[c.yearly.lowerBound + 2 * k][i] = sin(a)
                x[c.yearly.lowerBound + 2 * k + 1][i] = cos(a)
            }
            for j in holidayIndex[day.dayNumber] ?? [] { x[j][i] = 1 }
        }
        return x
    }

    /// XᵀX and Xᵀy; columns that are mostly zero (holidays) are handled through their non-zeros.
    static func gram(_ x: [[Double]], _ y: [Double]) -> (gram: [Double], xty: [Double]) {
        let p = x.count
        let n = y.count
        let nonZeros: [[Int]?] = x.map { col in
            let nz = col.indices.filter { col[$0] != 0 }
            return nz.count * 8 < n ? nz : nil
        }
        var gram = [Double](repeating: 0, count: p * p)
        var xty = [Double](repeating: 0, count: p)
        for a in 0..<p {
            if let nz = nonZeros[a] {
                xty[a] = nz.reduce(0) { $0 + x[a][$1] * y[$1] }
                for b in 0..<p {
                    let v = nz.reduce(0) { $0 + x[a][$1] * x[b][$1] }
                    gram[a * p + b] = v
                    gram[b * p + a] = v
                }
                continue
            }
            x[a].withUnsafeBufferPointer { ca in
                y.withUnsafeBufferPointer { yy in
                    var s = 0.0
                    for i in 0..<n { s += ca[i] * yy[i] }
                    xty[a] = s
                }
                for b in a..<p where nonZeros[b] == nil {
                    x[b].withUnsafeBufferPointer { cb in
                        var s = 0.0
                        for i in 0..<n { s += ca[i] * cb[i] }
                        gram[a * p + b] = s
                        gram[b * p + a] = s
                    }
                }
            }
        }
        return (gram, xty)
    }

    /// Coordinate descent on ½βᵀHβ − cᵀβ + Σ l1ⱼ|βⱼ|: a slow but sure fallback should the exact
    /// solver meet a matrix it cannot factor.
    static func coordinateDescent(h: [Double], c: [Double], l1: [Double], start: [Double]) -> [Double] {
        let p = c.count
        var beta = start
        var g = [Double](repeating: 0, count: p)  // H β
        for a in 0..<p { for b in 0..<p { g[a] += h[a * p + b] * beta[b] } }
        for _ in 0..<20_000 {
            var maxChange = 0.0
            for j in 0..<p where h[j * p + j] > 0 {
                let old = beta[j]
                let norm = h[j * p + j]
                let rho = c[j] - g[j] + norm * old
                let z = abs(rho) - l1[j]
                let new = z <= 0 ? 0 : (rho > 0 ? z : -z) / norm
                if new != old {
                    let d = new - old
                    for k in 0..<p { g[k] += h[j * p + k] * d }
                    beta[j] = new
                    maxChange = max(maxChange, abs(d) * norm.squareRoot())
                }
            }
            if maxChange < 1e-9 { break }
        }
        return beta
    }
}

import Foundation

/// The usual RFM segment map, on the recency score and the combined frequency–monetary score.
public enum Segment: String, CaseIterable, Sendable, Comparable {
    case champions = "Champions"
    case loyal = "Loyal"
    case potentialLoyalists = "Potential Loyalists"
    case new = "New"
    case promising = "Promising"
    case needAttention = "Need Attention"
    case aboutToSleep = "About to Sleep"
    case atRisk = "At Risk"
    case cantLoseThem = "Can't Lose Them"
    case hibernating = "Hibernating"
    case lost = "Lost"

    /// The segment of a recency score and combined frequency–monetary score (both 1–5).
    ///
    /// Rows are R from 5 down to 1, columns FM from 1 to 5: the common RFM grid, with its bottom-left
    /// corner split into Hibernating (R = 2) and Lost (R = 1).
    public init(r: Int, fm: Int) {
        let grid: [[Segment]] = [
            [.new, .potentialLoyalists, .potentialLoyalists, .champions, .champions],  // R 5
            [.promising, .potentialLoyalists, .potentialLoyalists, .loyal, .loyal],  // R 4
            [.aboutToSleep, .aboutToSleep, .needAttention, .loyal, .loyal],  // R 3
            [.hibernating, .hibernating, .atRisk, .atRisk, .cantLoseThem],  // R 2
            [.lost, .lost, .atRisk, .atRisk, .cantLoseThem],  // R 1
        ]
        self = grid[5 - min(max(r, 1), 5)][min(max(fm, 1), 5) - 1]
    }

    /// A file-name-safe slug, e.g. `cant-lose-them`.
    public var slug: String {
        rawValue.lowercased().replacingOccurrences(of: "'", with: "").replacingOccurrences(of: " ", with: "-")
    }

    /// What to do about customers in this segment, for the report and the lookup page.
    public var strategy: String {
        switch self {
        case .champions: "Reward them: early access, loyalty perks, ask for reviews and referrals."
        case .loyal: "Upsell higher-value products and enrol them in a loyalty programme."
        case .potentialLoyalists: "Offer membership or a second-purchase incentive to build the habit."
        case .new: "Onboard well: delivery follow-up, a welcome series, a first-repeat coupon."
        case .promising: "Build awareness with recommendations based on the first purchase."
        case .needAttention: "Send limited-time offers tailored to their past categories."
        case .aboutToSleep: "Reactivate with popular products and a modest discount."
        case .atRisk: "Win back with personalised emails and a strong, time-boxed offer."
        case .cantLoseThem: "Contact personally; find out what went wrong and make it right."
        case .hibernating: "Include in low-cost seasonal campaigns; do not over-spend."
        case .lost: "Try one low-cost win-back; otherwise exclude from paid campaigns."
        }
    }

    /// Segments in the order of the map, best first.
    public static func < (a: Segment, b: Segment) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Okabe–Ito colours: distinguishable with every common colour-vision deficiency, and legible on
/// light and dark backgrounds (black is left out, text uses currentColor instead).
public enum Palette {
    /// Series colours in order of use.
    public static let series = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
    /// The main colour of single-series charts.
    public static let primary = series[0]
    /// The accent colour (highlights, forecasts).
    public static let accent = series[1]
    /// Grid lines: currentColor at low opacity adapts to the theme.
    public static let gridOpacity = 0.15

    /// The colour of series `i`, cycling.
    public static func color(_ i: Int) -> String { series[i % series.count] }
}

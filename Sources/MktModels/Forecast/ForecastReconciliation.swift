/// Makes the parts' forecasts add up to the total's: top-down by forecast proportions
/// (Athanasopoulos, Ahmed & Hyndman 2009; hierarchicalforecast's
/// `TopDown(method="forecast_proportions")`). On each day each part keeps its share of the parts'
/// forecasts, and the shares split the total's forecast; a part's intervals are scaled with its mean.
///
/// Chosen by measurement over bottom-up, OLS, WLS (structural) and MinT with a diagonal covariance,
/// on a real shop's daily revenue (BENCHMARKS.md, issue 21, "Coherence"): it alone improved the
/// categories' accuracy without touching the total's.
public enum ForecastReconciliation {
    /// The factor each part's forecast is multiplied by on one day: the total over the sum of the
    /// positive parts (a part forecast below zero gets no share: factor 0). Parts that share
    /// nothing out (none positive) are left as they are.
    public static func factors(total: Double, parts: [Double]) -> [Double] {
        let positive = parts.reduce(0) { $0 + max($1, 0) }
        guard positive > 0 else { return parts.map { _ in 1 } }
        return parts.map { $0 > 0 ? max(total, 0) / positive : 0 }
    }
}

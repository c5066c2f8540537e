/// Automatic ARIMA (Hyndman & Khandakar 2008, R's `auto.arima` with `stepwise = TRUE`):
/// seasonal differencing from the seasonal-strength test, non-seasonal differencing from KPSS,
/// then a stepwise search of (p, q, P, Q) and the constant by AICc, starting from
/// (2,d,2)(1,D,1), (0,d,0)(0,D,0), (1,d,0)(1,D,0) and (0,d,1)(0,D,1).
public enum AutoARIMA {
    public struct Limits: Sendable {
        public var maxP = 5, maxQ = 5, maxSeasonalP = 2, maxSeasonalQ = 2, maxOrder = 5
        public init() {}
    }

    public static func fit(_ y: [Double], period m: Int, limits: Limits = Limits()) -> ARIMAFit? {
        let seasonal = m > 1
        let D = seasonal ? UnitRootTests.seasonalDifferencesNeeded(y, period: m) : 0
        let afterSeasonal = ARIMAPolynomials.difference(y, d: 0, D: D, period: m)
        let d = UnitRootTests.differencesNeeded(afterSeasonal)
        let allowConstant = d + D <= 1
        var cache: [ARIMASpec: ARIMAFit?] = [:]
        func evaluate(_ spec: ARIMASpec) -> ARIMAFit? {
            if let known = cache[spec] { return known }
            let fit = ARIMAEstimator.fit(y, spec: spec)
            cache[spec] = fit
            return fit
        }
        func valid(_ s: ARIMASpec) -> Bool {
            s.p >= 0 && s.q >= 0 && s.P >= 0 && s.Q >= 0 && s.p <= limits.maxP && s.q <= limits.maxQ
                && s.P <= (seasonal ? limits.maxSeasonalP : 0) && s.Q <= (seasonal ? limits.maxSeasonalQ : 0)
                && s.p + s.q + s.P + s.Q <= limits.maxOrder && (allowConstant || !s.constant)
        }
        func make(_ p: Int, _ q: Int, _ P: Int, _ Q: Int, _ constant: Bool) -> ARIMASpec {
            ARIMASpec(p: p, d: d, q: q, P: P, D: D, Q: Q, period: m, constant: constant)
        }
        var starts = [make(2, 2, seasonal ? 1 : 0, seasonal ? 1 : 0, allowConstant), make(0, 0, 0, 0, allowConstant),
                      make(1, 0, seasonal ? 1 : 0, 0, allowConstant), make(0, 1, 0, seasonal ? 1 : 0, allowConstant)]
        if allowConstant { starts.append(make(0, 0, 0, 0, false)) }
        var best: ARIMAFit?
        for spec in starts where valid(spec) {
            if let fit = evaluate(spec), best == nil || fit.aicc < best!.aicc { best = fit }
        }
        guard var current = best else { return nil }
        var improved = true
        var steps = 0
        while improved && steps < 100 {
            improved = false
            steps += 1
            let s = current.spec
            var neighbours: [ARIMASpec] = []
            for (dP, dQ) in [(-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (1, 1), (-1, 1), (1, -1)] where seasonal {
                neighbours.append(make(s.p, s.q, s.P + dP, s.Q + dQ, s.constant))
            }
            for (dp, dq) in [(-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (1, 1), (-1, 1), (1, -1)] {
                neighbours.append(make(s.p + dp, s.q + dq, s.P, s.Q, s.constant))
            }
            if allowConstant { neighbours.append(make(s.p, s.q, s.P, s.Q, !s.constant)) }
            for spec in neighbours where valid(spec) {
                if let fit = evaluate(spec), fit.aicc < current.aicc - 1e-9 {
                    current = fit
                    improved = true
                    break
                }
            }
        }
        return current
    }
}

import Foundation

/// The orders of a seasonal ARIMA(p,d,q)(P,D,Q)m model and whether it has a constant
/// (a mean when undifferenced, a drift when differenced once).
public struct ARIMASpec: Hashable, Sendable, CustomStringConvertible {
    public var p: Int, d: Int, q: Int
    public var P: Int, D: Int, Q: Int
    public var period: Int
    public var constant: Bool

    public init(p: Int, d: Int, q: Int, P: Int = 0, D: Int = 0, Q: Int = 0, period: Int = 1, constant: Bool) {
        self.p = p; self.d = d; self.q = q
        self.P = period > 1 ? P : 0
        self.D = period > 1 ? D : 0
        self.Q = period > 1 ? Q : 0
        self.period = period
        self.constant = constant
    }

    public var description: String {
        let seasonal = P + D + Q > 0 ? "(\(P),\(D),\(Q))[\(period)]" : ""
        return "ARIMA(\(p),\(d),\(q))\(seasonal)\(constant ? (d + D == 0 ? " with mean" : " with drift") : "")"
    }

    var coefficientCount: Int { p + q + P + Q + (constant ? 1 : 0) }
}

/// A fitted ARIMA model (conditional sum of squares).
public struct ARIMAFit: Sendable {
    public var spec: ARIMASpec
    public var ar: [Double]
    public var ma: [Double]
    public var seasonalAR: [Double]
    public var seasonalMA: [Double]
    /// Mean of the differenced series (0 without a constant).
    public var mean: Double
    /// Innovation variance: CSS / (n - conditioning observations), as R.
    public var sigma2: Double
    /// R's CSS log-likelihood: -n_used/2 (log(2 pi sigma2) + 1), n_used = n - d - D m.
    public var logLikelihood: Double
    public var aicc: Double
    /// Residuals aligned with the original series (0 where conditioned on).
    public var residuals: [Double]
    var history: [Double]

    /// phi(B) Phi(B^m) as 1 - sum a_i B^i: returns a_1 ... a_(p + P m).
    var expandedAR: [Double] { ARIMAPolynomials.expand(ar, seasonalAR, period: spec.period, sign: -1) }
    /// theta(B) Theta(B^m) as 1 + sum b_j B^j: returns b_1 ... b_(q + Q m).
    var expandedMA: [Double] { ARIMAPolynomials.expand(ma, seasonalMA, period: spec.period, sign: 1) }
}

enum ARIMAPolynomials {
    /// Multiplies (1 + s c1 B + ...)(1 + s C1 B^m + ...) and returns the coefficients after the 1,
    /// with the sign convention undone (so AR returns a_i of 1 - sum a_i B^i).
    static func expand(_ nonSeasonal: [Double], _ seasonal: [Double], period m: Int, sign: Double) -> [Double] {
        var a = [1.0] + nonSeasonal.map { sign * $0 }
        var s = [Double](repeating: 0, count: seasonal.count * m + 1)
        s[0] = 1
        for (i, c) in seasonal.enumerated() { s[(i + 1) * m] = sign * c }
        a = Polynomial.multiply(a, s)
        return a.dropFirst().map { sign * $0 }
    }

    /// Coefficients of (1 - B)^d (1 - B^m)^D, constant term first.
    static func differencing(d: Int, D: Int, period m: Int) -> [Double] {
        var poly = [1.0]
        for _ in 0..<d { poly = Polynomial.multiply(poly, [1, -1]) }
        for _ in 0..<D {
            var seasonal = [Double](repeating: 0, count: m + 1)
            seasonal[0] = 1
            seasonal[m] = -1
            poly = Polynomial.multiply(poly, seasonal)
        }
        return poly
    }

    static func difference(_ y: [Double], d: Int, D: Int, period m: Int) -> [Double] {
        var w = y
        for _ in 0..<d { w = zip(w.dropFirst(), w).map { $0 - $1 } }
        for _ in 0..<D where w.count > m { w = (m..<w.count).map { w[$0] - w[$0 - m] } }
        return w
    }
}

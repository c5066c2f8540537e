import Foundation

/// An always-valid p-value for a difference of two proportions read again and again (a weekly
/// report re-tests a running experiment every week): the mixture sequential probability ratio test
/// of Johari, Koomen, Pekelis & Walsh (2017, "Peeking at A/B tests"), normal approximation.
///
/// At a look with rates p_t, p_c on n_t, n_c trials, theta = p_t - p_c has variance
/// V = p_t (1 - p_t) / n_t + p_c (1 - p_c) / n_c; with a N(0, tau^2) mixture over the difference,
/// Lambda = sqrt(V / (V + tau^2)) exp(tau^2 theta^2 / (2 V (V + tau^2))), and the always-valid p is
/// the smallest 1 / Lambda over the looks so far (capped at 1). Rejecting when it falls below alpha
/// keeps the error rate at alpha however often the test is read. tau = 0.2 x the pooled rate (a
/// difference of a fifth of the rate), a plug-in where the paper fits tau to past experiments.
public enum SequentialTest {
    public struct Look: Sendable, Equatable {
        public var controlSuccesses, controlTrials, treatmentSuccesses, treatmentTrials: Double
        public init(controlSuccesses: Double, controlTrials: Double, treatmentSuccesses: Double, treatmentTrials: Double) {
            self.controlSuccesses = controlSuccesses
            self.controlTrials = controlTrials
            self.treatmentSuccesses = treatmentSuccesses
            self.treatmentTrials = treatmentTrials
        }
    }

    public static let relativeMixtureScale = 0.2

    /// 1 / Lambda at one look; nil when the look has no variance (no trials, or rates of 0 or 1 in both).
    public static func inverseLikelihoodRatio(_ look: Look) -> Double? {
        guard look.controlTrials > 0, look.treatmentTrials > 0 else { return nil }
        let pc = look.controlSuccesses / look.controlTrials, pt = look.treatmentSuccesses / look.treatmentTrials
        let v = pt * (1 - pt) / look.treatmentTrials + pc * (1 - pc) / look.controlTrials
        let pooled = (look.controlSuccesses + look.treatmentSuccesses) / (look.controlTrials + look.treatmentTrials)
        let tau2 = pow(relativeMixtureScale * pooled, 2)
        guard v > 0, tau2 > 0 else { return nil }
        let theta = pt - pc
        let logLambda = 0.5 * log(v / (v + tau2)) + tau2 * theta * theta / (2 * v * (v + tau2))
        return min(1, exp(-logLambda))
    }

    /// The always-valid p-value after `looks` (oldest first); nil when no look can be tested.
    public static func alwaysValidPValue(_ looks: [Look]) -> Double? {
        looks.compactMap(inverseLikelihoodRatio).min()
    }
}

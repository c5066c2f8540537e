import Foundation

/// Logistic regression fitted by Newton-Raphson (iteratively reweighted least squares), with Wald
/// standard errors. Unpenalised it is statsmodels' `Logit`; with an L2 `penalty` on every
/// coefficient but the first (the intercept) it is scikit-learn's `LogisticRegression(C = 1 /
/// penalty)`, which still fits when a feature is constant or two are collinear (its standard
/// errors then come from the penalised information matrix, an approximation).
///
/// Rows may carry a number of trials, so grouped binomial data (conversions out of clicks)
/// fit without expanding to one row per trial.
public struct LogisticRegression: Sendable {
    public var coefficients: [Double]
    public var standardErrors: [Double]
    public var iterations: Int
    public var converged: Bool
    public var logLikelihood: Double

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// - Parameters:
    ///   - rows: the design matrix, one row per observation (include a column of 1s for an intercept).
    ///   - successes: y_i (0/1 for binary data).
    ///   - trials: n_i (nil: all 1).
    ///   - penalty: L2 penalty λ: the fit maximises log-likelihood − λ/2 Σ_{j>0} β_j².
    public static func fit(rows: [[Double]], successes: [Double], trials: [Double]? = nil, penalty: Double = 0,
                           tolerance: Double = 1e-10, maxIterations: Int = 100) throws -> LogisticRegression {
        guard let k = rows.first?.count, rows.count == successes.count else { throw Failure(description: "empty design") }
        let n = trials ?? Array(repeating: 1, count: rows.count)
        var beta = [Double](repeating: 0, count: k)
        var converged = false
        var iterations = 0
        var information = [Double](repeating: 0, count: k * k)
        while iterations < maxIterations {
            iterations += 1
            var gradient = [Double](repeating: 0, count: k)
            information = [Double](repeating: 0, count: k * k)
            for (i, row) in rows.enumerated() {
                let eta = zip(row, beta).reduce(0) { $0 + $1.0 * $1.1 }
                let p = 1 / (1 + exp(-eta))
                let residual = successes[i] - n[i] * p
                let weight = n[i] * p * (1 - p)
                for a in 0..<k {
                    gradient[a] += row[a] * residual
                    for b in 0...a { information[a * k + b] += weight * row[a] * row[b] }
                }
            }
            for a in 1..<max(1, k) where penalty > 0 {
                gradient[a] -= penalty * beta[a]
                information[a * k + a] += penalty
            }
            for a in 0..<k { for b in 0..<a { information[b * k + a] = information[a * k + b] } }
            guard let step = LeastSquares.solveSymmetric(information, gradient, size: k) else {
                throw Failure(description: "the design is singular (a factor level is constant or perfectly predicts the outcome)")
            }
            for a in 0..<k { beta[a] += step[a] }
            if step.map(abs).max()! < tolerance * (1 + beta.map(abs).max()!) {
                converged = true
                break
            }
        }
        guard beta.allSatisfy({ $0.isFinite && abs($0) < 30 }) else {
            throw Failure(description: "no finite estimate: an outcome is perfectly separated")
        }
        let covariance = LeastSquares.inverseSymmetric(information, size: k) ?? Array(repeating: .nan, count: k * k)
        var loglik = 0.0
        for (i, row) in rows.enumerated() {
            let eta = zip(row, beta).reduce(0) { $0 + $1.0 * $1.1 }
            loglik += successes[i] * eta - n[i] * log1p(exp(eta))
        }
        return LogisticRegression(coefficients: beta, standardErrors: (0..<k).map { covariance[$0 * k + $0].squareRoot() },
                                  iterations: iterations, converged: converged, logLikelihood: loglik)
    }

    public func probability(_ row: [Double]) -> Double {
        1 / (1 + exp(-zip(row, coefficients).reduce(0) { $0 + $1.0 * $1.1 }))
    }

    /// 95% Wald interval of coefficient i.
    public func interval(_ i: Int) -> (low: Double, high: Double) {
        (coefficients[i] - ProportionTests.z95 * standardErrors[i], coefficients[i] + ProportionTests.z95 * standardErrors[i])
    }
}

/// Ranking quality of scores for a binary outcome.
public enum ROC {
    /// Area under the ROC curve (Mann-Whitney statistic, ties counted half), as scikit-learn's `roc_auc_score`.
    public static func auc(scores: [Double], labels: [Bool]) -> Double {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var ranks = [Double](repeating: 0, count: scores.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let rank = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = rank }
            i = j + 1
        }
        let positives = labels.filter { $0 }.count, negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return 0.5 }
        let rankSum = zip(ranks, labels).reduce(0) { $0 + ($1.1 ? $1.0 : 0) }
        return (rankSum - Double(positives * (positives + 1)) / 2) / Double(positives * negatives)
    }
}

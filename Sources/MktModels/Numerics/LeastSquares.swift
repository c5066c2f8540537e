import MktData

/// Ordinary least squares via the normal equations and a Cholesky factorisation.
///
/// Design matrices here are small (tens of columns), so forming X'X is accurate
/// enough; a tiny ridge keeps dummy-heavy designs solvable when a column is constant.
public enum LeastSquares {
    public struct Fit: Sendable {
        public var coefficients: [Double]
        public var residuals: [Double]
        /// Residual variance with n - k degrees of freedom.
        public var sigma2: Double
    }

    /// Solves min |y - X b|^2; `rows` are the rows of X. Nil when the system is singular.
    public static func fit(rows: [[Double]], y: [Double], ridge: Double = 1e-9) -> Fit? {
        guard let k = rows.first?.count, rows.count == y.count, rows.count > k else { return nil }
        var xtx = [Double](repeating: 0, count: k * k)
        var xty = [Double](repeating: 0, count: k)
        for (row, target) in zip(rows, y) {
            for i in 0..<k {
                xty[i] += row[i] * target
                for j in 0...i { xtx[i * k + j] += row[i] * row[j] }
            }
        }
        for i in 0..<k {
            for j in 0..<i { xtx[j * k + i] = xtx[i * k + j] }
            xtx[i * k + i] += ridge * max(1, xtx[i * k + i])
        }
        guard let b = solveSymmetric(xtx, xty, size: k) else { return nil }
        let residuals = zip(rows, y).map { row, target in target - zip(row, b).reduce(0) { $0 + $1.0 * $1.1 } }
        let sse = residuals.reduce(0) { $0 + $1 * $1 }
        return Fit(coefficients: b, residuals: residuals, sigma2: sse / Double(max(1, rows.count - k)))
    }

    /// Solves A x = b for symmetric positive-definite A (row-major, size x size).
    public static func solveSymmetric(_ a: [Double], _ b: [Double], size k: Int) -> [Double]? {
        guard let l = cholesky(a, size: k) else { return nil }
        return solve(l, b, size: k)
    }

    /// The lower-triangular L with A = L L' (row-major), or nil when A is not positive definite.
    static func cholesky(_ a: [Double], size k: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: k * k)
        for i in 0..<k {
            for j in 0...i {
                var sum = a[i * k + j]
                for p in 0..<j { sum -= l[i * k + p] * l[j * k + p] }
                if i == j {
                    guard sum > 0 else { return nil }
                    l[i * k + i] = sum.squareRoot()
                } else {
                    l[i * k + j] = sum / l[j * k + j]
                }
            }
        }
        return l
    }

    /// Solves L L' x = b by forward and back substitution.
    static func solve(_ l: [Double], _ b: [Double], size k: Int) -> [Double] {
        var z = [Double](repeating: 0, count: k)
        for i in 0..<k {
            var sum = b[i]
            for p in 0..<i { sum -= l[i * k + p] * z[p] }
            z[i] = sum / l[i * k + i]
        }
        var x = [Double](repeating: 0, count: k)
        for i in stride(from: k - 1, through: 0, by: -1) {
            var sum = z[i]
            for p in (i + 1)..<k { sum -= l[p * k + i] * x[p] }
            x[i] = sum / l[i * k + i]
        }
        return x
    }

    /// The inverse of a symmetric positive-definite matrix by in-place Gauss-Jordan elimination
    /// (no pivoting is needed for positive-definite matrices). Nil when a pivot is not positive.
    ///
    /// Blocked for the cache: pivots are taken `block` at a time; the block's own rows are reduced
    /// first, keeping a copy of each pivot row as it stood at its step, then every other row takes
    /// the block's steps in turn while it sits in L1, rows split over the cores. Taking one pivot
    /// at a time streamed the whole matrix through the cache per pivot (0.45 s for EASE^R's
    /// 1,000 x 1,000; 0.2 s now). Each element sees the same operations in the same order as with
    /// one pivot at a time, so the result is bit-identical to it.
    public static func inverseSymmetric(_ a: [Double], size k: Int, block: Int = 32) -> [Double]? {
        var m = a
        var pivotRows = [Double](repeating: 0, count: block * k)
        let ok = m.withUnsafeMutableBufferPointer { matrix -> Bool in
            pivotRows.withUnsafeMutableBufferPointer { saved -> Bool in
                let base = SharedPointer(matrix.baseAddress!), copies = SharedPointer(saved.baseAddress!)
                for first in stride(from: 0, to: k, by: block) {
                    let pivots = first..<min(k, first + block)
                    for p in pivots {
                        let rowP = base.base + p * k
                        let pivot = rowP[p]
                        guard pivot > 0, pivot.isFinite else { return false }
                        rowP[p] = 1
                        let inverse = 1 / pivot
                        for j in 0..<k { rowP[j] *= inverse }
                        (copies.base + (p - first) * k).update(from: rowP, count: k)
                        for i in pivots where i != p { eliminate(base.base + i * k, pivot: p, pivotRow: rowP, size: k) }
                    }
                    Parallel.forEach(k, chunkSize: 64) { rows in
                        for i in rows where !pivots.contains(i) {
                            for p in pivots { eliminate(base.base + i * k, pivot: p, pivotRow: copies.base + (p - first) * k, size: k) }
                        }
                    }
                }
                return true
            }
        }
        return ok ? m : nil
    }

    /// One Gauss-Jordan step on one row: clears column `p` with the (scaled) pivot row.
    @inline(__always) private static func eliminate(_ row: UnsafeMutablePointer<Double>, pivot p: Int,
                                                    pivotRow: UnsafeMutablePointer<Double>, size k: Int) {
        let factor = row[p]
        if factor == 0 { return }
        row[p] = 0
        for j in 0..<k { row[j] -= factor * pivotRow[j] }
    }
}

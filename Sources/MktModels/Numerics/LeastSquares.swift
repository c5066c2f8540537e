import MktFacts

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
    /// Only the lower triangle is reduced, half the work: after pivots 0..<p the in-place matrix M
    /// is symmetric except that M[i][j] = -M[j][i] when exactly one of i, j is a reduced pivot, so
    /// every entry above the diagonal that a step needs can be read from below it. Blocked for the
    /// cache: pivots are taken `block` at a time; the block's own rows are completed and reduced in
    /// full first, keeping a copy of each pivot row (and its pivot) as it stood at its step, then
    /// every other row takes the block's steps in turn while it sits in L1, rows split over the
    /// cores. (EASE^R's 1,000 x 1,000 took 0.45 s one pivot at a time, 0.2 s blocked on the full
    /// matrix, about half that on the triangle.)
    public static func inverseSymmetric(_ a: [Double], size k: Int, block: Int = 32) -> [Double]? {
        var m = a
        var pivotRows = [Double](repeating: 0, count: block * k)
        var pivotValues = [Double](repeating: 0, count: block)
        let ok = m.withUnsafeMutableBufferPointer { matrix -> Bool in
            pivotRows.withUnsafeMutableBufferPointer { savedRows -> Bool in
                pivotValues.withUnsafeMutableBufferPointer { savedPivots -> Bool in
                    let base = SharedPointer(matrix.baseAddress!), copies = SharedPointer(savedRows.baseAddress!)
                    let pivotsAt = SharedPointer(savedPivots.baseAddress!)
                    for first in stride(from: 0, to: k, by: block) {
                        let pivots = first..<min(k, first + block)
                        // The block's rows in full: above the diagonal, both indices are unreduced.
                        for r in pivots {
                            for j in (r + 1)..<k { base.base[r * k + j] = base.base[j * k + r] }
                        }
                        for p in pivots {
                            let rowP = base.base + p * k
                            let pivot = rowP[p]
                            guard pivot > 0, pivot.isFinite else { return false }
                            pivotsAt.base[p - first] = pivot
                            rowP[p] = 1
                            let inverse = 1 / pivot
                            for j in 0..<k { rowP[j] *= inverse }
                            (copies.base + (p - first) * k).update(from: rowP, count: k)
                            for i in pivots where i != p {
                                let row = base.base + i * k, factor = row[p]
                                row[p] = 0
                                subtract(factor, times: rowP, from: row, count: k)
                            }
                        }
                        Parallel.forEach(k, chunkSize: 64) { rows in
                            for i in rows where !pivots.contains(i) {
                                let row = base.base + i * k
                                for p in pivots {
                                    let pivotRow = copies.base + (p - first) * k
                                    let factor: Double
                                    if i < p {
                                        factor = -pivotRow[i] * pivotsAt.base[p - first]  // M[i][p] = -M[p][i] before the step
                                    } else {
                                        factor = row[p]
                                        row[p] = 0
                                    }
                                    subtract(factor, times: pivotRow, from: row, count: i + 1)
                                }
                            }
                        }
                    }
                    return true
                }
            }
        }
        guard ok else { return nil }
        for i in 0..<k {
            for j in 0..<i { m[j * k + i] = m[i * k + j] }
        }
        return m
    }

    /// row[0..<count] -= factor x pivotRow[0..<count]: one Gauss-Jordan step on one row.
    @inline(__always) private static func subtract(_ factor: Double, times pivotRow: UnsafeMutablePointer<Double>,
                                                   from row: UnsafeMutablePointer<Double>, count: Int) {
        if factor == 0 { return }
        for j in 0..<count { row[j] -= factor * pivotRow[j] }
    }
}

import ComplexModule
import Foundation
import RealModule

/// Polynomials with real coefficients, lowest degree first: `[c0, c1, c2]` is c0 + c1 z + c2 z^2.
public enum Polynomial {
    /// Product of two polynomials.
    public static func multiply(_ a: [Double], _ b: [Double]) -> [Double] {
        guard !a.isEmpty, !b.isEmpty else { return [] }
        var result = [Double](repeating: 0, count: a.count + b.count - 1)
        for i in a.indices { for j in b.indices { result[i + j] += a[i] * b[j] } }
        return result
    }

    /// All complex roots (Durand-Kerner iteration), for stationarity and invertibility checks.
    public static func roots(_ coefficients: [Double]) -> [Complex<Double>] {
        var c = coefficients
        while let last = c.last, abs(last) < 1e-14 { c.removeLast() }
        let degree = c.count - 1
        guard degree >= 1 else { return [] }
        let lead = c[degree]
        let monic = c.map { Complex($0 / lead) }
        func value(_ z: Complex<Double>) -> Complex<Double> {
            var v = Complex<Double>(0)
            for k in stride(from: degree, through: 0, by: -1) { v = v * z + monic[k] }
            return v
        }
        // Start on a circle of Cauchy's root radius, at irregular angles.
        let radius = 1 + (0..<degree).map { abs(c[$0] / lead) }.max()!
        var z = (0..<degree).map { k in Complex(length: radius, phase: 2 * Double.pi * Double(k) / Double(degree) + 0.4) }
        for _ in 0..<500 {
            var change = 0.0
            for i in 0..<degree {
                var denominator = Complex<Double>(1)
                for j in 0..<degree where j != i { denominator = denominator * (z[i] - z[j]) }
                let delta = value(z[i]) / denominator
                if delta.isFinite {
                    z[i] = z[i] - delta
                    change = max(change, delta.length)
                }
            }
            if change < 1e-13 { break }
        }
        return z
    }

    /// Whether every root lies strictly inside the circle of the given radius (Schur-Cohn test:
    /// O(degree^2) arithmetic, no root finding, so it can run inside an optimiser's objective).
    /// Works in one scratch buffer: an ETS fit asks this on every likelihood evaluation, and with
    /// two new arrays per step it cost a third as much as the likelihood itself (perf, medium).
    public static func rootsInside(_ coefficients: [Double], radius: Double = 1) -> Bool {
        let size = coefficients.count
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * max(size, 1)) { buffer in
            var a = buffer.baseAddress!, b = a + size
            for (i, c) in coefficients.enumerated() { a[i] = c * pow(radius, Double(i)) }
            var count = size
            while count > 0 && abs(a[count - 1]) < 1e-14 { count -= 1 }
            while count > 1 {
                let n = count - 1
                let k = a[0] / a[n]
                if !(abs(k) < 1) { return false }
                // b(z) = (a_n a(z) - a_0 a*(z)) / z, where a* reverses the coefficients; b is
                // rescaled to a leading 1 because the raw coefficients square in size every step.
                for j in 1...n { b[j - 1] = a[n] * a[j] - a[0] * a[n - j] }
                let lead = b[n - 1]
                guard lead != 0 else { return false }
                for j in 0..<n { b[j] = b[j] / lead }
                swap(&a, &b)
                count = n
            }
            return true
        }
    }

    /// Smallest root modulus; `infinity` for a constant polynomial.
    public static func minimumRootModulus(_ coefficients: [Double]) -> Double {
        roots(coefficients).map(\.length).min() ?? .infinity
    }
}

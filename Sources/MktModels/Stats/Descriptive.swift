/// Summary statistics used across models.
public enum Descriptive {
    public static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    /// The standard error of the mean, from the sample variance; 0 for fewer than two values.
    public static func standardError(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : (variance(values) / Double(values.count)).squareRoot()
    }

    /// Sample variance (n - 1 denominator); 0 for fewer than two values.
    public static func variance(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let m = mean(values)
        return values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)
    }

    /// The q-quantile with linear interpolation between order statistics
    /// (numpy's and pandas' default); the median is `quantile(values, 0.5)`.
    public static func quantile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (position - Double(lower)) * (sorted[upper] - sorted[lower])
    }

    public static func median(_ values: [Double]) -> Double { quantile(values, 0.5) }

    /// Pearson's correlation of two equally long samples; nil when either is constant or they are shorter than 3.
    public static func correlation(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count, x.count >= 3 else { return nil }
        let mx = mean(x), my = mean(y)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            sxy += (x[i] - mx) * (y[i] - my)
            sxx += (x[i] - mx) * (x[i] - mx)
            syy += (y[i] - my) * (y[i] - my)
        }
        return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : nil
    }
}

/// Division that treats an empty denominator as "no value" (0), for rates like AOV.
@inline(__always) public func ratio(_ numerator: Double, _ denominator: Double) -> Double {
    denominator == 0 ? 0 : numerator / denominator
}

/// Money rounded to cents, the precision every report figure in currency carries.
@inline(__always) public func cents(_ amount: Double) -> Double {
    let rounded = (amount * 100).rounded() / 100
    return rounded == 0 ? 0 : rounded
}

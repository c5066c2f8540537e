extension Int {
    /// `1234567` as `1,234,567`.
    public var grouped: String {
        let digits = String(magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return self < 0 ? "-" + out : out
    }
}

extension ContinuousClock.Instant {
    /// Seconds since this instant.
    public var elapsedSeconds: Double { (ContinuousClock.now - self).seconds }

    /// Seconds since this instant, as `0.41 s`.
    public var elapsedText: String { (ContinuousClock.now - self).text }
}

extension Duration {
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }

    /// As `0.41 s`.
    public var text: String { String(format: "%.2f s", seconds) }
}

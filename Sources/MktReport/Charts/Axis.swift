import Foundation

/// "Nice" axis ticks (Heckbert, Graphics Gems 1990): steps of 1, 2 or 5 x 10^k that cover the data.
public struct NiceScale: Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    public var step: Double

    public init(minimum: Double, maximum: Double, targetTicks: Int = 5) {
        var low = minimum, high = maximum
        if low == high {
            low = low == 0 ? 0 : low - abs(low) * 0.5
            high = high == 0 ? 1 : high + abs(high) * 0.5
        }
        let step = NiceScale.niceNumber((high - low) / Double(max(1, targetTicks - 1)), round: true)
        lower = (low / step).rounded(.down) * step
        upper = (high / step).rounded(.up) * step
        self.step = step
    }

    public var ticks: [Double] {
        let count = Int(((upper - lower) / step).rounded()) + 1
        return (0..<count).map { lower + Double($0) * step }
    }

    /// Maps a value into [from, to] (pixels).
    public func position(_ value: Double, from: Double, to: Double) -> Double {
        from + (value - lower) / (upper - lower) * (to - from)
    }

    static func niceNumber(_ x: Double, round: Bool) -> Double {
        let exponent = floor(log10(x))
        let fraction = x / pow(10, exponent)
        let nice: Double
        if round {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * pow(10, exponent)
    }
}

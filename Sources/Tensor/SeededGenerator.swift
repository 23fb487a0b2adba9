import Foundation

/// A deterministic random number generator, so the same seed gives the same weights and samples.
///
/// Uses the SplitMix64 algorithm: a 64-bit counter stepped by a fixed odd constant, then mixed by two
/// multiply-xorshift rounds. It suits weight initialization and sampling but is not cryptographic.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    private var spareNormal: Float?

    /// Creates a generator whose sequence depends only on `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// Returns the next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Returns a uniform sample in the half-open interval (0, 1].
    public mutating func nextUniform() -> Double {
        (Double(next() >> 11) + 1) * 0x1p-53
    }

    /// Returns a sample from the standard normal distribution (mean 0, standard deviation 1).
    ///
    /// Uses the Box-Muller transform, which yields two samples per pair of uniforms, and keeps the second
    /// for the next call.
    public mutating func nextNormal() -> Float {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        let radius = (-2 * log(nextUniform())).squareRoot()
        let angle = 2 * Double.pi * nextUniform()
        spareNormal = Float(radius * sin(angle))
        return Float(radius * cos(angle))
    }
}

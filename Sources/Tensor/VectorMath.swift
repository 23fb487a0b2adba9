/// Elementwise SiLU kernels for the layers' forward passes.
///
/// `expf` from libm is a call per entry. These loops use `exponential`, which has no calls or branches, so
/// the compiler can vectorize them. It left the inference loops scalar all the same, and a version on
/// `SIMD8<Float>` lanes, bit for bit equal, saved about 1 % of the CPU time of `/verify` requests, so they stay
/// simple. Their results differ from `Activation.silu` by float rounding only, a few units in the last place.
enum VectorMath {
    /// Replaces every entry `x` with `silu(x + bias)`, where `silu(x) = x · sigmoid(x)`.
    static func applySilu(_ values: UnsafeMutableBufferPointer<Float>, bias: Float) {
        for index in values.indices {
            let x = values[index] + bias
            values[index] = x / (1 + exponential(-x))
        }
    }

    /// Writes `silu(x + bias)` of every entry to `output` and replaces the entry with `x + bias`.
    static func addAndApplySilu(
        _ values: UnsafeMutableBufferPointer<Float>, bias: Float, output: UnsafeMutableBufferPointer<Float>
    ) {
        precondition(output.count == values.count, "SiLU output has \(output.count) entries, not \(values.count)")
        for index in values.indices {
            let x = values[index] + bias
            values[index] = x
            output[index] = x / (1 + exponential(-x))
        }
    }

    /// Writes `silu(gate) · up` to `output` and `silu(gate)` to `activation`, entry by entry.
    static func gatedSilu(
        gate: UnsafeBufferPointer<Float>, up: UnsafeBufferPointer<Float>,
        activation: UnsafeMutableBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>
    ) {
        precondition(
            up.count == gate.count && activation.count == gate.count && output.count == gate.count,
            "Gated SiLU buffers differ in length")
        for index in gate.indices {
            let x = gate[index]
            let silu = x / (1 + exponential(-x))
            activation[index] = silu
            output[index] = silu * up[index]
        }
    }

    /// Replaces every entry of `gate` with `silu(gate) · up`.
    static func applyGatedSilu(_ gate: UnsafeMutableBufferPointer<Float>, up: UnsafeBufferPointer<Float>) {
        precondition(up.count == gate.count, "Gated SiLU buffers differ in length")
        for index in gate.indices {
            let x = gate[index]
            gate[index] = x / (1 + exponential(-x)) * up[index]
        }
    }

    /// Returns `e^x`, within 2 units in the last place of the exact value for `x` in [-87, 88].
    ///
    /// Inputs are clamped to that range, so larger ones give about 1.7e38 and smaller ones about 1.6e-38, never
    /// infinity or a subnormal. The method: `x = k·ln 2 + r` with integer `k` and `|r| ≤ ln 2 / 2`, then
    /// `e^x = 2^k · e^r`, with `e^r` from its Taylor polynomial of degree 7 (truncation error below 1e-8) and
    /// `2^k` built in the exponent bits.
    @inline(__always)
    static func exponential(_ x: Float) -> Float {
        let clamped = Swift.min(Swift.max(x, -87), 88)

        // Adding 1.5 · 2^23 rounds x / ln 2 to the nearest integer k and leaves k in the low mantissa bits.
        let shifter: Float = 12_582_912
        let shifted = clamped * 1.442_695_04 + shifter
        let k = shifted - shifter
        let kBits = Int32(bitPattern: shifted.bitPattern &- shifter.bitPattern)

        // ln 2 split in two, the high part with few enough bits that k times it is exact.
        let r = clamped - k * 0.693_145_751_953_125 - k * 1.428_606_820_309_417_2e-6
        var polynomial: Float = 1 / 5040
        polynomial = polynomial * r + 1 / 720
        polynomial = polynomial * r + 1 / 120
        polynomial = polynomial * r + 1 / 24
        polynomial = polynomial * r + 1 / 6
        polynomial = polynomial * r + 0.5
        polynomial = polynomial * r + 1
        polynomial = polynomial * r + 1

        let scale = Float(bitPattern: UInt32(bitPattern: (kBits &+ 127) &<< 23))
        return polynomial * scale
    }
}

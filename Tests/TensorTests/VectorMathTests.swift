import Foundation
import Testing

@testable import Tensor

@Suite struct VectorMathTests {
    /// Returns the distance from `value` to `exact` in units in the last place of `exact` rounded to Float.
    private func unitsInLastPlace(_ value: Float, from exact: Double) -> Double {
        abs(Double(value) - exact) / Double(Float(exact).ulp)
    }

    @Test func exponentialIsWithinTwoUnitsInLastPlace() {
        var worst = 0.0
        var x: Float = -87
        while x <= 88 {
            worst = max(worst, unitsInLastPlace(VectorMath.exponential(x), from: Foundation.exp(Double(x))))
            x += 0.000_37
        }
        #expect(worst < 2)
    }

    @Test(arguments: [0, 1, -1, 0.5, 1e-6, -1e-6] as [Float])
    func exponentialOfSmallValuesIsAccurate(x: Float) {
        #expect(unitsInLastPlace(VectorMath.exponential(x), from: Foundation.exp(Double(x))) < 2)
    }

    @Test(arguments: [-1000, -200, -88, 89, 200, 1000] as [Float])
    func exponentialOutsideRangeIsClampedAndFinite(x: Float) {
        let value = VectorMath.exponential(x)
        #expect(value.isFinite)
        #expect(value > 0)
        #expect(value.isNormal)
    }

    @Test func siluMatchesScalarSilu() {
        let inputs: [Float] = stride(from: -30, through: 30, by: 0.013).map { Float($0) } + [-200, -90, 90, 200]
        var values = inputs
        values.withUnsafeMutableBufferPointer { VectorMath.applySilu($0, bias: 0) }

        for (input, value) in zip(inputs, values) {
            let expected = silu(input)
            #expect(abs(value - expected) <= 4 * expected.magnitude.ulp + 1e-30, "silu(\(input))")
        }
    }

    @Test func gatedSiluWritesActivationAndProduct() {
        let gate: [Float] = [-3, -0.5, 0, 0.25, 4]
        let up: [Float] = [2, -1, 5, 3, 0.5]
        var activation = [Float](repeating: 0, count: 5)
        var output = [Float](repeating: 0, count: 5)
        var inPlace = gate

        gate.withUnsafeBufferPointer { gateBuffer in
            up.withUnsafeBufferPointer { upBuffer in
                activation.withUnsafeMutableBufferPointer { activationBuffer in
                    output.withUnsafeMutableBufferPointer { outputBuffer in
                        VectorMath.gatedSilu(
                            gate: gateBuffer, up: upBuffer, activation: activationBuffer, output: outputBuffer)
                    }
                }
                inPlace.withUnsafeMutableBufferPointer { VectorMath.applyGatedSilu($0, up: upBuffer) }
            }
        }

        for index in gate.indices {
            #expect(abs(activation[index] - silu(gate[index])) < 1e-6, "activation \(index)")
            #expect(abs(output[index] - silu(gate[index]) * up[index]) < 1e-6, "output \(index)")
            #expect(inPlace[index] == output[index], "in place \(index)")
        }
    }

    @Test func addAndApplySiluKeepsPreactivation() {
        var values: [Float] = [-2, 0, 1.5]
        var output = [Float](repeating: 0, count: 3)

        values.withUnsafeMutableBufferPointer { valueBuffer in
            output.withUnsafeMutableBufferPointer { VectorMath.addAndApplySilu(valueBuffer, bias: 0.5, output: $0) }
        }

        #expect(values == [-1.5, 0.5, 2])
        for index in values.indices {
            #expect(abs(output[index] - silu(values[index])) < 1e-6, "entry \(index)")
        }
    }
}

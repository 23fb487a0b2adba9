/// A gated feed-forward layer across features, `y = (silu(x·W1) ⊙ (x·W3))·W2`, applied to each row.
///
/// Tensors, without biases: `<name>.gate.weight` (W1, `features x hidden`), `<name>.up.weight`
/// (W3, `features x hidden`) and `<name>.down.weight` (W2, `hidden x features`).
public struct SwiGLU: Layer {
    /// The values `forward` keeps for `backward`.
    public struct Cache: Sendable {
        var gate: Linear.Cache
        var up: Linear.Cache
        var down: Linear.Cache
        /// `x·W1`, before the activation.
        var gatePreactivation: Matrix
        /// `silu(x·W1)`.
        var gateActivation: Matrix
        /// `x·W3`.
        var upOutput: Matrix
    }

    /// The prefix of this layer's tensor names.
    public let name: String
    /// The number of features in each row, in and out.
    public let features: Int
    /// The width of the gated hidden layer.
    public let hidden: Int

    private let gate: Linear
    private let up: Linear
    private let down: Linear

    /// Creates a layer of `features` channels with a gated hidden width of `hidden`.
    public init(name: String, features: Int, hidden: Int) {
        precondition(features > 0 && hidden > 0, "SwiGLU \(name) needs positive sizes, got \(features), \(hidden)")
        self.name = name
        self.features = features
        self.hidden = hidden
        gate = Linear(name: name + ".gate", inputs: features, outputs: hidden, bias: false)
        up = Linear(name: name + ".up", inputs: features, outputs: hidden, bias: false)
        down = Linear(name: name + ".down", inputs: hidden, outputs: features, bias: false)
    }

    /// Adds the three weights, each normal with standard deviation `1/√inputs`.
    public func initialize(_ parameters: inout Parameters, using generator: inout SeededGenerator) {
        gate.initialize(&parameters, using: &generator)
        up.initialize(&parameters, using: &generator)
        down.initialize(&parameters, using: &generator)
    }

    /// Maps `x`, `n x features`, to `n x features`.
    public func forward(_ x: Matrix, _ parameters: Parameters) -> (output: Matrix, cache: Cache) {
        let (gatePreactivation, gateCache) = gate.forward(x, parameters)
        let (upOutput, upCache) = up.forward(x, parameters)
        var gateActivation = Matrix(rows: x.rows, columns: hidden)
        var hiddenOutput = Matrix(rows: x.rows, columns: hidden)
        gatePreactivation.values.withUnsafeBufferPointer { gateBuffer in
            upOutput.values.withUnsafeBufferPointer { upBuffer in
                gateActivation.values.withUnsafeMutableBufferPointer { activationBuffer in
                    hiddenOutput.values.withUnsafeMutableBufferPointer { hiddenBuffer in
                        VectorMath.gatedSilu(
                            gate: gateBuffer, up: upBuffer, activation: activationBuffer, output: hiddenBuffer)
                    }
                }
            }
        }
        let (output, downCache) = down.forward(hiddenOutput, parameters)

        let cache = Cache(
            gate: gateCache, up: upCache, down: downCache,
            gatePreactivation: gatePreactivation, gateActivation: gateActivation, upOutput: upOutput)
        return (output, cache)
    }

    /// Returns `residual + SwiGLU(x)` without building a cache, for inference.
    ///
    /// The gate is activated and multiplied in place, and the result equals `residual + forward(x).output` bit
    /// for bit.
    public func apply(_ x: Matrix, _ parameters: Parameters, addingTo residual: Matrix) -> Matrix {
        precondition(x.columns == features, "SwiGLU \(name) expects \(features) columns, got \(x.shapeText)")
        precondition(residual.hasSameShape(as: x), "SwiGLU \(name) residual is \(residual.shapeText)")
        var hiddenOutput = matmul(x, parameters[gate.weightName])
        let upOutput = matmul(x, parameters[up.weightName])
        hiddenOutput.values.withUnsafeMutableBufferPointer { hiddenBuffer in
            upOutput.values.withUnsafeBufferPointer { upBuffer in
                VectorMath.applyGatedSilu(hiddenBuffer, up: upBuffer)
            }
        }

        var output = matmul(hiddenOutput, parameters[down.weightName])
        output += residual
        return output
    }

    /// Adds the three weight gradients and returns the input gradient.
    public func backward(
        _ outputGradient: Matrix, _ cache: Cache, _ parameters: Parameters, gradients: inout Parameters
    ) -> Matrix {
        let hiddenGradient = down.backward(outputGradient, cache.down, parameters, gradients: &gradients)

        let gatedUpGradient = hiddenGradient.combined(with: cache.upOutput, *)
        let gateGradient = Activation.silu.backward(gatedUpGradient, input: cache.gatePreactivation)
        let upGradient = cache.gateActivation.combined(with: hiddenGradient, *)

        var inputGradient = gate.backward(gateGradient, cache.gate, parameters, gradients: &gradients)
        inputGradient += up.backward(upGradient, cache.up, parameters, gradients: &gradients)
        return inputGradient
    }
}

/// An MLP across the token (row) axis, `Y = B·silu(A·X + a) + b`, applied to each feature column alike.
///
/// Tensors: `<name>.first.weight` (A, `hidden x tokens`), `<name>.first.bias` (a, `hidden x 1`),
/// `<name>.second.weight` (B, `tokens x hidden`) and `<name>.second.bias` (b, `tokens x 1`). The biases
/// broadcast across features.
public struct TokenMixing: Layer {
    /// The values `forward` keeps for `backward`.
    public struct Cache: Sendable {
        /// The input `X`.
        var input: Matrix
        /// `A·X + a`, before the activation.
        var preactivation: Matrix
        /// `silu(A·X + a)`.
        var hiddenOutput: Matrix
    }

    /// The prefix of this layer's tensor names.
    public let name: String
    /// The number of tokens, the rows of the input.
    public let tokens: Int
    /// The width of the hidden layer.
    public let hidden: Int

    let firstWeightName: String
    let firstBiasName: String
    let secondWeightName: String
    let secondBiasName: String

    /// Creates a layer mixing `tokens` rows through a hidden width of `hidden`.
    public init(name: String, tokens: Int, hidden: Int) {
        precondition(tokens > 0 && hidden > 0, "TokenMixing \(name) needs positive sizes, got \(tokens), \(hidden)")
        self.name = name
        self.tokens = tokens
        self.hidden = hidden
        firstWeightName = name + ".first.weight"
        firstBiasName = name + ".first.bias"
        secondWeightName = name + ".second.weight"
        secondBiasName = name + ".second.bias"
    }

    /// Adds A and B, normal with standard deviation `1/√tokens` and `1/√hidden`, and zero biases.
    public func initialize(_ parameters: inout Parameters, using generator: inout SeededGenerator) {
        let firstDeviation = 1 / Float(tokens).squareRoot()
        let secondDeviation = 1 / Float(hidden).squareRoot()
        parameters[firstWeightName] = .random(
            rows: hidden, columns: tokens, standardDeviation: firstDeviation, using: &generator)
        parameters[firstBiasName] = Matrix(rows: hidden, columns: 1)
        parameters[secondWeightName] = .random(
            rows: tokens, columns: hidden, standardDeviation: secondDeviation, using: &generator)
        parameters[secondBiasName] = Matrix(rows: tokens, columns: 1)
    }

    /// Maps `X`, `tokens x features`, to `tokens x features`.
    public func forward(_ x: Matrix, _ parameters: Parameters) -> (output: Matrix, cache: Cache) {
        precondition(x.rows == tokens, "TokenMixing \(name) expects \(tokens) rows, got \(x.shapeText)")
        var preactivation = matmul(parameters[firstWeightName], x)
        var hiddenOutput = Matrix(rows: hidden, columns: x.columns)
        let firstBias = parameters[firstBiasName]
        preactivation.values.withUnsafeMutableBufferPointer { preactivationBuffer in
            hiddenOutput.values.withUnsafeMutableBufferPointer { hiddenBuffer in
                for row in 0..<hidden {
                    let range = row * x.columns..<(row + 1) * x.columns
                    VectorMath.addAndApplySilu(
                        UnsafeMutableBufferPointer(rebasing: preactivationBuffer[range]), bias: firstBias.values[row],
                        output: UnsafeMutableBufferPointer(rebasing: hiddenBuffer[range]))
                }
            }
        }

        var output = matmul(parameters[secondWeightName], hiddenOutput)
        output.addToEachColumn(parameters[secondBiasName])
        return (output, Cache(input: x, preactivation: preactivation, hiddenOutput: hiddenOutput))
    }

    /// Returns `residual + TokenMixing(x)` without building a cache, for inference.
    ///
    /// The hidden layer is activated in place, and the result equals `residual + forward(x).output` bit for bit,
    /// so a traced and an untraced recursion give the same state.
    public func apply(_ x: Matrix, _ parameters: Parameters, addingTo residual: Matrix) -> Matrix {
        precondition(x.rows == tokens, "TokenMixing \(name) expects \(tokens) rows, got \(x.shapeText)")
        precondition(residual.hasSameShape(as: x), "TokenMixing \(name) residual is \(residual.shapeText)")
        var hiddenOutput = matmul(parameters[firstWeightName], x)
        let firstBias = parameters[firstBiasName]
        hiddenOutput.values.withUnsafeMutableBufferPointer { hiddenBuffer in
            for row in 0..<hidden {
                let range = row * x.columns..<(row + 1) * x.columns
                VectorMath.applySilu(
                    UnsafeMutableBufferPointer(rebasing: hiddenBuffer[range]), bias: firstBias.values[row])
            }
        }

        var output = matmul(parameters[secondWeightName], hiddenOutput)
        output.addToEachColumn(parameters[secondBiasName])
        output += residual
        return output
    }

    /// Adds the gradients of A, a, B and b and returns the input gradient `Aᵀ·dP`.
    public func backward(
        _ outputGradient: Matrix, _ cache: Cache, _ parameters: Parameters, gradients: inout Parameters
    ) -> Matrix {
        precondition(outputGradient.hasSameShape(as: cache.input), "TokenMixing \(name) gradient shape differs")
        ensureGradients(&gradients)

        gemm(outputGradient, cache.hiddenOutput, into: &gradients[secondWeightName], transposeB: true, beta: 1)
        gradients[secondBiasName] += outputGradient.rowSums()
        let hiddenGradient = matmul(parameters[secondWeightName], outputGradient, transposeA: true)

        let preactivationGradient = Activation.silu.backward(hiddenGradient, input: cache.preactivation)
        gemm(preactivationGradient, cache.input, into: &gradients[firstWeightName], transposeB: true, beta: 1)
        gradients[firstBiasName] += preactivationGradient.rowSums()
        return matmul(parameters[firstWeightName], preactivationGradient, transposeA: true)
    }

    private func ensureGradients(_ gradients: inout Parameters) {
        gradients.ensure(firstWeightName, rows: hidden, columns: tokens)
        gradients.ensure(firstBiasName, rows: hidden, columns: 1)
        gradients.ensure(secondWeightName, rows: tokens, columns: hidden)
        gradients.ensure(secondBiasName, rows: tokens, columns: 1)
    }
}

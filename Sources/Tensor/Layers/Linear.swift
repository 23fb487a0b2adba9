/// An affine map `y = x·W + b` applied to each row of the input.
///
/// Tensors: `<name>.weight`, `inputs x outputs`, and `<name>.bias`, `1 x outputs`, when `bias` is true.
public struct Linear: Layer {
    /// The values `forward` keeps for `backward`.
    public struct Cache: Sendable {
        /// The input `x`.
        public var input: Matrix
    }

    /// The prefix of this layer's tensor names.
    public let name: String
    /// The number of input features.
    public let inputs: Int
    /// The number of output features.
    public let outputs: Int
    /// Whether the layer adds a bias.
    public let hasBias: Bool

    /// The name of the weight tensor.
    public let weightName: String
    /// The name of the bias tensor, used only when `hasBias` is true.
    public let biasName: String

    /// Creates a layer mapping `inputs` features to `outputs` features. Default: with a bias.
    public init(name: String, inputs: Int, outputs: Int, bias: Bool = true) {
        precondition(inputs > 0 && outputs > 0, "Linear \(name) needs positive sizes, got \(inputs) -> \(outputs)")
        self.name = name
        self.inputs = inputs
        self.outputs = outputs
        self.hasBias = bias
        weightName = name + ".weight"
        biasName = name + ".bias"
    }

    /// Adds the weight, normal with standard deviation `1/√inputs`, and a zero bias.
    public func initialize(_ parameters: inout Parameters, using generator: inout SeededGenerator) {
        let deviation = 1 / Float(inputs).squareRoot()
        parameters[weightName] = .random(
            rows: inputs, columns: outputs, standardDeviation: deviation, using: &generator)
        if hasBias {
            parameters[biasName] = Matrix(rows: 1, columns: outputs)
        }
    }

    /// Maps `x`, `n x inputs`, to `n x outputs`.
    public func forward(_ x: Matrix, _ parameters: Parameters) -> (output: Matrix, cache: Cache) {
        precondition(x.columns == inputs, "Linear \(name) expects \(inputs) columns, got \(x.shapeText)")
        var output = matmul(x, parameters[weightName])
        if hasBias {
            output.addToEachRow(parameters[biasName])
        }
        return (output, Cache(input: x))
    }

    /// Adds `xᵀ·dy` to the weight gradient and the column sums of `dy` to the bias gradient.
    ///
    /// - Returns: The input gradient `dy·Wᵀ`.
    public func backward(
        _ outputGradient: Matrix, _ cache: Cache, _ parameters: Parameters, gradients: inout Parameters
    ) -> Matrix {
        precondition(
            outputGradient.rows == cache.input.rows && outputGradient.columns == outputs,
            "Linear \(name) output gradient is \(outputGradient.shapeText)")

        gradients.ensure(weightName, rows: inputs, columns: outputs)
        gemm(cache.input, outputGradient, into: &gradients[weightName], transposeA: true, beta: 1)
        if hasBias {
            gradients.ensure(biasName, rows: 1, columns: outputs)
            gradients[biasName] += outputGradient.columnSums()
        }

        return matmul(outputGradient, parameters[weightName], transposeB: true)
    }
}

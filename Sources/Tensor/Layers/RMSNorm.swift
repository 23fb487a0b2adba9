/// Root-mean-square normalization of each row, `y = x / rms(x) ⊙ g`, with `rms(x) = √(mean(x²) + ε)`.
///
/// Tensor: `<name>.gain`, `1 x features`, initialized to 1.
public struct RMSNorm: Layer {
    /// The values `forward` keeps for `backward`.
    public struct Cache: Sendable {
        /// The normalized input `x / rms(x)` before the gain.
        public var normalized: Matrix
        /// `1 / rms(x)` for each row.
        public var inverseRMS: [Float]
    }

    /// The prefix of this layer's tensor names.
    public let name: String
    /// The number of features in each row.
    public let features: Int
    /// The constant added to the mean square before the square root.
    public let epsilon: Float

    /// The name of the gain tensor.
    public let gainName: String

    /// Creates a normalization over rows of `features` entries. Default `epsilon`: 1e-6.
    public init(name: String, features: Int, epsilon: Float = 1e-6) {
        precondition(features > 0, "RMSNorm \(name) needs a positive feature count, got \(features)")
        self.name = name
        self.features = features
        self.epsilon = epsilon
        gainName = name + ".gain"
    }

    /// Adds the gain, all ones.
    public func initialize(_ parameters: inout Parameters, using generator: inout SeededGenerator) {
        parameters[gainName] = Matrix(rows: 1, columns: features, repeating: 1)
    }

    /// Normalizes each row of `x`, `n x features`.
    public func forward(_ x: Matrix, _ parameters: Parameters) -> (output: Matrix, cache: Cache) {
        precondition(x.columns == features, "RMSNorm \(name) expects \(features) columns, got \(x.shapeText)")
        let gain = parameters[gainName]
        var normalized = x
        var output = x
        var inverseRMS = [Float](repeating: 0, count: x.rows)
        normalized.values.withUnsafeMutableBufferPointer { normalizedBuffer in
            output.values.withUnsafeMutableBufferPointer { outputBuffer in
                for row in 0..<x.rows {
                    let range = row * features..<(row + 1) * features
                    inverseRMS[row] = normalize(
                        UnsafeMutableBufferPointer(rebasing: normalizedBuffer[range]),
                        into: UnsafeMutableBufferPointer(rebasing: outputBuffer[range]), gain: gain.values)
                }
            }
        }
        return (output, Cache(normalized: normalized, inverseRMS: inverseRMS))
    }

    /// Normalizes each row of `x` as `forward` does, bit for bit, without building a cache.
    public func apply(_ x: Matrix, _ parameters: Parameters) -> Matrix {
        precondition(x.columns == features, "RMSNorm \(name) expects \(features) columns, got \(x.shapeText)")
        let gain = parameters[gainName]
        var output = x
        output.values.withUnsafeMutableBufferPointer { outputBuffer in
            gain.values.withUnsafeBufferPointer { gainBuffer in
                for start in stride(from: 0, to: outputBuffer.count, by: features) {
                    let row = UnsafeMutableBufferPointer(rebasing: outputBuffer[start..<start + features])
                    let inverse = inverseRMS(UnsafeBufferPointer(row))
                    for column in row.indices {
                        row[column] = row[column] * inverse * gainBuffer[column]
                    }
                }
            }
        }
        return output
    }

    /// Adds the gain gradient and returns the input gradient.
    ///
    /// With `x̂ = x·r`, `r = 1/rms(x)` and `g' = dy ⊙ gain`, each row's input gradient is
    /// `r · (g' − x̂ · mean(g' ⊙ x̂))`.
    public func backward(
        _ outputGradient: Matrix, _ cache: Cache, _ parameters: Parameters, gradients: inout Parameters
    ) -> Matrix {
        precondition(outputGradient.hasSameShape(as: cache.normalized), "RMSNorm \(name) gradient shape differs")
        gradients.ensure(gainName, rows: 1, columns: features)
        gradients[gainName] += Matrix.hadamard(outputGradient, cache.normalized).columnSums()

        let gain = parameters[gainName]
        var inputGradient = outputGradient
        inputGradient.values.withUnsafeMutableBufferPointer { gradientBuffer in
            cache.normalized.values.withUnsafeBufferPointer { normalizedBuffer in
                for row in 0..<outputGradient.rows {
                    let range = row * features..<(row + 1) * features
                    backpropagate(
                        UnsafeMutableBufferPointer(rebasing: gradientBuffer[range]),
                        normalized: UnsafeBufferPointer(rebasing: normalizedBuffer[range]),
                        inverseRMS: cache.inverseRMS[row], gain: gain.values)
                }
            }
        }
        return inputGradient
    }

    /// Divides one row by its root mean square, writes it times `gain` to `output` and returns `1 / rms`.
    private func normalize(
        _ row: UnsafeMutableBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>, gain: [Float]
    ) -> Float {
        let inverse = inverseRMS(UnsafeBufferPointer(row))
        for index in 0..<features {
            row[index] *= inverse
            output[index] = row[index] * gain[index]
        }
        return inverse
    }

    /// Returns `1 / rms` of one row.
    ///
    /// Four partial sums of squares, over the entries at each index modulo 4, let the additions overlap.
    private func inverseRMS(_ row: UnsafeBufferPointer<Float>) -> Float {
        var partialSums = (Float(0), Float(0), Float(0), Float(0))
        let blockEnd = row.count - row.count % 4
        for index in stride(from: 0, to: blockEnd, by: 4) {
            partialSums.0 += row[index] * row[index]
            partialSums.1 += row[index + 1] * row[index + 1]
            partialSums.2 += row[index + 2] * row[index + 2]
            partialSums.3 += row[index + 3] * row[index + 3]
        }
        for index in blockEnd..<row.count {
            partialSums.0 += row[index] * row[index]
        }
        let sumOfSquares = (partialSums.0 + partialSums.1) + (partialSums.2 + partialSums.3)
        return 1 / (sumOfSquares / Float(features) + epsilon).squareRoot()
    }

    /// Replaces one row's output gradient with its input gradient.
    private func backpropagate(
        _ gradient: UnsafeMutableBufferPointer<Float>, normalized: UnsafeBufferPointer<Float>,
        inverseRMS: Float, gain: [Float]
    ) {
        var dot: Float = 0
        for index in 0..<features {
            gradient[index] *= gain[index]
            dot += gradient[index] * normalized[index]
        }
        let meanDot = dot / Float(features)
        for index in 0..<features {
            gradient[index] = inverseRMS * (gradient[index] - normalized[index] * meanDot)
        }
    }
}

import Tensor

/// The largest norm-wise relative error accepted between an analytic and a finite-difference gradient.
///
/// With Float forward passes and steps of 1e-2 or 1e-3, correct gradients in these tests give errors below
/// 4e-4, and scaling one gradient term by 5 % gives errors above 1e-2.
let gradientTolerance = 2e-3

/// The relative error between an analytic gradient and its finite-difference estimate for one tensor.
struct GradientError: CustomStringConvertible {
    var tensor: String
    var error: Double

    var description: String { "\(tensor): \(error)" }
}

/// Returns a matrix of normal samples with standard deviation 1.
func randomMatrix(_ rows: Int, _ columns: Int, using generator: inout SeededGenerator) -> Matrix {
    .random(rows: rows, columns: columns, standardDeviation: 1, using: &generator)
}

/// Returns `Σ weights ⊙ output` accumulated in Double, a random linear functional of the output.
func linearFunctional(_ output: Matrix, weights: Matrix) -> Double {
    precondition(output.hasSameShape(as: weights), "Functional weights differ in shape from the output")
    var sum = 0.0
    for (value, weight) in zip(output.values, weights.values) {
        sum += Double(value) * Double(weight)
    }
    return sum
}

/// Estimates the gradient of `loss` at `x` by central differences with `step` per entry.
func numericalGradient(at x: Matrix, step: Float = 1e-2, _ loss: (Matrix) -> Double) -> Matrix {
    var gradient = Matrix(rows: x.rows, columns: x.columns)
    var probe = x
    for index in 0..<x.count {
        let original = x.values[index]
        probe.values[index] = original + step
        let plusPoint = probe.values[index]
        let plus = loss(probe)
        probe.values[index] = original - step
        let minusPoint = probe.values[index]
        let minus = loss(probe)
        probe.values[index] = original
        gradient.values[index] = Float((plus - minus) / (Double(plusPoint) - Double(minusPoint)))
    }
    return gradient
}

/// Returns `‖a − b‖ / max(‖a‖, ‖b‖, 1e-6)`.
func relativeError(_ a: Matrix, _ b: Matrix) -> Double {
    precondition(a.hasSameShape(as: b), "Gradients to compare differ in shape")
    var difference = 0.0
    var normA = 0.0
    var normB = 0.0
    for (x, y) in zip(a.values, b.values) {
        difference += (Double(x) - Double(y)) * (Double(x) - Double(y))
        normA += Double(x) * Double(x)
        normB += Double(y) * Double(y)
    }
    return difference.squareRoot() / max(normA.squareRoot(), normB.squareRoot(), 1e-6)
}

/// Returns initialized parameters with noise added, so no tensor keeps a special value such as 0 or 1.
func perturbedParameters<L: Layer>(of layer: L, using generator: inout SeededGenerator) -> Parameters {
    var parameters = Parameters()
    layer.initialize(&parameters, using: &generator)
    for name in parameters.names {
        let matrix = parameters[name]
        parameters[name].addScaled(randomMatrix(matrix.rows, matrix.columns, using: &generator), by: 0.3)
    }
    return parameters
}

/// Compares a layer's input gradient and every parameter gradient against central finite differences.
///
/// - Returns: One error for `input` and one per parameter tensor, in that order.
func layerGradientErrors<L: Layer>(_ layer: L, inputRows: Int, inputColumns: Int, seed: UInt64) -> [GradientError] {
    var generator = SeededGenerator(seed: seed)
    let parameters = perturbedParameters(of: layer, using: &generator)
    let input = randomMatrix(inputRows, inputColumns, using: &generator)
    let (output, cache) = layer.forward(input, parameters)
    let functionalWeights = randomMatrix(output.rows, output.columns, using: &generator)

    var gradients = Parameters()
    let inputGradient = layer.backward(functionalWeights, cache, parameters, gradients: &gradients)

    let inputEstimate = numericalGradient(at: input) { probe in
        linearFunctional(layer.forward(probe, parameters).output, weights: functionalWeights)
    }
    var errors = [GradientError(tensor: "input", error: relativeError(inputGradient, inputEstimate))]
    for name in parameters.names {
        let estimate = numericalGradient(at: parameters[name]) { probe in
            var probeParameters = parameters
            probeParameters[name] = probe
            return linearFunctional(layer.forward(input, probeParameters).output, weights: functionalWeights)
        }
        let analytic = gradients.contains(name) ? gradients[name] : Matrix(rows: 0, columns: 0)
        let error = analytic.hasSameShape(as: estimate) ? relativeError(analytic, estimate) : .infinity
        errors.append(GradientError(tensor: name, error: error))
    }
    return errors
}

/// Returns the parameter gradients after one backward pass and after two passes with the same cache.
func gradientsAfterOneAndTwoPasses<L: Layer>(
    _ layer: L, inputRows: Int, inputColumns: Int, seed: UInt64
) -> (once: Parameters, twice: Parameters) {
    var generator = SeededGenerator(seed: seed)
    let parameters = perturbedParameters(of: layer, using: &generator)
    let input = randomMatrix(inputRows, inputColumns, using: &generator)
    let (output, cache) = layer.forward(input, parameters)
    let outputGradient = randomMatrix(output.rows, output.columns, using: &generator)

    var once = Parameters()
    _ = layer.backward(outputGradient, cache, parameters, gradients: &once)
    var twice = once
    _ = layer.backward(outputGradient, cache, parameters, gradients: &twice)
    return (once, twice)
}

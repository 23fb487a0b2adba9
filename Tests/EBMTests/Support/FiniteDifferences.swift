import Tensor

/// Central-difference step for the energy's derivatives.
///
/// The energy is computed in Float, so much smaller steps lose the difference to rounding. At 1e-2 the errors
/// measured for correct gradients stay below 6e-4.
let differenceStep: Float = 1e-2

/// The largest norm-wise relative error accepted between an analytic and a finite-difference gradient.
///
/// It is about three times the largest error measured for correct gradients, so a gradient that is 1 % off in
/// norm fails the check.
let gradientTolerance = 2e-3

/// Estimates the derivatives of `function` at `point` by central differences, in Double.
func numericalGradient(at point: [Float], step: Float = differenceStep, _ function: ([Float]) -> Float) -> [Double] {
    var probe = point
    return point.indices.map { index in
        probe[index] = point[index] + step
        let plus = Double(function(probe))
        let plusPoint = Double(probe[index])
        probe[index] = point[index] - step
        let minus = Double(function(probe))
        let minusPoint = Double(probe[index])
        probe[index] = point[index]
        return (plus - minus) / (plusPoint - minusPoint)
    }
}

/// Returns `‖a − b‖ / max(‖a‖, ‖b‖, 1e-6)`.
func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "Gradients to compare differ in length: \(a.count) and \(b.count)")
    var difference = 0.0
    var normA = 0.0
    var normB = 0.0
    for (x, y) in zip(a, b) {
        difference += (x - y) * (x - y)
        normA += x * x
        normB += y * y
    }
    return difference.squareRoot() / max(normA.squareRoot(), normB.squareRoot(), 1e-6)
}

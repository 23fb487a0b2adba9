import Foundation

/// Computes the weighted mean binary cross-entropy of logits against targets, and its gradient.
///
/// Each entry's loss is `softplus(x) - t·x`, which equals `-t·log σ(x) - (1-t)·log(1-σ(x))` and stays
/// finite for any logit. The mean divides by the sum of weights, so a weight of 0 masks an entry.
///
/// - Parameters:
///   - logits: The raw scores `x`.
///   - targets: The targets `t`, in [0, 1], shaped like `logits`.
///   - weights: Nonnegative per-entry weights shaped like `logits`, or `nil` for all 1.
/// - Returns: The loss, and its gradient with respect to `logits`. Both are 0 when the weights sum to 0.
public func binaryCrossEntropy(
    logits: Matrix, targets: Matrix, weights: Matrix? = nil
) -> (loss: Float, gradient: Matrix) {
    precondition(logits.hasSameShape(as: targets), "Targets \(targets.shapeText) differ from \(logits.shapeText)")
    let weights = weights ?? Matrix(rows: logits.rows, columns: logits.columns, repeating: 1)
    precondition(logits.hasSameShape(as: weights), "Weights \(weights.shapeText) differ from \(logits.shapeText)")

    let totalWeight = Double(weights.sum())
    var gradient = Matrix(rows: logits.rows, columns: logits.columns)
    guard totalWeight > 0 else { return (0, gradient) }

    var loss = 0.0
    let scale = Float(1 / totalWeight)
    for index in 0..<logits.count {
        let x = logits.values[index]
        let t = targets.values[index]
        let w = weights.values[index]
        loss += Double(w) * Double(softplus(x) - t * x)
        gradient.values[index] = w * (sigmoid(x) - t) * scale
    }
    return (Float(loss / totalWeight), gradient)
}

import Foundation

/// The Adam optimizer with decoupled weight decay (AdamW).
///
/// Each step first shrinks a weight by `learningRate · weightDecay · w`, then applies the bias-corrected
/// Adam update. Tensors whose names end in `.bias` or `.gain` get no decay.
public struct AdamW: Sendable {
    /// The step size. Default: 1e-3.
    public var learningRate: Float
    /// The decay rate of the first-moment average. Default: 0.9.
    public var beta1: Float
    /// The decay rate of the second-moment average. Default: 0.999.
    public var beta2: Float
    /// The constant added to the root of the second moment to avoid division by zero. Default: 1e-8.
    public var epsilon: Float
    /// The decoupled weight decay rate per unit learning rate. Default: 0.01.
    public var weightDecay: Float

    /// The running average of gradients, empty before the first step.
    public private(set) var firstMoment = Parameters()
    /// The running average of squared gradients, empty before the first step.
    public private(set) var secondMoment = Parameters()
    /// The number of steps taken.
    public private(set) var stepCount = 0

    /// Creates an optimizer with no moment state.
    public init(
        learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
        weightDecay: Float = 0.01
    ) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    /// Updates `parameters` in place from `gradients`, which must contain a tensor of the same shape for
    /// every parameter name.
    ///
    /// A parameter added after earlier steps starts with zero moments, but bias correction follows the shared
    /// step count, so its first updates are smaller than a fresh optimizer's.
    public mutating func step(_ parameters: inout Parameters, gradients: Parameters) {
        stepCount += 1
        let correction1 = 1 - pow(beta1, Float(stepCount))
        let correction2 = 1 - pow(beta2, Float(stepCount))

        for name in parameters.names {
            precondition(gradients.contains(name), "AdamW has no gradient for \(name)")
            let decay = Self.isDecayed(name) ? weightDecay : 0
            let weight = parameters[name]
            firstMoment.ensure(name, rows: weight.rows, columns: weight.columns)
            secondMoment.ensure(name, rows: weight.rows, columns: weight.columns)
            update(
                &parameters[name], gradient: gradients[name], first: &firstMoment[name],
                second: &secondMoment[name], decay: decay, corrections: (correction1, correction2))
        }
    }

    /// Returns whether the tensor called `name` gets weight decay.
    public static func isDecayed(_ name: String) -> Bool {
        !(name.hasSuffix(".bias") || name.hasSuffix(".gain"))
    }

    private func update(
        _ weight: inout Matrix, gradient: Matrix, first: inout Matrix, second: inout Matrix, decay: Float,
        corrections: (Float, Float)
    ) {
        precondition(
            weight.hasSameShape(as: gradient), "Gradient \(gradient.shapeText) differs from \(weight.shapeText)")
        let (beta1, beta2, epsilon, learningRate) = (beta1, beta2, epsilon, learningRate)
        let shrink = 1 - learningRate * decay
        gradient.values.withUnsafeBufferPointer { g in
            weight.values.withUnsafeMutableBufferPointer { w in
                first.values.withUnsafeMutableBufferPointer { m in
                    second.values.withUnsafeMutableBufferPointer { v in
                        for i in 0..<w.count {
                            m[i] = beta1 * m[i] + (1 - beta1) * g[i]
                            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
                            let mHat = m[i] / corrections.0
                            let vHat = v[i] / corrections.1
                            w[i] = shrink * w[i] - learningRate * mHat / (vHat.squareRoot() + epsilon)
                        }
                    }
                }
            }
        }
    }
}

import Foundation

/// Returns the logistic function `1 / (1 + e^-x)`, computed without overflow for large `|x|`.
public func sigmoid(_ x: Float) -> Float {
    if x >= 0 {
        return 1 / (1 + exp(-x))
    }
    let e = exp(x)
    return e / (1 + e)
}

/// Returns `x · sigmoid(x)`, also called swish.
public func silu(_ x: Float) -> Float {
    x * sigmoid(x)
}

/// Returns `log(1 + e^x)`, computed without overflow for large `|x|`.
public func softplus(_ x: Float) -> Float {
    max(x, 0) + log1p(exp(-abs(x)))
}

/// Returns `log(sigmoid(x))`, which equals `-softplus(-x)`.
public func logSigmoid(_ x: Float) -> Float {
    -softplus(-x)
}

/// An elementwise nonlinearity with its derivative.
public enum Activation: String, Sendable, CaseIterable {
    case sigmoid
    case silu
    case softplus
    case logSigmoid

    /// Returns the activation of one scalar.
    public func callAsFunction(_ x: Float) -> Float {
        switch self {
        case .sigmoid: Tensor.sigmoid(x)
        case .silu: Tensor.silu(x)
        case .softplus: Tensor.softplus(x)
        case .logSigmoid: Tensor.logSigmoid(x)
        }
    }

    /// Returns the derivative of the activation at `x`.
    public func derivative(_ x: Float) -> Float {
        switch self {
        case .sigmoid:
            let s = Tensor.sigmoid(x)
            return s * (1 - s)
        case .silu:
            let s = Tensor.sigmoid(x)
            return s * (1 + x * (1 - s))
        case .softplus:
            return Tensor.sigmoid(x)
        case .logSigmoid:
            return Tensor.sigmoid(-x)
        }
    }

    /// Returns the activation of every entry.
    public func forward(_ x: Matrix) -> Matrix {
        switch self {
        case .sigmoid: x.map(Tensor.sigmoid)
        case .silu: x.map(Tensor.silu)
        case .softplus: x.map(Tensor.softplus)
        case .logSigmoid: x.map(Tensor.logSigmoid)
        }
    }

    /// Returns the input gradient given the output gradient and the input of `forward`.
    public func backward(_ outputGradient: Matrix, input: Matrix) -> Matrix {
        switch self {
        case .sigmoid: input.map(derivativeOfSigmoid).combined(with: outputGradient, *)
        case .silu: input.map(derivativeOfSilu).combined(with: outputGradient, *)
        case .softplus: input.map(Tensor.sigmoid).combined(with: outputGradient, *)
        case .logSigmoid: input.map { Tensor.sigmoid(-$0) }.combined(with: outputGradient, *)
        }
    }
}

private func derivativeOfSigmoid(_ x: Float) -> Float {
    Activation.sigmoid.derivative(x)
}

private func derivativeOfSilu(_ x: Float) -> Float {
    Activation.silu.derivative(x)
}

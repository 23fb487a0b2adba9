/// An exponential moving average of parameters, `average ← decay · average + (1 − decay) · parameters`.
///
/// Model code can evaluate with the average in place of the latest weights to smooth out the noise of the
/// last training steps.
public struct ExponentialMovingAverage: Sendable {
    /// The weight kept from the old average at each update. Default: 0.999.
    public var decay: Float
    /// The current average, with the same names and shapes as the tracked parameters.
    public var average: Parameters

    /// Creates an average that starts at `initial`.
    public init(decay: Float = 0.999, initial: Parameters) {
        precondition(decay >= 0 && decay < 1, "EMA decay must be in [0, 1), got \(decay)")
        self.decay = decay
        self.average = initial
    }

    /// Moves the average toward `parameters` by a fraction `1 − decay`.
    public mutating func update(with parameters: Parameters) {
        precondition(parameters.names == average.names, "EMA parameters have different names")
        average.scale(by: decay)
        average.add(parameters, scaledBy: 1 - decay)
    }
}

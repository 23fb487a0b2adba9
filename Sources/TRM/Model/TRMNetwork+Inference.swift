import Tensor

/// The verifier's output for one window.
public struct WindowPrediction: Sendable {
    /// Probability that each filled token slot is supported, in slot order.
    public var tokenProbabilities: [Float]
    /// Probability that the window's text is supported as a whole.
    public var answerProbability: Float
    /// Supervision steps run, 1 to N_sup.
    public var steps: Int
    /// True when the halting head stopped the recursion before N_sup.
    public var halted: Bool
}

extension TRMNetwork {
    /// Runs supervision steps until the halting logit is positive or N_sup steps have run.
    public func predict(_ window: VerifierWindow, _ parameters: Parameters) -> WindowPrediction {
        var state = RecursionState(slots: configuration.slots, width: configuration.width)
        var outputs = heads(state.y, parameters)
        var steps = 0

        while steps < configuration.supervisionSteps {
            state = supervisionStep(window.features, state, parameters, trace: false).0
            outputs = heads(state.y, parameters)
            steps += 1
            if outputs.haltLogit > 0 { break }
        }

        let tokenProbabilities = window.tokenIndices.indices.map { slot in
            sigmoid(outputs.tokenLogits.values[slot + 1])
        }
        return WindowPrediction(
            tokenProbabilities: tokenProbabilities, answerProbability: sigmoid(outputs.answerLogit), steps: steps,
            halted: steps < configuration.supervisionSteps)
    }

    /// Averages the predictions of several independently trained members.
    ///
    /// Steps are the most any member used, and the prediction counts as halted only when every member halted.
    public func predict(_ window: VerifierWindow, members: [Parameters]) -> WindowPrediction {
        let predictions = members.map { predict(window, $0) }
        guard var average = predictions.first else {
            return WindowPrediction(tokenProbabilities: [], answerProbability: 0, steps: 0, halted: false)
        }
        let share = 1 / Float(predictions.count)
        average.tokenProbabilities = average.tokenProbabilities.indices.map { slot in
            predictions.reduce(Float(0)) { $0 + $1.tokenProbabilities[slot] * share }
        }
        average.answerProbability = predictions.reduce(Float(0)) { $0 + $1.answerProbability * share }
        average.steps = predictions.map(\.steps).max() ?? 0
        average.halted = predictions.allSatisfy(\.halted)
        return average
    }
}

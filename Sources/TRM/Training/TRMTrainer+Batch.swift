import Tensor

extension TRMTrainer {
    /// Runs the supervision steps of one batch, with one optimizer update per step; returns the mean loss.
    func trainBatch(
        _ batch: [TrainingWindow], _ classWeights: (negative: Float, positive: Float), _ parameters: inout Parameters,
        _ optimizer: inout AdamW, _ average: inout ExponentialMovingAverage
    ) -> Float {
        let configuration = network.configuration
        var states = batch.map { _ in RecursionState(slots: configuration.slots, width: configuration.width) }
        var totalLoss: Float = 0

        for _ in 0..<configuration.supervisionSteps {
            var gradients = parameters.zeros()
            for (index, window) in batch.enumerated() {
                let weight = window.label == 1 ? classWeights.positive : classWeights.negative
                totalLoss += accumulate(window, weight, &states[index], parameters, &gradients)
            }
            gradients.scale(by: 1 / Float(batch.count))
            gradients.clipGlobalNorm(options.gradientClip)
            optimizer.step(&parameters, gradients: gradients)
            average.update(with: parameters)
        }
        return totalLoss / Float(batch.count * configuration.supervisionSteps)
    }

    /// Adds one window's gradients for one supervision step and advances its carried state.
    private func accumulate(
        _ window: TrainingWindow, _ classWeight: Float, _ state: inout RecursionState, _ parameters: Parameters,
        _ gradients: inout Parameters
    ) -> Float {
        let (next, trace) = network.supervisionStep(window.features, state, parameters, trace: true)
        state = next
        let outputs = network.heads(next.y, parameters)

        let token = binaryCrossEntropy(
            logits: outputs.tokenLogits, targets: window.tokenTargets, weights: window.tokenWeights)
        let answerProbability = sigmoid(outputs.answerLogit)
        let answerLoss = classWeight * (softplus(outputs.answerLogit) - window.label * outputs.answerLogit)
        let correct: Float = (answerProbability > 0.5) == (window.label == 1) ? 1 : 0
        let haltLoss = softplus(outputs.haltLogit) - correct * outputs.haltLogit

        let yGradient = network.headsBackward(
            tokenGradient: token.gradient.scaled(by: options.tokenLossWeight),
            answerGradient: classWeight * (answerProbability - window.label),
            haltGradient: options.haltLossWeight * (sigmoid(outputs.haltLogit) - correct), outputs, parameters,
            gradients: &gradients)
        if let trace {
            network.recursionBackward(yGradient, trace, parameters, gradients: &gradients)
        }
        return answerLoss + options.tokenLossWeight * token.loss + options.haltLossWeight * haltLoss
    }
}

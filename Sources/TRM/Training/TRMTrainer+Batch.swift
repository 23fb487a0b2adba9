import Tensor

/// Gradients, loss and advanced states of one slice of a batch for one supervision step.
private struct SliceResult: Sendable {
    var gradients: Parameters
    var loss: Float
    var states: [RecursionState]
}

extension TRMTrainer {
    /// Runs the supervision steps of one batch, with one optimizer update per step; returns the mean loss.
    func trainBatch(
        _ batch: [TrainingWindow], _ weights: [Float], _ parameters: inout Parameters, _ optimizer: inout AdamW,
        _ average: inout ExponentialMovingAverage
    ) -> Float {
        let configuration = network.configuration
        let sliceCount = max(parallelSlices, 1)
        let sliceSize = (batch.count + sliceCount - 1) / sliceCount
        let slices = stride(from: 0, to: batch.count, by: sliceSize).map { $0..<min($0 + sliceSize, batch.count) }
        var states = batch.map { _ in RecursionState(slots: configuration.slots, width: configuration.width) }
        var totalLoss: Float = 0

        for _ in 0..<configuration.supervisionSteps {
            let current = parameters
            let carried = states
            let runOne = { @Sendable (range: Range<Int>) in
                runSlice(range.map { batch[$0] }, range.map { weights[$0] }, range.map { carried[$0] }, current)
            }
            let results = slices.count == 1 ? slices.map(runOne) : slices.parallelMap(runOne)

            var gradients = parameters.zeros()
            for (range, result) in zip(slices, results) {
                gradients.add(result.gradients, scaledBy: 1)
                totalLoss += result.loss
                for (offset, index) in range.enumerated() { states[index] = result.states[offset] }
            }
            gradients.scale(by: 1 / Float(batch.count))
            gradients.clipGlobalNorm(options.gradientClip)
            optimizer.step(&parameters, gradients: gradients)
            average.update(with: parameters)
        }
        return totalLoss / Float(batch.count * configuration.supervisionSteps)
    }

    private func runSlice(
        _ windows: [TrainingWindow], _ weights: [Float], _ states: [RecursionState], _ parameters: Parameters
    ) -> SliceResult {
        var result = SliceResult(gradients: parameters.zeros(), loss: 0, states: states)
        for index in windows.indices {
            result.loss += accumulate(
                windows[index], weights[index], &result.states[index], parameters, &result.gradients)
        }
        return result
    }

    /// Adds one window's gradients for one supervision step and advances its carried state.
    private func accumulate(
        _ window: TrainingWindow, _ weight: Float, _ state: inout RecursionState, _ parameters: Parameters,
        _ gradients: inout Parameters
    ) -> Float {
        let (next, trace) = network.supervisionStep(window.features, state, parameters, trace: true)
        state = next
        let outputs = network.heads(next.y, parameters)

        let token = binaryCrossEntropy(
            logits: outputs.tokenLogits, targets: window.tokenTargets, weights: window.tokenWeights)
        let answerProbability = sigmoid(outputs.answerLogit)
        let answerLoss = weight * (softplus(outputs.answerLogit) - window.label * outputs.answerLogit)
        let correct: Float = (answerProbability > 0.5) == (window.label == 1) ? 1 : 0
        let haltLoss = softplus(outputs.haltLogit) - correct * outputs.haltLogit

        let yGradient = network.headsBackward(
            tokenGradient: token.gradient.scaled(by: weight * options.tokenLossWeight),
            answerGradient: weight * (answerProbability - window.label),
            haltGradient: options.haltLossWeight * (sigmoid(outputs.haltLogit) - correct), outputs, parameters,
            gradients: &gradients)
        if let trace {
            network.recursionBackward(yGradient, trace, parameters, gradients: &gradients)
        }
        return answerLoss + weight * options.tokenLossWeight * token.loss + options.haltLossWeight * haltLoss
    }
}

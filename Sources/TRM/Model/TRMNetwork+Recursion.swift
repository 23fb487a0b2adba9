import Tensor

/// Answer state `y` and latent state `z`, carried from one supervision step to the next without gradients.
public struct RecursionState: Sendable {
    public var y: Matrix
    public var z: Matrix

    /// Creates the zero state for a model of the given slots and width.
    public init(slots: Int, width: Int) {
        y = Matrix(rows: slots, columns: width)
        z = Matrix(rows: slots, columns: width)
    }

    public init(y: Matrix, z: Matrix) {
        self.y = y
        self.z = z
    }
}

/// Caches that the last recursion of a supervision step keeps for the backward pass.
struct RecursionTrace {
    var embeddingCache: Linear.Cache
    /// Caches of the latent updates, in order, then of the answer update.
    var latentCaches: [[MixerBlock.Cache]]
    var answerCache: [MixerBlock.Cache]
}

/// Outputs of the heads for one window, with the cache their backward pass needs.
struct HeadOutputs {
    var tokenLogits: Matrix
    var answerLogit: Float
    var haltLogit: Float
    var normCache: RMSNorm.Cache
    var tokenCache: Linear.Cache
    /// Row of the maximum of each column of the normalised state, for routing the max-pool gradient.
    var maximumRows: [Int]
    var pooledCaches: (answer: Linear.Cache, halt: Linear.Cache)
}

extension TRMNetwork {
    /// Runs one supervision step: T recursions, the first T − 1 without caches.
    ///
    /// Each recursion updates the latent state n times, `z ← net(x + y + z)`, then the answer state once,
    /// `y ← net(y + z)`. With `trace` set, the last recursion keeps its caches so `recursionBackward` can
    /// differentiate it; gradients never flow into the carried state.
    func supervisionStep(
        _ features: Matrix, _ state: RecursionState, _ parameters: Parameters, trace: Bool
    ) -> (RecursionState, RecursionTrace?) {
        let (x, embeddingCache) = embedding.forward(features, parameters)
        var y = state.y
        var z = state.z

        for _ in 0..<(configuration.recursions - 1) {
            for _ in 0..<configuration.latentSteps {
                z = net(x + y + z, parameters)
            }
            y = net(y + z, parameters)
        }
        guard trace else {
            for _ in 0..<configuration.latentSteps {
                z = net(x + y + z, parameters)
            }
            return (RecursionState(y: net(y + z, parameters), z: z), nil)
        }

        var latentCaches: [[MixerBlock.Cache]] = []
        for _ in 0..<configuration.latentSteps {
            let (output, caches) = netWithCache(x + y + z, parameters)
            z = output
            latentCaches.append(caches)
        }
        let (newY, answerCache) = netWithCache(y + z, parameters)
        let recursionTrace = RecursionTrace(
            embeddingCache: embeddingCache, latentCaches: latentCaches, answerCache: answerCache)
        return (RecursionState(y: newY, z: z), recursionTrace)
    }

    /// Back-propagates the gradient of the new `y` through the last recursion into the weights.
    func recursionBackward(
        _ yGradient: Matrix, _ trace: RecursionTrace, _ parameters: Parameters, gradients: inout Parameters
    ) {
        // y' = net(y + z_n): the carried y is detached, so only z_n receives the gradient.
        var zGradient = netBackward(yGradient, trace.answerCache, parameters, gradients: &gradients)
        var xGradient = Matrix(rows: yGradient.rows, columns: yGradient.columns)

        // z_i = net(x + y + z_{i-1}): the gradient reaches x at every step and z_{i-1} before the first.
        for caches in trace.latentCaches.reversed() {
            let inputGradient = netBackward(zGradient, caches, parameters, gradients: &gradients)
            xGradient += inputGradient
            zGradient = inputGradient
        }
        _ = embedding.backward(xGradient, trace.embeddingCache, parameters, gradients: &gradients)
    }

    /// Reads the per-slot, whole-answer and halting logits from the answer state.
    func heads(_ y: Matrix, _ parameters: Parameters) -> HeadOutputs {
        let (normalized, normCache) = outputNorm.forward(y, parameters)
        let (tokenLogits, tokenCache) = tokenHead.forward(normalized, parameters)
        let (pooled, maximumRows) = TRMNetwork.pool(normalized)
        let (answer, answerCache) = answerHead.forward(pooled, parameters)
        let (halt, haltCache) = haltHead.forward(pooled, parameters)
        return HeadOutputs(
            tokenLogits: tokenLogits, answerLogit: answer.values[0], haltLogit: halt.values[0],
            normCache: normCache, tokenCache: tokenCache, maximumRows: maximumRows,
            pooledCaches: (answerCache, haltCache))
    }

    /// Back-propagates the heads' logit gradients into their weights and returns the gradient of `y`.
    func headsBackward(
        tokenGradient: Matrix, answerGradient: Float, haltGradient: Float, _ outputs: HeadOutputs,
        _ parameters: Parameters, gradients: inout Parameters
    ) -> Matrix {
        var normalizedGradient = tokenHead.backward(
            tokenGradient, outputs.tokenCache, parameters, gradients: &gradients)
        let one = { (value: Float) in Matrix(rows: 1, columns: 1, values: [value]) }
        var pooledGradient = answerHead.backward(
            one(answerGradient), outputs.pooledCaches.answer, parameters, gradients: &gradients)
        pooledGradient += haltHead.backward(
            one(haltGradient), outputs.pooledCaches.halt, parameters, gradients: &gradients)

        let width = normalizedGradient.columns
        let rowShare = 1 / Float(normalizedGradient.rows)
        for column in 0..<width {
            for row in 0..<normalizedGradient.rows {
                normalizedGradient[row, column] += pooledGradient.values[column] * rowShare
            }
            normalizedGradient[outputs.maximumRows[column], column] += pooledGradient.values[width + column]
        }
        return outputNorm.backward(normalizedGradient, outputs.normCache, parameters, gradients: &gradients)
    }

    /// Concatenates the column means and column maxima of `state` into one `1 x 2·width` row.
    ///
    /// The maximum lets one strongly unsupported slot decide the answer, which a mean over 64 slots dilutes.
    static func pool(_ state: Matrix) -> (Matrix, [Int]) {
        let width = state.columns
        var pooled = Matrix(rows: 1, columns: 2 * width)
        var maximumRows = [Int](repeating: 0, count: width)
        for column in 0..<width {
            var sum: Float = 0
            for row in 0..<state.rows {
                let value = state[row, column]
                sum += value
                if value > state[maximumRows[column], column] { maximumRows[column] = row }
            }
            pooled.values[column] = sum / Float(state.rows)
            pooled.values[width + column] = state[maximumRows[column], column]
        }
        return (pooled, maximumRows)
    }
}

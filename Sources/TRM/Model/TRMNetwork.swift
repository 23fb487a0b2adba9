import Tensor

/// The layers of the recursive verifier: an input embedding, one shared MLP-Mixer network and three heads.
///
/// The network stores names and shapes only; weights live in `Parameters` so the same value serves the
/// training weights and their exponential moving average.
public struct TRMNetwork: Sendable {
    public let configuration: TRMConfiguration
    let embedding: Linear
    let blocks: [MixerBlock]
    let outputNorm: RMSNorm
    /// Per-slot logit that the token is supported.
    let tokenHead: Linear
    /// Logit that the whole answer is supported, read from the mean and the maximum of the slots.
    let answerHead: Linear
    /// Halting logit `q`: positive when the current prediction is expected to be right.
    let haltHead: Linear

    public init(configuration: TRMConfiguration) {
        self.configuration = configuration
        let width = configuration.width
        embedding = Linear(name: "embedding", inputs: configuration.features, outputs: width)
        blocks = (0..<configuration.blocks).map { index in
            MixerBlock(
                name: "block\(index)", tokens: configuration.slots, features: width,
                tokenHidden: configuration.tokenHidden, channelHidden: configuration.channelHidden)
        }
        outputNorm = RMSNorm(name: "outputNorm", features: width)
        tokenHead = Linear(name: "tokenHead", inputs: width, outputs: 1)
        answerHead = Linear(name: "answerHead", inputs: 2 * width, outputs: 1)
        haltHead = Linear(name: "haltHead", inputs: 2 * width, outputs: 1)
    }

    /// Creates freshly initialised weights for every layer.
    public func initialParameters(seed: UInt64) -> Parameters {
        var generator = SeededGenerator(seed: seed)
        var parameters = Parameters()
        embedding.initialize(&parameters, using: &generator)
        for block in blocks {
            block.initialize(&parameters, using: &generator)
        }
        outputNorm.initialize(&parameters, using: &generator)
        tokenHead.initialize(&parameters, using: &generator)
        answerHead.initialize(&parameters, using: &generator)
        haltHead.initialize(&parameters, using: &generator)
        return parameters
    }

    /// Applies the shared network once, keeping no cache.
    func net(_ input: Matrix, _ parameters: Parameters) -> Matrix {
        blocks.reduce(input) { state, block in block.apply(state, parameters) }
    }

    /// Applies the shared network once and keeps each block's cache for `netBackward`.
    func netWithCache(_ input: Matrix, _ parameters: Parameters) -> (Matrix, [MixerBlock.Cache]) {
        var state = input
        var caches: [MixerBlock.Cache] = []
        for block in blocks {
            let (output, cache) = block.forward(state, parameters)
            state = output
            caches.append(cache)
        }
        return (state, caches)
    }

    func netBackward(
        _ outputGradient: Matrix, _ caches: [MixerBlock.Cache], _ parameters: Parameters,
        gradients: inout Parameters
    ) -> Matrix {
        var gradient = outputGradient
        for (block, cache) in zip(blocks, caches).reversed() {
            gradient = block.backward(gradient, cache, parameters, gradients: &gradients)
        }
        return gradient
    }
}

import Tensor
import Testing

/// `apply`, the cache-free inference path of each layer, against `forward`.
@Suite struct InferenceApplyTests {
    private func setUp<L: Layer>(_ layer: L, rows: Int, columns: Int, seed: UInt64) -> (Parameters, Matrix, Matrix) {
        var generator = SeededGenerator(seed: seed)
        let parameters = perturbedParameters(of: layer, using: &generator)
        let input = randomMatrix(rows, columns, using: &generator)
        let residual = randomMatrix(rows, columns, using: &generator)
        return (parameters, input, residual)
    }

    @Test(arguments: [(1, 1), (3, 4), (64, 32), (5, 7)])
    func rmsNormApplyEqualsForward(shape: (rows: Int, features: Int)) {
        let layer = RMSNorm(name: "norm", features: shape.features)
        let (parameters, input, _) = setUp(layer, rows: shape.rows, columns: shape.features, seed: 61)

        #expect(layer.apply(input, parameters) == layer.forward(input, parameters).output)
    }

    @Test(arguments: [(1, 1, 1), (6, 5, 4), (64, 32, 64)])
    func tokenMixingApplyEqualsForward(shape: (tokens: Int, features: Int, hidden: Int)) {
        let layer = TokenMixing(name: "mixing", tokens: shape.tokens, hidden: shape.hidden)
        let (parameters, input, residual) = setUp(layer, rows: shape.tokens, columns: shape.features, seed: 62)

        let applied = layer.apply(input, parameters, addingTo: residual)

        #expect(applied == residual + layer.forward(input, parameters).output)
    }

    @Test(arguments: [(1, 1, 1), (6, 5, 4), (64, 32, 64)])
    func swiGLUApplyEqualsForward(shape: (rows: Int, features: Int, hidden: Int)) {
        let layer = SwiGLU(name: "mlp", features: shape.features, hidden: shape.hidden)
        let (parameters, input, residual) = setUp(layer, rows: shape.rows, columns: shape.features, seed: 63)

        let applied = layer.apply(input, parameters, addingTo: residual)

        #expect(applied == residual + layer.forward(input, parameters).output)
    }

    @Test(arguments: [(1, 2, 1, 1), (4, 3, 5, 6), (64, 32, 64, 64)])
    func mixerBlockApplyEqualsForward(shape: (tokens: Int, features: Int, tokenHidden: Int, channelHidden: Int)) {
        let block = MixerBlock(
            name: "block", tokens: shape.tokens, features: shape.features,
            tokenHidden: shape.tokenHidden, channelHidden: shape.channelHidden)
        let (parameters, input, _) = setUp(block, rows: shape.tokens, columns: shape.features, seed: 64)

        #expect(block.apply(input, parameters) == block.forward(input, parameters).output)
    }
}

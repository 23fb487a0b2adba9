import Tensor
import Testing

@Suite struct MixerBlockTests {
    @Test(arguments: [(1, 2, 1, 1), (4, 3, 5, 6), (3, 5, 2, 3)])
    func backwardMatchesFiniteDifferences(
        shape: (tokens: Int, features: Int, tokenHidden: Int, channelHidden: Int)
    ) {
        let block = MixerBlock(
            name: "block", tokens: shape.tokens, features: shape.features,
            tokenHidden: shape.tokenHidden, channelHidden: shape.channelHidden)
        let errors = layerGradientErrors(block, inputRows: shape.tokens, inputColumns: shape.features, seed: 41)
        expectGradientsMatch(errors, tensorCount: 9)
    }

    @Test func backwardAccumulatesGradients() {
        let block = MixerBlock(name: "block", tokens: 3, features: 4, tokenHidden: 5, channelHidden: 6)
        let (once, twice) = gradientsAfterOneAndTwoPasses(block, inputRows: 3, inputColumns: 4, seed: 42)
        expectDoubled(once, twice)
    }

    @Test func initializeNamesSublayerTensors() {
        let block = MixerBlock(name: "block", tokens: 3, features: 4, tokenHidden: 5, channelHidden: 6)
        var generator = SeededGenerator(seed: 43)
        var parameters = Parameters()

        block.initialize(&parameters, using: &generator)

        #expect(
            parameters.names == [
                "block.tokenNorm.gain", "block.tokenMixing.first.weight", "block.tokenMixing.first.bias",
                "block.tokenMixing.second.weight", "block.tokenMixing.second.bias", "block.channelNorm.gain",
                "block.channelMixing.gate.weight", "block.channelMixing.up.weight", "block.channelMixing.down.weight",
            ])
        #expect(parameters.scalarCount == 4 + 15 + 5 + 15 + 3 + 4 + 24 + 24 + 24)
    }
}

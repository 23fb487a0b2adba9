import Tensor
import Testing

@Suite struct TokenMixingTests {
    @Test(arguments: [(1, 1, 1), (4, 3, 5), (3, 5, 2)])
    func backwardMatchesFiniteDifferences(shape: (tokens: Int, features: Int, hidden: Int)) {
        let layer = TokenMixing(name: "tokens", tokens: shape.tokens, hidden: shape.hidden)
        let errors = layerGradientErrors(layer, inputRows: shape.tokens, inputColumns: shape.features, seed: 31)
        expectGradientsMatch(errors, tensorCount: 4)
    }

    @Test func backwardAccumulatesGradients() {
        let layer = TokenMixing(name: "tokens", tokens: 3, hidden: 4)
        let (once, twice) = gradientsAfterOneAndTwoPasses(layer, inputRows: 3, inputColumns: 2, seed: 32)
        expectDoubled(once, twice)
    }

    @Test func forwardMixesEachFeatureColumnAlike() {
        let layer = TokenMixing(name: "tokens", tokens: 3, hidden: 4)
        var generator = SeededGenerator(seed: 33)
        let parameters = perturbedParameters(of: layer, using: &generator)
        let column = randomMatrix(3, 1, using: &generator)
        let twoColumns = Matrix(rows: 3, columns: 2, values: column.values.flatMap { [$0, $0] })

        let single = layer.forward(column, parameters).output
        let double = layer.forward(twoColumns, parameters).output

        for token in 0..<3 {
            #expect(double[token, 0] == single[token, 0])
            #expect(double[token, 1] == single[token, 0])
        }
    }
}

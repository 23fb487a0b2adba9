import Tensor
import Testing

@Suite struct RMSNormTests {
    @Test(arguments: [(1, 2), (3, 4), (2, 7)])
    func backwardMatchesFiniteDifferences(shape: (rows: Int, features: Int)) {
        let layer = RMSNorm(name: "norm", features: shape.features)
        let errors = layerGradientErrors(layer, inputRows: shape.rows, inputColumns: shape.features, seed: 11)
        expectGradientsMatch(errors, tensorCount: 1)
    }

    @Test func backwardAccumulatesGradients() {
        let layer = RMSNorm(name: "norm", features: 4)
        let (once, twice) = gradientsAfterOneAndTwoPasses(layer, inputRows: 3, inputColumns: 4, seed: 12)
        expectDoubled(once, twice)
    }

    @Test func forwardGivesUnitRootMeanSquare() {
        let layer = RMSNorm(name: "norm", features: 4)
        var generator = SeededGenerator(seed: 13)
        var parameters = Parameters()
        layer.initialize(&parameters, using: &generator)
        let input = Matrix(rows: 2, columns: 4, values: [1, 2, 3, 4, -10, 0, 5, 20])

        let output = layer.forward(input, parameters).output

        #expect(parameters["norm.gain"] == Matrix(rows: 1, columns: 4, repeating: 1))
        for row in 0..<2 {
            let meanSquare = output.row(row).reduce(0) { $0 + $1 * $1 } / 4
            #expect(abs(meanSquare - 1) < 1e-4)
        }
        #expect(abs(output[0, 0] - 1 / Float(7.5).squareRoot()) < 1e-5)
    }
}

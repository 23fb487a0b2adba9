import Tensor
import Testing

@Suite struct SwiGLUTests {
    @Test(arguments: [(1, 1, 1), (3, 4, 5), (4, 3, 2)])
    func backwardMatchesFiniteDifferences(shape: (rows: Int, features: Int, hidden: Int)) {
        let layer = SwiGLU(name: "mlp", features: shape.features, hidden: shape.hidden)
        let errors = layerGradientErrors(layer, inputRows: shape.rows, inputColumns: shape.features, seed: 21)
        expectGradientsMatch(errors, tensorCount: 3)
    }

    @Test func backwardAccumulatesGradients() {
        let layer = SwiGLU(name: "mlp", features: 3, hidden: 4)
        let (once, twice) = gradientsAfterOneAndTwoPasses(layer, inputRows: 2, inputColumns: 3, seed: 22)
        expectDoubled(once, twice)
    }

    @Test func forwardGatesWithSilu() {
        let layer = SwiGLU(name: "mlp", features: 1, hidden: 1)
        var parameters = Parameters()
        parameters["mlp.gate.weight"] = Matrix(rows: 1, columns: 1, values: [2])
        parameters["mlp.up.weight"] = Matrix(rows: 1, columns: 1, values: [3])
        parameters["mlp.down.weight"] = Matrix(rows: 1, columns: 1, values: [0.5])

        let output = layer.forward(Matrix(rows: 1, columns: 1, values: [1]), parameters).output

        #expect(abs(output[0, 0] - silu(2) * 3 * 0.5) < 1e-6)
    }
}

import Tensor
import Testing

@Suite struct LinearTests {
    @Test(arguments: [(1, 1, 1), (3, 4, 2), (5, 2, 6)])
    func backwardMatchesFiniteDifferences(shape: (rows: Int, inputs: Int, outputs: Int)) {
        let layer = Linear(name: "linear", inputs: shape.inputs, outputs: shape.outputs)
        let errors = layerGradientErrors(layer, inputRows: shape.rows, inputColumns: shape.inputs, seed: 1)
        expectGradientsMatch(errors, tensorCount: 2)
    }

    @Test func backwardWithoutBiasMatchesFiniteDifferences() {
        let layer = Linear(name: "linear", inputs: 3, outputs: 2, bias: false)
        let errors = layerGradientErrors(layer, inputRows: 4, inputColumns: 3, seed: 2)
        expectGradientsMatch(errors, tensorCount: 1)
    }

    @Test func backwardAccumulatesGradients() {
        let layer = Linear(name: "linear", inputs: 3, outputs: 2)
        let (once, twice) = gradientsAfterOneAndTwoPasses(layer, inputRows: 4, inputColumns: 3, seed: 3)
        expectDoubled(once, twice)
    }

    @Test func forwardComputesAffineMap() {
        let layer = Linear(name: "linear", inputs: 2, outputs: 1)
        var parameters = Parameters()
        parameters["linear.weight"] = Matrix(rows: 2, columns: 1, values: [2, -1])
        parameters["linear.bias"] = Matrix(rows: 1, columns: 1, values: [0.5])
        let input = Matrix(rows: 2, columns: 2, values: [1, 1, 3, 4])

        let output = layer.forward(input, parameters).output

        #expect(output == Matrix(rows: 2, columns: 1, values: [1.5, 2.5]))
    }

    @Test func initializeUsesZeroBiasAndScaledWeights() {
        let layer = Linear(name: "linear", inputs: 400, outputs: 50)
        var generator = SeededGenerator(seed: 4)
        var parameters = Parameters()

        layer.initialize(&parameters, using: &generator)

        #expect(parameters.names == ["linear.weight", "linear.bias"])
        #expect(parameters["linear.bias"] == Matrix(rows: 1, columns: 50))
        let weight = parameters["linear.weight"]
        let standardDeviation = (weight.sumOfSquares() / Float(weight.count)).squareRoot()
        #expect(abs(standardDeviation - 0.05) < 0.002)
    }
}

import Tensor
import Testing

@Suite struct ParametersTests {
    private func sample() -> Parameters {
        var parameters = Parameters()
        parameters["b.weight"] = Matrix(rows: 1, columns: 2, values: [3, 0])
        parameters["a.bias"] = Matrix(rows: 2, columns: 1, values: [0, 4])
        return parameters
    }

    @Test func subscriptKeepsInsertionOrderAndReplaces() {
        var parameters = sample()
        parameters["b.weight"] = Matrix(rows: 1, columns: 1, values: [9])

        #expect(parameters.names == ["b.weight", "a.bias"])
        #expect(parameters["b.weight"].values == [9])
        #expect(parameters.contains("a.bias"))
        #expect(!parameters.contains("missing"))
    }

    @Test func subscriptMutatesInPlace() {
        var parameters = sample()
        parameters["a.bias"][1, 0] = 5
        parameters["a.bias"] += Matrix(rows: 2, columns: 1, values: [1, 1])

        #expect(parameters["a.bias"].values == [1, 6])
    }

    @Test func zerosKeepsNamesAndShapes() {
        let zeros = sample().zeros()

        #expect(zeros.names == ["b.weight", "a.bias"])
        #expect(zeros["b.weight"] == Matrix(rows: 1, columns: 2))
        #expect(zeros["a.bias"] == Matrix(rows: 2, columns: 1))
        #expect(zeros.scalarCount == 4)
    }

    @Test func globalNormCoversAllTensors() {
        #expect(sample().globalNorm() == 5)
        #expect(Parameters().globalNorm() == 0)
    }

    @Test func addScalesAndInsertsMissingNames() {
        var parameters = sample()
        var other = sample()
        other["c.gain"] = Matrix(rows: 1, columns: 1, values: [2])

        parameters.add(other, scaledBy: 0.5)

        #expect(parameters.names == ["b.weight", "a.bias", "c.gain"])
        #expect(parameters["b.weight"].values == [4.5, 0])
        #expect(parameters["a.bias"].values == [0, 6])
        #expect(parameters["c.gain"].values == [1])
    }

    @Test func clipGlobalNormScalesDownToMaximum() {
        var parameters = sample()

        parameters.clipGlobalNorm(1)

        #expect(abs(parameters.globalNorm() - 1) < 1e-6)
        #expect(abs(parameters["b.weight"][0, 0] - 0.6) < 1e-6)
        #expect(abs(parameters["a.bias"][1, 0] - 0.8) < 1e-6)
    }

    @Test func clipGlobalNormKeepsSmallerNorm() {
        var parameters = sample()

        parameters.clipGlobalNorm(10)

        #expect(parameters == sample())
    }
}

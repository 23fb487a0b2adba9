import Testing

@testable import EBM

@Suite struct EnergyCalibrationTests {
    /// Supported answers at low energies and unsupported ones at high energies, with no overlap.
    private let energies: [Float] = [-2.5, -2, -1.2, -0.8, 0.9, 1.4, 2, 3]
    private let labels = [1, 1, 1, 1, 0, 0, 0, 0]

    @Test func lowerEnergyMapsToHigherProbability() {
        let calibration = EnergyCalibration.fit(energies: energies, labels: labels)

        let probabilities = stride(from: Float(-3), through: 3, by: 0.5).map(calibration.probability)

        #expect(calibration.slope < 0)
        for index in 1..<probabilities.count {
            #expect(probabilities[index] < probabilities[index - 1], "\(probabilities)")
        }
    }

    @Test func separableDataIsClassifiedByHalfProbability() {
        let calibration = EnergyCalibration.fit(energies: energies, labels: labels)

        for (energy, label) in zip(energies, labels) {
            let probability = calibration.probability(energy)
            #expect((probability > 0.5) == (label == 1), "energy \(energy): probability \(probability)")
        }
    }

    /// Weighting each label equally keeps the boundary between the classes when one class is far larger.
    @Test func unbalancedLabelsKeepTheBoundaryBetweenClasses() {
        let many = [Float](repeating: 2, count: 30)
        let calibration = EnergyCalibration.fit(
            energies: [-2, -1] + many, labels: [1, 1] + Array(repeating: 0, count: 30))

        #expect(calibration.probability(-2) > 0.5)
        #expect(calibration.probability(2) < 0.5)
    }

    @Test func probabilityIsTheLogisticOfTheLinearMap() {
        let calibration = EnergyCalibration(slope: -2, intercept: 1)

        #expect(calibration.probability(0.5) == 0.5)
        #expect(abs(calibration.probability(0) - 0.7310586) < 1e-6)
    }
}

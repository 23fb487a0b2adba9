import Tensor
import Testing

@Suite struct SeededGeneratorTests {
    @Test(arguments: [0, 1, 12345, UInt64.max])
    func sameSeedRepeatsSequence(seed: UInt64) {
        var first = SeededGenerator(seed: seed)
        var second = SeededGenerator(seed: seed)

        let firstBits = (0..<20).map { _ in first.next() }
        let secondBits = (0..<20).map { _ in second.next() }
        let firstNormals = (0..<20).map { _ in first.nextNormal() }
        let secondNormals = (0..<20).map { _ in second.nextNormal() }

        #expect(firstBits == secondBits)
        #expect(firstNormals == secondNormals)
    }

    @Test func differentSeedsGiveDifferentSequences() {
        var first = SeededGenerator(seed: 1)
        var second = SeededGenerator(seed: 2)

        let firstBits = (0..<20).map { _ in first.next() }
        let secondBits = (0..<20).map { _ in second.next() }

        #expect(firstBits != secondBits)
        #expect(Set(firstBits).count == 20)
    }

    @Test func nextNormalIsStandardNormal() {
        var generator = SeededGenerator(seed: 71)
        let samples = (0..<20_000).map { _ in Double(generator.nextNormal()) }

        let mean = samples.reduce(0, +) / Double(samples.count)
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(samples.count)
        let withinOne = samples.filter { abs($0) < 1 }.count

        #expect(abs(mean) < 0.03)
        #expect(abs(variance - 1) < 0.05)
        #expect(abs(Double(withinOne) / Double(samples.count) - 0.6827) < 0.015)
    }

    @Test func nextUniformStaysInUnitInterval() {
        var generator = SeededGenerator(seed: 72)
        let samples = (0..<10_000).map { _ in generator.nextUniform() }

        #expect(samples.allSatisfy { $0 > 0 })
        #expect(samples.allSatisfy { $0 <= 1 })
        #expect(abs(samples.reduce(0, +) / Double(samples.count) - 0.5) < 0.02)
    }
}

import Tensor
import Testing
import Text

@testable import EBM

@Suite struct ScheduleFitTests {
    private let contexts = ["Greta paid 120 dollars for a violin in Oslo. The shop in Oslo opened in 1998."]

    private func example(answer: String, label: Int, reference: String? = nil) -> EnergyExample {
        let record = LabelledRecord(
            id: "r1", source: "test", question: nil, contexts: contexts, answer: answer, label: label,
            reference: reference)
        return EnergyExample(record: record, extractor: plainExtractor)
    }

    @Test func repairTowardsReferenceIsCloserAndExact() throws {
        let unsupported = example(
            answer: "Greta paid 175 dollars for a violin in Oslo.", label: 0,
            reference: "Greta paid 120 dollars for a violin in Oslo.")
        let target = try #require(unsupported.target)

        let outcome = RepairOutcome(unsupported, choices: target)

        #expect(outcome.hasReference)
        #expect(!outcome.isSupported)
        #expect(outcome.changed)
        #expect(outcome.closer)
        #expect(!outcome.farther)
        #expect(outcome.exact)
        #expect(outcome.refinement == nil)
    }

    @Test func keepingEverythingChangesNothing() {
        let unsupported = example(
            answer: "Greta paid 175 dollars for a violin in Oslo.", label: 0,
            reference: "Greta paid 120 dollars for a violin in Oslo.")

        let outcome = RepairOutcome(unsupported, choices: unsupported.space.keepAll)

        #expect(!outcome.changed)
        #expect(!outcome.closer)
        #expect(!outcome.farther)
        #expect(!outcome.exact)
    }

    /// A changed number replaced a context word, so it can only be replaced, not deleted.
    @Test func changedWordOffersNoDeletion() {
        let unsupported = example(
            answer: "Greta paid 175 dollars for a violin in Oslo.", label: 0,
            reference: "Greta paid 120 dollars for a violin in Oslo.")

        #expect(unsupported.space.spans.first?.options.contains(.delete) == false)
    }

    /// Deleting an inserted word brings the answer onto its reference.
    @Test func deletionOfInsertedWordReachesReference() throws {
        let unsupported = example(
            answer: "Greta paid 120 dollars for a cursed violin in Oslo.", label: 0,
            reference: "Greta paid 120 dollars for a violin in Oslo.")
        let delete = try #require(unsupported.space.spans.first?.options.firstIndex(of: .delete))

        let outcome = RepairOutcome(unsupported, choices: [delete])

        #expect(outcome.changed)
        #expect(outcome.closer)
        #expect(!outcome.farther)
        #expect(outcome.exact)
    }

    @Test func supportedAnswerHasNoReference() {
        let supported = example(answer: "Greta paid 120 dollars for a violin in Oslo.", label: 1)

        let outcome = RepairOutcome(supported, choices: supported.space.keepAll)

        #expect(outcome.isSupported)
        #expect(!outcome.hasReference)
        #expect(!outcome.changed)
    }

    @Test func fitPicksTheBestScheduleOfTheGrid() throws {
        let network = smallNetwork()
        let parameters = perturbedParameters(network, seed: 3)
        let examples = [
            example(
                answer: "Greta paid 175 dollars for a violin in Oslo.", label: 0,
                reference: "Greta paid 120 dollars for a violin in Oslo."),
            example(
                answer: "The shop in Oslo opened in 2004.", label: 0, reference: "The shop in Oslo opened in 1998."),
            example(answer: "Greta paid 120 dollars for a violin in Oslo.", label: 1),
            example(answer: "The shop in Oslo opened in 1998.", label: 1),
        ]

        let (schedule, outcomes) = ScheduleFit.fit(
            examples, network: network, parameters: parameters, steps: 2, seed: 4)

        let gridSize = ScheduleFit.stepSizes.count * ScheduleFit.noises.count * ScheduleFit.startLogits.count
        let best = try #require(outcomes.max { $0.objective < $1.objective })
        #expect(outcomes.count == gridSize)
        #expect(schedule == best.schedule)
        #expect(outcomes.allSatisfy { (0...1).contains($0.closer) })
        #expect(outcomes.allSatisfy { (0...1).contains($0.changed) })
    }

    @Test func objectiveRewardsRepairsAndPenalisesDamage() {
        let schedule = Refinement.Schedule(stepSize: 1, noise: 0, startLogit: 1)

        let outcome = ScheduleFit.Outcome(schedule: schedule, closer: 0.75, farther: 0.25, changed: 0.125)

        #expect(outcome.objective == 0.375)
    }
}

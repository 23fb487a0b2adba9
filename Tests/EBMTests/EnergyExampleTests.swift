import Testing
import Text

@testable import EBM

@Suite struct EnergyExampleTests {
    private let contexts = ["Greta paid 120 dollars for a violin in Oslo. The shop in Oslo opened in 1998."]

    private func example(answer: String, label: Int, reference: String?) -> EnergyExample {
        let record = LabelledRecord(
            id: "r1", source: "test", question: nil, contexts: contexts, answer: answer, label: label,
            reference: reference)
        return EnergyExample(record: record, extractor: plainExtractor)
    }

    static let unsupportedAnswers = [
        "Greta paid 175 dollars for a violin in Oslo.",
        "Hiro paid 120 dollars for a violin in Oslo.",
        "The shop in Oslo opened in 2004.",
    ]
    static let references = [
        "Greta paid 120 dollars for a violin in Oslo.",
        "Greta paid 120 dollars for a violin in Oslo.",
        "The shop in Oslo opened in 1998.",
    ]

    @Test(arguments: zip(unsupportedAnswers, references))
    func targetMovesUnsupportedAnswerToItsReference(answer: String, reference: String) throws {
        let prepared = example(answer: answer, label: 0, reference: reference)

        let target = try #require(prepared.target)
        let edited = prepared.space.apply(target).text

        #expect(WordEditDistance.distance(edited, reference) < WordEditDistance.distance(answer, reference))
        #expect(edited == reference)
    }

    @Test func targetIsNilForSupportedAnswer() {
        let prepared = example(
            answer: "Greta paid 175 dollars for a violin in Oslo.", label: 1,
            reference: "Greta paid 120 dollars for a violin in Oslo.")

        #expect(prepared.reference == nil)
        #expect(prepared.target == nil)
    }

    @Test func targetIsNilWithoutReference() {
        let prepared = example(answer: "Greta paid 175 dollars for a violin in Oslo.", label: 0, reference: nil)

        #expect(prepared.target == nil)
    }

    /// No option brings an answer closer to a reference that shares none of its words, so there is no target.
    @Test func targetIsNilWhenNoChoiceHelps() {
        let prepared = example(
            answer: "Greta paid 175 dollars for a violin in Oslo.", label: 0,
            reference: "Completely unrelated words about nothing whatsoever here today and tomorrow.")

        #expect(prepared.target == nil)
    }

    @Test func exampleKeepsLabelSourceAndSpaces() {
        let prepared = example(answer: "Greta paid 175 dollars for a violin in Oslo.", label: 0, reference: nil)

        #expect(prepared.label == 0)
        #expect(prepared.source == "test")
        #expect(prepared.space.answer == "Greta paid 175 dollars for a violin in Oslo.")
        #expect(prepared.input.spanCount == prepared.space.spans.count)
        #expect(prepared.input.optionCount == prepared.space.spans.reduce(0) { $0 + $1.options.count })
    }
}

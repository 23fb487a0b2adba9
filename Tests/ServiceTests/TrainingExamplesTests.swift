import Testing

@testable import Service

@Suite struct TrainingExamplesTests {
    private let example: [String: Any] = ["contexts": ["Sales rose in May."], "answer": "Sales rose.", "label": 1]

    /// Copies of one example sent without ids get one id, so the energy model's split keeps them together.
    @Test func copiesWithoutIdsShareAnId() throws {
        var other = example
        other["answer"] = "Sales fell."

        let records = try TrainingExamples.records([example, example, other], field: "examples")

        #expect(records[0].id == records[1].id)
        #expect(records[0].id != records[2].id)
        #expect(records[0].id.hasPrefix("example-"))
    }

    @Test func sentIdIsKept() throws {
        var named = example
        named["id"] = "sales-1"

        let records = try TrainingExamples.records([named], field: "examples")

        #expect(records.first?.id == "sales-1")
    }
}

import Tensor
import Testing

@testable import Service

@Suite struct PromptOptimizerSelectionTests {
    static func pool(_ scores: [[Double?]]) -> [PromptOptimizer.Candidate] {
        scores.enumerated().map { index, scores in
            PromptOptimizer.Candidate(prompt: "prompt \(index)", parent: index == 0 ? nil : 0, scores: scores)
        }
    }

    @Test func frontCountsTheRecordsEachPromptWins() {
        let pool = Self.pool([[0.5, 0.9, 0.1], [0.8, 0.2, 0.1], [0.4, 0.8, 0.0]])

        let front = PromptOptimizer.front(pool)

        #expect(front.map(\.index) == [0, 1])
        #expect(front.map(\.wins) == [2, 2])
    }

    @Test func frontLeavesOutAPromptThatIsDominated() {
        // Prompt 1 ties prompt 0 on the first record, so it wins it too, but prompt 0 is better elsewhere.
        let pool = Self.pool([[0.5, 0.9], [0.5, 0.3]])

        #expect(PromptOptimizer.front(pool).map(\.index) == [0])
    }

    @Test func aFailedRecordCountsAsNoWin() {
        let pool = Self.pool([[nil, 0.4], [0.2, 0.5]])

        #expect(PromptOptimizer.front(pool).map(\.index) == [1])
    }

    @Test func parentsAreDrawnInProportionToRecordsWon() {
        let pool = Self.pool([[0.9, 0.9, 0.9, 0.1], [0.1, 0.1, 0.1, 0.9]])
        var generator = SeededGenerator(seed: 3)

        let draws = (0..<4000).map { _ in PromptOptimizer.selectParent(pool, using: &generator) }

        let share = Double(draws.filter { $0 == 0 }.count) / Double(draws.count)
        #expect(abs(share - 0.75) < 0.03)
    }

    @Test(arguments: [
        ("Here it is:\n```\nQuote the passages.\n```", "Quote the passages."),
        ("```text\nQuote the passages.\n```", "Quote the passages."),
        ("```\n  Answer in one sentence.  \n```\n```\nsecond\n```", "Answer in one sentence."),
    ])
    func reflectionYieldsTheFencedPrompt(reply: String, prompt: String) throws {
        let reflection = PromptReflection(maxFeedbackCharacters: 1000, maxPromptCharacters: 100)

        #expect(try reflection.prompt(from: reply, parent: "Answer.") == prompt)
    }

    @Test(arguments: [
        ("Quote the passages.", "no ``` block"),
        ("```\n   \n```", "empty"),
        ("```\n" + String(repeating: "long ", count: 40) + "\n```", "limit is 100"),
        ("```\nAnswer.\n```", "repeats its parent"),
    ])
    func malformedReflectionIsRejected(reply: String, reason: String) {
        let reflection = PromptReflection(maxFeedbackCharacters: 1000, maxPromptCharacters: 100)

        #expect {
            try reflection.prompt(from: reply, parent: "Answer.")
        } throws: { error in
            (error as? PromptReflection.Rejection)?.reason.contains(reason) == true
        }
    }

    @Test func reflectionInputIsCapped() {
        let reflection = PromptReflection(maxFeedbackCharacters: 1500, maxPromptCharacters: 100)
        let record = PromptOptimizer.Record(
            id: "r", question: "Who?", contexts: [String(repeating: "passage words ", count: 200)])
        let feedback = PromptScorer.Feedback(
            answer: String(repeating: "answer ", count: 200), score: 0.4, label: "unsupported", support: 0.4,
            relevance: 1, unsupportedSpans: ["a span"])

        let messages = reflection.messages(
            prompt: "Answer.", examples: Array(repeating: (record: record, feedback: feedback), count: 10))

        #expect(messages.count == 2)
        #expect(messages[1].content.count <= 1500)
        #expect(messages[1].content.contains("Example 1"))
    }
}

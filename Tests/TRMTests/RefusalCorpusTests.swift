import Foundation
import Testing

@testable import TRM

/// One case of the refusal corpus: an answer that should abstain, or one whose claims should be judged.
private struct RefusalCase: Decodable {
    let set: String
    let question: String?
    let contexts: [String]
    let answer: String
    let expect: String
}

/// Checks the verifier against `Tests/Fixtures/refusal-cases.jsonl`: 1,129 answers that five testers wrote without
/// reading the refusal rules. 474 decline to answer from the passages, in English and a dozen other languages, and 655
/// make claims, some with words such as "documents", "unknown", "I'm Sorry" or "Charles I", some beside a refusal.
///
/// The phrase lists were tuned on the sets blind-1 to blind-4 and the refusal classifier trained on them, so their
/// shares guard against regressions. Set blind-5 played no part in either, so its shares estimate how the service
/// does on refusals it has not seen. docs/benchmarks.md has the figures each set gave before its tuning.
@Suite struct RefusalCorpusTests {
    /// How many cases were replayed, and the answers that went against their expectation.
    private struct Outcome {
        var refusals = 0
        var claims = 0
        var missedRefusals: [String] = []
        var abstainedClaims: [String] = []

        /// Share of the refusals that did not abstain.
        var missedShare: Double { Double(missedRefusals.count) / Double(max(refusals, 1)) }
        /// Share of the answers with a claim that abstained.
        var abstainedShare: Double { Double(abstainedClaims.count) / Double(max(claims, 1)) }
    }

    private func replay(_ sets: Set<String>) async throws -> Outcome {
        let verifier = try shippedVerifier.get()
        let url = try repositoryRoot().appendingPathComponent("Tests/Fixtures/refusal-cases.jsonl")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        let cases = try lines.map { try JSONDecoder().decode(RefusalCase.self, from: Data($0.utf8)) }

        var outcome = Outcome()
        for item in cases where sets.contains(item.set) {
            let result = try await verifier.verify(
                question: item.question, contexts: item.contexts, answer: item.answer)
            if item.expect == "abstain" {
                outcome.refusals += 1
                if result.label != .abstain { outcome.missedRefusals.append(item.answer) }
            } else {
                outcome.claims += 1
                if result.label == .abstain { outcome.abstainedClaims.append(item.answer) }
            }
        }
        return outcome
    }

    @Test func tunedSetsAbstainOnRefusalsAndJudgeClaims() async throws {
        let outcome = try await replay(["blind-1", "blind-2", "blind-3", "blind-4"])

        #expect(outcome.refusals == 354)
        #expect(outcome.claims == 495)
        #expect(outcome.missedShare <= 0.07, "missed: \(outcome.missedRefusals)")
        #expect(outcome.abstainedShare <= 0.015, "abstained: \(outcome.abstainedClaims)")
    }

    @Test func unseenSetAbstainsOnMostRefusalsAndJudgesClaims() async throws {
        let outcome = try await replay(["blind-5"])

        #expect(outcome.refusals == 120)
        #expect(outcome.claims == 160)
        #expect(outcome.missedShare <= 0.4, "missed: \(outcome.missedRefusals)")
        #expect(outcome.abstainedShare <= 0.02, "abstained: \(outcome.abstainedClaims)")
    }
}

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

/// Checks the verifier against `Tests/Fixtures/refusal-cases.jsonl`: 849 answers that four testers wrote without
/// reading the refusal rules. 354 decline to answer from the passages, in English and a dozen other languages, and 495
/// make claims, some with words such as "documents", "unknown", "I'm Sorry" or "Charles I", some beside a refusal.
///
/// The rules were then tuned on these cases, so the shares below guard against regressions. docs/benchmarks.md
/// has the figures each set gave before its tuning.
@Suite struct RefusalCorpusTests {
    @Test func refusalsAbstainAndClaimsAreJudged() async throws {
        let verifier = try shippedVerifier.get()
        let url = try repositoryRoot().appendingPathComponent("Tests/Fixtures/refusal-cases.jsonl")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        let cases = try lines.map { try JSONDecoder().decode(RefusalCase.self, from: Data($0.utf8)) }

        var missedRefusals: [String] = []
        var abstainedClaims: [String] = []
        for item in cases {
            let result = try await verifier.verify(
                question: item.question, contexts: item.contexts, answer: item.answer)
            if item.expect == "abstain", result.label != .abstain { missedRefusals.append(item.answer) }
            if item.expect == "judged", result.label == .abstain { abstainedClaims.append(item.answer) }
        }
        let refusals = cases.filter { $0.expect == "abstain" }.count
        let claims = cases.count - refusals

        #expect(refusals == 354)
        #expect(claims == 495)
        #expect(Double(missedRefusals.count) <= 0.11 * Double(refusals), "missed: \(missedRefusals)")
        #expect(Double(abstainedClaims.count) <= 0.015 * Double(claims), "abstained: \(abstainedClaims)")
    }
}

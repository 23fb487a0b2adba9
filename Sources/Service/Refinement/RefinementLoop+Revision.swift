import EBM
import Foundation
import TRM
import Text
import Upstream

extension RefinementLoop {
    /// Time before the deadline at which an upstream timeout counts as the deadline's: a few times libcurl's
    /// one-millisecond resolution.
    static let deadlineTolerance = Duration.milliseconds(10)

    /// The calls made and the stop reason of the upstream revision stage.
    struct RevisionOutcome {
        var calls: Int
        var stopReason: String
    }

    /// Asks the upstream to revise the best candidate's unsupported spans until none is left, the calls are
    /// spent, the deadline passes or the upstream fails, adding each revision as a candidate.
    ///
    /// An upstream failure ends the stage and is reported in the trace; the candidates so far still stand.
    func revise(
        _ candidates: inout [RefinementCandidate], _ request: RefineRequest, calls allowed: Int,
        deadline: ContinuousClock.Instant, trace: inout RefinementTrace, requestID: String
    ) async throws(APIError) -> RevisionOutcome {
        guard let upstream else {
            let done = candidates[Self.choose(candidates, weights: settings.weights)].unsupportedSpans.isEmpty
            trace.lap("upstream", "skipped: no upstream LLM is configured")
            return RevisionOutcome(calls: 0, stopReason: done ? "all_spans_supported" : "no_upstream_configured")
        }
        let prompts = RefinementPrompts(maxPassageCharacters: settings.maxPromptCharacters)
        var calls = 0
        while true {
            let best = candidates[Self.choose(candidates, weights: settings.weights)]
            if best.unsupportedSpans.isEmpty {
                return RevisionOutcome(calls: calls, stopReason: "all_spans_supported")
            }
            if calls >= allowed {
                if calls == 0 { trace.lap("upstream", "skipped: the budget allows no upstream call") }
                return RevisionOutcome(calls: calls, stopReason: "upstream_calls_spent")
            }
            if ContinuousClock.now >= deadline {
                trace.lap("upstream", "skipped: the deadline has passed")
                return RevisionOutcome(calls: calls, stopReason: "deadline_reached")
            }

            let messages = prompts.revision(
                instruction: settings.revisionPrompt, question: request.question, contexts: request.contexts,
                answer: best.answer, unsupported: best.unsupportedSpans)
            calls += 1
            let revised: String
            do throws(UpstreamError) {
                let completion = try await upstream.complete(messages, deadline: deadline, requestID: requestID)
                revised = completion.content.trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                logger.warning(
                    "upstream revision failed; keeping the local candidates",
                    ["request.id": requestID, "upstream.outcome": error.code, "error": error.message])
                trace.lap("upstream", "failed: \(error.code): \(error.message)")
                // A call cut short by the deadline is the deadline's doing, not the upstream's. libcurl counts
                // the timeout in whole milliseconds on its own clock, so it can end a little before `deadline`.
                // A retryable failure with no time left for the retry is the deadline's doing as well.
                if error.endedByDeadline
                    || (error.kind == .timeout && ContinuousClock.now + Self.deadlineTolerance >= deadline)
                {
                    return RevisionOutcome(calls: calls, stopReason: "deadline_reached")
                }
                return RevisionOutcome(
                    calls: calls, stopReason: error.kind == .timeout ? "upstream_timeout" : "upstream_failed")
            }
            guard revised.unicodeScalars.count <= maxAnswerCharacters else {
                trace.lap("upstream", "rejected: the revision is longer than \(maxAnswerCharacters) characters")
                continue
            }
            guard !candidates.contains(where: { $0.answer == revised }) else {
                trace.lap("upstream", "no new answer: the revision repeats a candidate")
                continue
            }
            if !request.question.isPresentQuestion, let original = candidates.first,
                let share = Self.keptShare(of: original.verification.spans, in: revised), share < Self.minimumKeptShare
            {
                trace.lap(
                    "upstream",
                    "rejected: the revision keeps \(Int((share * 100).rounded())) % of the supported sentences' words")
                continue
            }
            let candidate = try await scored(revised, request)
            trace.lap(
                "upstream",
                "revision \(candidate.verification.label.rawValue), support \(Self.rounded(candidate.support))")
            candidates.append(candidate)
        }
    }

    private func scored(_ answer: String, _ request: RefineRequest) async throws(APIError) -> RefinementCandidate {
        let verification = try await verify(answer, request)
        var energy: EnergyModel.Score?
        if let energyModel {
            energy = try await APIError.mappingCancellation { () async throws(CancellationError) in
                try await energyModel.score(question: request.question, contexts: request.contexts, answers: [answer])
            }.first
        }
        return RefinementCandidate(answer: answer, source: .upstream, verification: verification, energy: energy)
    }

    /// Minimum share of the words of a summary's supported sentences that a revision must keep. A revision repairs
    /// the unsupported spans: with the shipped stub, right summaries had been replaced by one passage sentence.
    static let minimumKeptShare = 0.5

    /// Returns the share of the content words of the supported spans in `spans` that `revision` also has, by stem.
    /// It is nil when no supported span has a content word.
    static func keptShare(of spans: [SpanVerdict], in revision: String) -> Double? {
        let supported = spans.filter(\.supported).flatMap { Tokenizer.tokenize($0.text) }
            .filter(FeatureExtractor.isContent).map(ContextIndex.stem(of:))
        guard !supported.isEmpty else { return nil }
        let revised = Set(Tokenizer.tokenize(revision).map(ContextIndex.stem(of:)))
        return Double(supported.filter(revised.contains).count) / Double(supported.count)
    }

    static func rounded(_ value: Double) -> Double {
        (value * 1000).rounded() / 1000
    }
}

import EBM
import Foundation
import Logging
import TRM
import Text
import Upstream

/// The hybrid pipeline of `/refine`: generate when no answer came, verify, refine on the energy, then revise
/// upstream while spans stay unsupported and the budget allows, and pick from the Pareto front of candidates.
struct RefinementLoop: Sendable {
    let verifier: Verifier
    /// The energy model; nil only for the `trm` strategy, which needs none.
    let energyModel: EnergyModel?
    /// The upstream LLM; nil when none is configured.
    let upstream: (any ChatCompleting)?
    let settings: ServiceConfiguration.Refinement
    let generationPrompt: String
    /// One upstream attempt's timeout: how far past the deadline a missing answer's generation may run.
    let upstreamTimeout: Duration
    let maxAnswerCharacters: Int
    let metrics: ServiceMetrics
    let logger: Logger

    /// The candidates of one run, the chosen one, the trace and the stop reason.
    struct Outcome: Sendable {
        /// The answer refinement started from: the caller's, or the one the upstream wrote.
        var original: String
        var candidates: [RefinementCandidate]
        var chosen: Int
        /// The energy model's descent over the original, when it ran.
        var descent: EnergyModel.Result?
        var trace: [RefinementTrace.Stage]
        var stopReason: String
        var upstreamCalls: Int
    }

    /// Runs the stages of the request's strategy.
    ///
    /// - Throws: `APIError` 502, or 504 on a timeout, when the upstream fails to write the missing answer.
    func run(_ request: RefineRequest, requestID: String) async throws(APIError) -> Outcome {
        let deadline = ContinuousClock.now + .milliseconds(request.deadlineMs)
        var trace = RefinementTrace()
        var calls = 0

        let (original, source) = try await startingAnswer(request, deadline: deadline, requestID: requestID)
        if source == .generated {
            calls += 1
            trace.lap("generate", "wrote \(original.unicodeScalars.count) characters")
        }
        let before = try await verify(original, request)
        trace.lap("verify", before.label.rawValue)
        var candidates = [RefinementCandidate(answer: original, source: source, verification: before)]
        guard request.strategy != .trm, let energyModel else {
            return Outcome(
                original: original, candidates: candidates, chosen: 0, descent: nil, trace: trace.stages,
                stopReason: "verified_only", upstreamCalls: calls)
        }

        let descent = try await descend(original, request, model: energyModel)
        trace.lap("ebm", descent.refinement.accepted ? "edits: \(descent.edited.edits.count)" : "no edits")
        // Both energies are the ones `/score` gives these answers, as the upstream's revisions get, so the choice
        // among candidates compares like with like.
        candidates[0].energy = descent.original
        if descent.refinement.accepted && descent.edited.text != original {
            let verification = try await verify(descent.edited.text, request)
            trace.lap("verify", verification.label.rawValue)
            candidates.append(
                RefinementCandidate(
                    answer: descent.edited.text, source: .ebm, verification: verification, energy: descent.final))
        }

        var stopReason = EnergyHandlers.stopReason(descent)
        if request.strategy == .hybrid {
            let revision = try await revise(
                &candidates, request, calls: request.upstreamCalls, deadline: deadline, trace: &trace,
                requestID: requestID)
            calls += revision.calls
            stopReason = revision.stopReason
        }
        let chosen = Self.choose(candidates, weights: settings.weights)
        trace.lap("select", "\(candidates[chosen].source.rawValue) of \(candidates.count) candidates")
        // The edits lowered the energy, but the verifier found the edited answer less supported, so the answer
        // returned is the original: "energy_lowered" would read as if it had changed.
        if stopReason == "energy_lowered", candidates[chosen].source != .ebm {
            stopReason = "edits_less_supported"
        }
        return Outcome(
            original: original, candidates: candidates, chosen: chosen, descent: descent, trace: trace.stages,
            stopReason: stopReason, upstreamCalls: calls)
    }

    /// Returns the best candidate on the Pareto front by combined score, among those at least as well supported
    /// as the original, so a repair never loses support for a gain in relevance or energy.
    ///
    /// An original the verifier labels supported may change only to a candidate it scores at least as high: a right
    /// summary edited to "The dividend to $0.13 per share" kept support 1 and won on energy, while its verifier
    /// score fell from 0.61 to 0.52.
    static func choose(_ candidates: [RefinementCandidate], weights: ServiceConfiguration.Refinement.Weights) -> Int {
        guard let original = candidates.first else { return 0 }
        let keepsScore = original.verification.label == .supported
        let eligible = candidates.indices.filter { index in
            let candidate = candidates[index]
            guard candidate.support >= original.support else { return false }
            return !keepsScore || candidate.verification.score >= original.verification.score
        }
        guard let best = eligible.map({ candidates[$0] }).bestIndex(weights) else { return 0 }
        return eligible[best]
    }

    private func startingAnswer(_ request: RefineRequest, deadline: ContinuousClock.Instant, requestID: String)
        async throws(APIError) -> (String, RefinementCandidate.Source)
    {
        if let answer = request.answer { return (answer, .original) }
        guard let upstream else {
            throw .invalidField("answer", "is missing: no upstream LLM is configured to write one")
        }
        let prompts = RefinementPrompts(maxPassageCharacters: settings.maxPromptCharacters)
        let messages = prompts.generation(
            instruction: generationPrompt, question: request.question, contexts: request.contexts)
        do throws(UpstreamError) {
            // Without an answer there is nothing to return, so generation gets one attempt's time even when the
            // deadline is closer. It still ends within the deadline plus one upstream timeout.
            let generationDeadline = max(deadline, ContinuousClock.now + upstreamTimeout)
            let completion = try await upstream.complete(
                messages, deadline: generationDeadline, requestID: requestID)
            let answer = completion.content.trimmingCharacters(in: .whitespacesAndNewlines)
            guard answer.unicodeScalars.count <= maxAnswerCharacters else {
                throw UpstreamError(
                    .invalidReply,
                    "the upstream's answer has \(answer.unicodeScalars.count) characters; "
                        + "the limit is \(maxAnswerCharacters)")
            }
            return (answer, .generated)
        } catch {
            logger.warning(
                "upstream failed to write an answer",
                ["request.id": requestID, "upstream.outcome": error.code, "error": error.message])
            throw APIError(
                status: error.kind == .timeout ? 504 : 502, code: error.code,
                message: "the upstream LLM could not write an answer: \(error.message)")
        }
    }

    /// Verifies one candidate answer and counts the verification in the metrics.
    func verify(_ answer: String, _ request: RefineRequest) async throws(APIError) -> Verification {
        let verification = try await APIError.mappingCancellation { () async throws(CancellationError) in
            try await verifier.verify(question: request.question, contexts: request.contexts, answer: answer)
        }
        metrics.recordVerification(steps: verification.steps, halted: verification.halted)
        return verification
    }

    private func descend(_ answer: String, _ request: RefineRequest, model: EnergyModel) async throws(APIError)
        -> EnergyModel.Result
    {
        let result = try await APIError.mappingCancellation { () async throws(CancellationError) in
            try await model.refine(
                question: request.question, contexts: request.contexts, answer: answer, steps: request.steps,
                seed: request.seed)
        }
        let refinement = result.refinement
        var outcome = "unchanged"
        if refinement.accepted {
            outcome = "kept"
        } else if refinement.flipped {
            outcome = "rejected"
        }
        metrics.recordRefinement(
            steps: request.steps, outcome: outcome,
            energyDecrease: Double(refinement.originalEnergy - refinement.finalEnergy))
        return result
    }
}

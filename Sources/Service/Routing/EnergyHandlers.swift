import EBM
import Foundation
import HTTP
import Logging
import TRM
import Text

/// `POST /score` and `POST /refine`: the energy model's ranking and repair, with the verifier's judgement.
struct EnergyHandlers: Sendable {
    let configuration: ServiceConfiguration
    let registry: ModelRegistry
    let logger: Logger
    let encoder: JSONEncoder
    let metrics: ServiceMetrics

    struct ScoredAnswer: Encodable {
        var answer: String
        var energy: Double
        var score: Double
    }

    struct ScoreResponse: Encodable {
        var energy: Double?
        var score: Double?
        var candidates: [ScoredAnswer]?
        var model: String
    }

    /// `POST /score`: the energy of one answer, or the candidates sorted by energy, lowest first.
    func score(_ request: HTTPRequest) async -> HTTPResponse {
        do throws(APIError) {
            let body = try ScoreRequest(json: try JSONBody.object(of: request), limits: configuration.limits)
            let model = try await energyModel(named: body.model)
            let scores = await model.score(question: body.question, contexts: body.contexts, answers: body.answers)
            let response: ScoreResponse
            if body.ranksCandidates {
                let ranked = zip(body.answers, scores).map { answer, score in
                    ScoredAnswer(answer: answer, energy: Double(score.energy), score: Double(score.probability))
                }
                response = ScoreResponse(
                    candidates: ranked.sorted { $0.energy < $1.energy }, model: body.model)
            } else {
                response = ScoreResponse(
                    energy: scores.first.map { Double($0.energy) }, score: scores.first.map { Double($0.probability) },
                    model: body.model)
            }
            return try encode(response, request: request)
        } catch {
            return error.response(requestID: request.requestID)
        }
    }

    struct Edit: Encodable {
        var start: Int
        var end: Int
        var before: String
        var after: String
        var reason: String
    }

    struct Energies: Encodable {
        var before: Double
        var after: Double
        /// Energy of the soft state before each descent step and after the last.
        var steps: [Double]
    }

    struct Verifications: Encodable {
        var before: VerifyResponse
        var after: VerifyResponse
    }

    struct Stage: Encodable {
        var stage: String
        var durationMs: Double
        var result: String

        enum CodingKeys: String, CodingKey {
            case stage
            case durationMs = "duration_ms"
            case result
        }
    }

    struct RefineResponse: Encodable {
        var answer: String
        var original: String
        var edits: [Edit]
        var energy: Energies?
        var verification: Verifications
        var candidates: [ScoredAnswer]
        var strategy: String
        var stopReason: String
        var trace: [Stage]
        var model: String

        enum CodingKeys: String, CodingKey {
            case answer, original, edits, energy, verification, candidates, strategy, trace, model
            case stopReason = "stop_reason"
        }
    }

    /// `POST /refine`: verify, descend on the edit logits, keep the edits only if the energy fell, verify again.
    func refine(_ request: HTTPRequest) async -> HTTPResponse {
        do throws(APIError) {
            let body = try RefineRequest(json: try JSONBody.object(of: request), limits: configuration.limits)
            let item = body.item
            let verifier = try await verifier(named: item.model)
            var trace: [Stage] = []
            var clock = Date()
            func lap() -> Double {
                let now = Date()
                defer { clock = now }
                return (now.timeIntervalSince(clock) * 1000 * 10).rounded() / 10
            }
            let before = await verifier.verify(question: item.question, contexts: item.contexts, answer: item.answer)
            metrics.recordVerification(steps: before.steps, halted: before.halted)
            trace.append(Stage(stage: "verify", durationMs: lap(), result: before.label.rawValue))

            guard body.strategy != .trm else {
                let verification = VerifyResponse(before)
                return try encode(
                    RefineResponse(
                        answer: item.answer, original: item.answer, edits: [], energy: nil,
                        verification: Verifications(before: verification, after: verification), candidates: [],
                        strategy: body.strategy.rawValue,
                        stopReason: "verified_only", trace: trace,
                        model: item.model),
                    request: request)
            }
            let model = try await energyModel(named: item.model)
            let result = await model.refine(
                question: item.question, contexts: item.contexts, answer: item.answer, steps: body.steps,
                seed: body.seed)
            let refinement = result.refinement
            trace.append(
                Stage(
                    stage: "ebm", durationMs: lap(),
                    result: refinement.accepted ? "edits: \(result.edited.edits.count)" : "no edits"))
            let after =
                result.edited.text == item.answer
                ? before
                : await verifier.verify(question: item.question, contexts: item.contexts, answer: result.edited.text)
            if result.edited.text != item.answer {
                metrics.recordVerification(steps: after.steps, halted: after.halted)
            }
            trace.append(Stage(stage: "verify", durationMs: lap(), result: after.label.rawValue))
            var outcome = "unchanged"
            if refinement.accepted {
                outcome = "kept"
            } else if refinement.flipped {
                outcome = "rejected"
            }
            metrics.recordRefinement(
                steps: body.steps, outcome: outcome,
                energyDecrease: Double(refinement.originalEnergy - refinement.finalEnergy))

            let edits = result.edited.edits.map { edit in
                Edit(
                    start: edit.start, end: edit.end, before: edit.before, after: edit.after,
                    reason: edit.after.isEmpty
                        ? "deleted: removing it lowered the energy"
                        : "replaced with the words of the aligned context sentence, which lowered the energy")
            }
            let response = RefineResponse(
                answer: result.edited.text, original: item.answer, edits: edits,
                energy: Energies(
                    before: Double(refinement.originalEnergy), after: Double(refinement.finalEnergy),
                    steps: refinement.stepEnergies.map(Double.init)),
                verification: Verifications(before: VerifyResponse(before), after: VerifyResponse(after)),
                candidates: result.candidates.map { candidate in
                    ScoredAnswer(
                        answer: candidate.answer, energy: Double(candidate.score.energy),
                        score: Double(candidate.score.probability))
                },
                strategy: body.strategy.rawValue, stopReason: Self.stopReason(result), trace: trace,
                model: item.model)
            return try encode(response, request: request)
        } catch {
            return error.response(requestID: request.requestID)
        }
    }

    /// Returns the reason refinement ended where it did.
    static func stopReason(_ result: EnergyModel.Result) -> String {
        if result.space.spans.isEmpty { return "no_editable_span" }
        if result.refinement.accepted { return "energy_lowered" }
        if result.refinement.flipped { return "edits_rejected_energy_not_lower" }
        return "no_edit_lowers_energy"
    }

    private func energyModel(named name: String) async throws(APIError) -> EnergyModel {
        if let model = await registry.energyModel(named: name) { return model }
        if case .loading = await registry.state {
            throw APIError(status: 503, code: "not_ready", message: "models are still loading; retry shortly")
        }
        let known = await registry.energyModelNames
        guard !known.isEmpty else {
            throw APIError(
                status: 503, code: "model_unavailable",
                message: "no energy model is loaded; the service log names the checkpoint that failed")
        }
        throw APIError(
            status: 404, code: "model_not_found",
            message: "energy model \(name) is not loaded; known: \(known.joined(separator: ", "))")
    }

    private func verifier(named name: String) async throws(APIError) -> Verifier {
        try await registry.servingVerifier(named: name)
    }

    private func encode<Body: Encodable>(_ body: Body, request: HTTPRequest) throws(APIError) -> HTTPResponse {
        try JSONResponse.encode(body, encoder: encoder, logger: logger, request: request)
    }
}

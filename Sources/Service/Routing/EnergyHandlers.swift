import EBM
import Foundation
import HTTP
import Logging
import TRM
import Text
import Upstream

/// `POST /score` and `POST /refine`: the energy model's ranking and repair, with the verifier's judgement.
struct EnergyHandlers: Sendable {
    let configuration: ServiceConfiguration
    let registry: ModelRegistry
    let logger: Logger
    let encoder: JSONEncoder
    let metrics: ServiceMetrics
    /// The upstream LLM that writes and revises answers; nil when none is configured.
    let upstream: (any ChatCompleting)?
    /// System message of the generation stage: the configured prompt or the one in its prompt file.
    let generationPrompt: String

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

    /// `POST /score`: the energy of one answer, or the candidates sorted by energy, lowest first, with answers that
    /// make no claim after the rest.
    func score(_ request: HTTPRequest) async -> HTTPResponse {
        do throws(APIError) {
            let body = try ScoreRequest(json: try JSONBody.object(of: request), limits: configuration.limits)
            let model = try await energyModel(named: body.model)
            let scores = try await APIError.mappingCancellation { () async throws(CancellationError) in
                try await model.score(question: body.question, contexts: body.contexts, answers: body.answers)
            }
            let response: ScoreResponse
            if body.ranksCandidates {
                let ranked = zip(body.answers, scores).sorted { first, second in
                    first.1.makesClaim == second.1.makesClaim
                        ? first.1.energy < second.1.energy : first.1.makesClaim
                }
                response = ScoreResponse(
                    candidates: ranked.map { answer, score in
                        ScoredAnswer(answer: answer, energy: Double(score.energy), score: Double(score.probability))
                    }, model: body.model)
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

    /// `POST /refine`: the strategy's stages (generate, verify, refine on the energy, revise upstream), then the
    /// chosen candidate with its edits, energies, verdicts and trace.
    func refine(_ request: HTTPRequest) async -> HTTPResponse {
        do throws(APIError) {
            let body = try RefineRequest(
                json: try JSONBody.object(of: request), limits: configuration.limits,
                defaults: configuration.refinement, upstreamConfigured: upstream != nil)
            let loop = RefinementLoop(
                verifier: try await verifier(named: body.model),
                energyModel: body.strategy == .trm ? nil : try await energyModel(named: body.model),
                upstream: upstream, settings: configuration.refinement, generationPrompt: generationPrompt,
                upstreamTimeout: .milliseconds(Int(configuration.upstream.timeoutSeconds * 1000)),
                maxAnswerCharacters: configuration.limits.maxAnswerCharacters, metrics: metrics, logger: logger)
            let outcome = try await loop.run(body, requestID: request.requestID)
            logger.info(
                "refinement finished",
                [
                    "request.id": .string(request.requestID), "refine.strategy": .string(body.strategy.rawValue),
                    "refine.stop_reason": .string(outcome.stopReason),
                    "upstream.calls": .integer(outcome.upstreamCalls),
                ])
            return try encode(
                RefineResponse(
                    outcome, strategy: body.strategy, model: body.model, weights: configuration.refinement.weights),
                request: request)
        } catch {
            logger.info(
                "refinement failed",
                [
                    "request.id": .string(request.requestID), "http.status": .integer(error.status),
                    "error.code": .string(error.code),
                ])
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
        try await registry.checkLoaded()
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

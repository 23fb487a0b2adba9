import Foundation
import HTTP
import Logging
import TRM

/// The endpoint handlers, each turning a request into a response and never throwing.
struct Handlers: Sendable {
    let configuration: ServiceConfiguration
    let registry: ModelRegistry
    let logger: Logger
    let encoder: JSONEncoder
    let metrics: ServiceMetrics
    let openAPI: OpenAPIDocument

    /// `GET /health`: 200 while the process serves.
    func health(_ request: HTTPRequest) -> HTTPResponse {
        .json(status: 200, body: Array(#"{"status":"ok"}"#.utf8))
    }

    /// `GET /ready`: 200 with the model versions once loaded, else 503 with the reason.
    ///
    /// Without the default energy model the verifier still serves `/verify`, but `/score` and most of `/refine`
    /// answer 503. `/ready` then answers 503 `degraded`, so a readiness probe takes the instance out of rotation
    /// rather than sending it traffic that half of the API rejects.
    func ready(_ request: HTTPRequest) async -> HTTPResponse {
        switch await registry.state {
        case .ready:
            var body: [String: Any] = [
                "status": "ready", "models": await registry.versions(),
                "energy_models": await registry.energyVersions(),
            ]
            guard await registry.energyModel(named: "default") != nil else {
                body["status"] = "degraded"
                body["error"] =
                    "the default energy model failed to load, so /score and /refine answer 503; "
                    + "the service log names the cause"
                return json(503, object: body, request: request)
            }
            return json(200, object: body, request: request)
        case .loading:
            return json(503, object: ["status": "loading"], request: request)
        case .failed(let reason):
            // The energy models load even when the verifier failed, and `/score` serves them.
            var body: [String: Any] = ["status": "failed", "error": reason]
            let energyVersions = await registry.energyVersions()
            if !energyVersions.isEmpty { body["energy_models"] = energyVersions }
            return json(503, object: body, request: request)
        }
    }

    /// `POST /verify`: the verifier's judgement of an item.
    func verify(_ request: HTTPRequest) async -> HTTPResponse {
        do throws(APIError) {
            let item = try VerifyRequest(json: try JSONBody.object(of: request), limits: configuration.limits)
            let verifier = try await verifier(named: item.model)
            let verification = try await APIError.mappingCancellation { () async throws(CancellationError) in
                try await verifier.verify(question: item.question, contexts: item.contexts, answer: item.answer)
            }
            metrics.recordVerification(steps: verification.steps, halted: verification.halted)
            return try encode(VerifyResponse(verification), request: request)
        } catch {
            return error.response(requestID: request.requestID)
        }
    }

    /// `GET /metrics`: every metric in the Prometheus text format.
    func metricsExposition(_ request: HTTPRequest, jobs: TrainingJobs) async -> HTTPResponse {
        let text = metrics.exposition(
            models: await registry.versions(), energyModels: await registry.energyVersions(),
            trainingJobs: await jobs.stateCounts())
        return HTTPResponse(status: 200, headers: ["Content-Type": PrometheusText.contentType], body: Array(text.utf8))
    }

    /// `GET /openapi.yaml`: the OpenAPI document read at start, or 404 when it could not be read.
    func openAPIDocument(_ request: HTTPRequest) -> HTTPResponse {
        guard let bytes = openAPI.bytes else {
            return APIError(
                status: 404, code: "not_found",
                message: "the OpenAPI document was not readable at start; set api.openAPIFile or REFINER_OPENAPI_FILE"
            ).response(requestID: request.requestID)
        }
        return HTTPResponse(status: 200, headers: ["Content-Type": OpenAPIDocument.contentType], body: bytes)
    }

    private func verifier(named name: String) async throws(APIError) -> Verifier {
        try await registry.servingVerifier(named: name)
    }

    private func encode<Body: Encodable>(_ body: Body, request: HTTPRequest) throws(APIError) -> HTTPResponse {
        try JSONResponse.encode(body, encoder: encoder, logger: logger, request: request)
    }

    private func json(_ status: Int, object: [String: Any], request: HTTPRequest) -> HTTPResponse {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
            logger.error("response encoding failed", ["request.id": request.requestID])
            return APIError(status: 500, code: "internal_error", message: "the response could not be encoded")
                .response(requestID: request.requestID)
        }
        return .json(status: status, body: Array(data))
    }
}

extension ModelRegistry {
    /// The verifier called `name`, or the error a request for it gets: 503 while the models load or after the
    /// default one failed to load, else 404 listing the loaded names.
    func servingVerifier(named name: String) async throws(APIError) -> Verifier {
        if let verifier = verifier(named: name) { return verifier }
        try checkLoaded()
        let known = modelNames.joined(separator: ", ")
        throw APIError(status: 404, code: "model_not_found", message: "model \(name) is not loaded; known: \(known)")
    }

    /// Throws the 503 a model request gets while the models load, or after the default verifier failed to load,
    /// which stops loading before any energy model.
    func checkLoaded() throws(APIError) {
        switch state {
        case .loading:
            throw APIError(status: 503, code: "not_ready", message: "models are still loading; retry shortly")
        case .failed:
            throw APIError(
                status: 503, code: "model_unavailable",
                message: "the default model failed to load; GET /ready reports it and the service log names the cause")
        case .ready:
            return
        }
    }
}

/// Encodes 200 response bodies, turning an encoding failure into a logged 500.
enum JSONResponse {
    static func encode<Body: Encodable>(
        _ body: Body, status: Int = 200, encoder: JSONEncoder, logger: Logger, request: HTTPRequest
    ) throws(APIError) -> HTTPResponse {
        do {
            return .json(status: status, body: Array(try encoder.encode(body)))
        } catch {
            logger.error("response encoding failed", ["request.id": request.requestID, "error": "\(error)"])
            throw APIError(status: 500, code: "internal_error", message: "the response could not be encoded")
        }
    }
}

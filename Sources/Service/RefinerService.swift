import Foundation
import HTTP
import Logging
import TRM
import Upstream

/// The Refiner API on top of an HTTP server: routes, request validation and the loaded models.
public final class RefinerService: Sendable {
    public let configuration: ServiceConfiguration
    public let registry: ModelRegistry
    /// Request, engine and model metrics served at `GET /metrics`.
    public let metrics: ServiceMetrics
    /// Training jobs started with `POST /train`.
    public let training: TrainingJobs
    private let logger: Logger
    private let router: Router
    private let encoder: JSONEncoder

    /// Creates the service and reads the OpenAPI document named by `configuration.api.openAPIFile`.
    ///
    /// - Parameters:
    ///   - metrics: Where requests, verifications and training jobs are counted. Default: a new, empty set.
    ///   - trainingEngines: Replaces the default TRM and EBM engines, as tests with tiny networks do.
    ///   - upstream: Replaces the libcurl client that `configuration.upstream` describes. Default: that client,
    ///     or none when no upstream URL is set.
    public init(
        configuration: ServiceConfiguration, registry: ModelRegistry, logger: Logger,
        metrics: ServiceMetrics = ServiceMetrics(), trainingEngines: [any TrainingEngine]? = nil,
        upstream: (any ChatCompleting)? = nil
    ) {
        self.configuration = configuration
        self.registry = registry
        self.metrics = metrics
        self.logger = logger
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self.encoder = encoder

        var router = Router()
        let handlers = Handlers(
            configuration: configuration, registry: registry, logger: logger, encoder: encoder, metrics: metrics,
            openAPI: OpenAPIDocument.load(path: configuration.api.openAPIFile, logger: logger))
        router.addImmediate("GET", "/health") { request in handlers.health(request) }
        router.add("GET", "/ready") { request in await handlers.ready(request) }
        router.add("POST", "/verify") { request in await handlers.verify(request) }
        let energyHandlers = EnergyHandlers(
            configuration: configuration, registry: registry, logger: logger, encoder: encoder, metrics: metrics,
            upstream: upstream ?? Self.upstreamClient(configuration, logger: logger, metrics: metrics),
            generationPrompt: Self.generationPrompt(configuration, logger: logger))
        router.add("POST", "/score") { request in await energyHandlers.score(request) }
        router.add("POST", "/refine") { request in await energyHandlers.refine(request) }
        router.addImmediate("GET", "/openapi.yaml") { request in handlers.openAPIDocument(request) }

        let retained = configuration.models.retainedVersions
        let engines: [any TrainingEngine] =
            trainingEngines ?? [
                TRMTrainingEngine(registry: registry, logger: logger, retainedVersions: retained),
                EBMTrainingEngine(registry: registry, logger: logger, retainedVersions: retained),
            ]
        training = TrainingJobs(
            engines: engines, queueLength: configuration.training.queueLength,
            retainedJobs: configuration.training.retainedJobs, logger: logger)
        let trainingHandlers = TrainingHandlers(
            configuration: configuration, jobs: training, logger: logger, encoder: encoder)
        let jobs = training
        router.add("GET", "/metrics") { request in await handlers.metricsExposition(request, jobs: jobs) }
        router.add("POST", "/train") { request in await trainingHandlers.submit(request) }
        router.add("GET", prefix: TrainingHandlers.pathPrefix, parameter: "job") { request in
            await trainingHandlers.status(request)
        }
        router.add("DELETE", prefix: TrainingHandlers.pathPrefix, parameter: "job") { request in
            await trainingHandlers.cancel(request)
        }
        self.router = router
    }

    private static func upstreamClient(_ configuration: ServiceConfiguration, logger: Logger, metrics: ServiceMetrics)
        -> UpstreamClient?
    {
        guard configuration.upstream.isConfigured else { return nil }
        if !UpstreamClient.initializeLibrary() {
            logger.error("libcurl failed to initialise; every upstream call will fail")
        }
        return UpstreamClient(configuration: configuration.upstream, logger: logger.withLabel("upstream")) { attempt in
            metrics.recordUpstreamAttempt(outcome: attempt.outcome, seconds: attempt.seconds)
        }
    }

    /// Returns the configured generation prompt, or the default one with an error logged when its file is unusable.
    ///
    /// `refiner serve` checks the file before it starts, so the fallback serves only code that embeds the service.
    private static func generationPrompt(_ configuration: ServiceConfiguration, logger: Logger) -> String {
        do {
            return try configuration.refinement.resolvedGenerationPrompt()
        } catch {
            logger.error("generation prompt file unusable; using the default prompt", ["error": "\(error)"])
            return configuration.refinement.generationPrompt
        }
    }

    /// Paths the service routes, sorted, so tests can hold them against `openapi.yaml`.
    public var routePaths: [String] {
        router.paths
    }

    /// Handles one request and counts it in `metrics`. This is the HTTP server's handler.
    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let started = ContinuousClock.now
        let response = await router.route(request)
        record(request, response, started: started)
        return response
    }

    /// Returns the response to a request that needs no waiting, such as `/health` or a 404, and counts it in
    /// `metrics`. Returns nil for a request that needs `handle(_:)`. This is the HTTP server's immediate handler.
    public func handleImmediately(_ request: HTTPRequest) -> HTTPResponse? {
        let started = ContinuousClock.now
        guard let response = router.routeImmediately(request) else { return nil }
        record(request, response, started: started)
        return response
    }

    private func record(_ request: HTTPRequest, _ response: HTTPResponse, started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let route = router.routeLabel(for: request.path) ?? ServiceMetrics.unmatchedRoute
        metrics.recordRequest(route: route, method: request.method, status: response.status, seconds: seconds)
    }

    /// Returns the error for a request that fails whatever its body holds, or nil. This is the HTTP server's
    /// head check, so a client waiting for `100 Continue` gets such an error before it sends the body.
    public func checkHead(_ request: HTTPRequest) -> HTTPResponse? {
        if let response = router.responseWithoutHandler(request) {
            return response
        }
        if request.method == "POST", let error = JSONBody.headError(request.headers) {
            return error.response(requestID: request.requestID)
        }
        if request.method == "POST" && request.path == "/train" {
            do throws(APIError) {
                try AdminAuthorization(token: configuration.training.adminToken).check(request)
            } catch {
                var response = error.response(requestID: request.requestID)
                if error.status == 401 {
                    response.headers.replaceOrAdd(name: "WWW-Authenticate", value: #"Bearer realm="refiner-train""#)
                }
                return response
            }
        }
        return nil
    }
}

import Foundation
import HTTP
import Logging
import TRM

/// The Refiner API on top of an HTTP server: routes, request validation and the loaded models.
public final class RefinerService: Sendable {
    public let configuration: ServiceConfiguration
    public let registry: ModelRegistry
    /// Request, engine and model metrics served at `GET /metrics`.
    public let metrics: ServiceMetrics
    private let logger: Logger
    private let router: Router
    private let encoder: JSONEncoder

    /// Creates the service and reads the OpenAPI document named by `configuration.api.openAPIFile`.
    ///
    /// - Parameter metrics: Where requests and verifications are counted. Default: a new, empty set.
    public init(
        configuration: ServiceConfiguration, registry: ModelRegistry, logger: Logger,
        metrics: ServiceMetrics = ServiceMetrics()
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
        router.add("GET", "/health") { request in handlers.health(request) }
        router.add("GET", "/ready") { request in await handlers.ready(request) }
        router.add("POST", "/verify") { request in await handlers.verify(request) }
        router.add("GET", "/metrics") { request in await handlers.metricsExposition(request) }
        router.add("GET", "/openapi.yaml") { request in handlers.openAPIDocument(request) }
        self.router = router
    }

    /// Paths the service routes, sorted, so tests can hold them against `openapi.yaml`.
    public var routePaths: [String] {
        router.paths
    }

    /// Handles one request and counts it in `metrics`. This is the HTTP server's handler.
    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let started = ContinuousClock.now
        let response = await router.route(request)

        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let route = router.matches(request.path) ? request.path : ServiceMetrics.unmatchedRoute
        metrics.recordRequest(route: route, method: request.method, status: response.status, seconds: seconds)
        return response
    }
}

import Foundation
import HTTP
import Logging
import TRM

/// The Refiner API on top of an HTTP server: routes, request validation and the loaded models.
public final class RefinerService: Sendable {
    public let configuration: ServiceConfiguration
    public let registry: ModelRegistry
    /// Training jobs started with `POST /train`.
    public let training: TrainingJobs
    private let logger: Logger
    private let router: Router
    private let encoder: JSONEncoder

    /// Creates the service; `trainingEngines` replaces the default TRM engine, as tests with tiny networks do.
    public init(
        configuration: ServiceConfiguration, registry: ModelRegistry, logger: Logger,
        trainingEngines: [any TrainingEngine]? = nil
    ) {
        self.configuration = configuration
        self.registry = registry
        self.logger = logger
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self.encoder = encoder

        var router = Router()
        let handlers = Handlers(configuration: configuration, registry: registry, logger: logger, encoder: encoder)
        router.add("GET", "/health") { request in handlers.health(request) }
        router.add("GET", "/ready") { request in await handlers.ready(request) }
        router.add("POST", "/verify") { request in await handlers.verify(request) }
        let energyHandlers = EnergyHandlers(
            configuration: configuration, registry: registry, logger: logger, encoder: encoder)
        router.add("POST", "/score") { request in await energyHandlers.score(request) }
        router.add("POST", "/refine") { request in await energyHandlers.refine(request) }

        let engines =
            trainingEngines ?? [
                TRMTrainingEngine(
                    registry: registry, logger: logger, retainedVersions: configuration.models.retainedVersions)
            ]
        training = TrainingJobs(
            engines: engines, queueLength: configuration.training.queueLength,
            retainedJobs: configuration.training.retainedJobs, logger: logger)
        let trainingHandlers = TrainingHandlers(
            configuration: configuration, jobs: training, logger: logger, encoder: encoder)
        router.add("POST", "/train") { request in await trainingHandlers.submit(request) }
        router.add("GET", prefix: TrainingHandlers.pathPrefix) { request in await trainingHandlers.status(request) }
        router.add("DELETE", prefix: TrainingHandlers.pathPrefix) { request in await trainingHandlers.cancel(request) }
        self.router = router
    }

    /// Handles one request. This is the HTTP server's handler.
    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        await router.route(request)
    }
}

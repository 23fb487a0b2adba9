import Foundation
import HTTP
import Logging
import TRM

/// The Refiner API on top of an HTTP server: routes, request validation and the loaded models.
public final class RefinerService: Sendable {
    public let configuration: ServiceConfiguration
    public let registry: ModelRegistry
    private let logger: Logger
    private let router: Router
    private let encoder: JSONEncoder

    public init(configuration: ServiceConfiguration, registry: ModelRegistry, logger: Logger) {
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
        self.router = router
    }

    /// Handles one request. This is the HTTP server's handler.
    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        await router.route(request)
    }

    /// Returns the error for a request that fails whatever its body holds, or nil. This is the HTTP server's
    /// head check, so a client waiting for `100 Continue` gets such an error before it sends the body.
    public func checkHead(_ request: HTTPRequest) -> HTTPResponse? {
        if let response = router.responseWithoutHandler(request) {
            return response
        }
        if request.method == "POST", let error = JSONBody.contentTypeError(request.headers["Content-Type"]) {
            return error.response(requestID: request.requestID)
        }
        return nil
    }
}

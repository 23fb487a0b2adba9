import HTTP

/// Maps a method and an exact path to a handler, and returns 404, 405 with `Allow`, or 501 when none matches.
///
/// A handler is either async or immediate. An immediate one returns its response without awaiting anything, so
/// the server can run it on the connection thread without creating a task (`routeImmediately(_:)`).
struct Router: Sendable {
    typealias AsyncHandler = @Sendable (HTTPRequest) async -> HTTPResponse
    typealias ImmediateHandler = @Sendable (HTTPRequest) -> HTTPResponse

    enum Handler: Sendable {
        case async(AsyncHandler)
        case immediate(ImmediateHandler)
    }

    /// Methods RFC 9110 and RFC 5789 (`PATCH`) define, and `QUERY`, the safe method with a body that the IETF
    /// HTTP working group is drafting and that clients and API test tools already send. A route that lacks one of
    /// them gets 405 with `Allow`; a method outside this list gets 501 on every path, as one the server does
    /// not recognise.
    static let standardMethods: Set<String> = [
        "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "QUERY",
    ]

    private var routes: [String: [String: Handler]] = [:]
    /// Routes matched by path prefix, such as `/train/` for `/train/{job}`, tried after the exact paths.
    private var prefixRoutes: [String: [String: Handler]] = [:]
    /// Template of each prefix route, such as `/train/{job}`, by prefix.
    private var prefixTemplates: [String: String] = [:]

    /// Adds an async handler. A `GET` route also serves `HEAD`, whose body the server drops.
    mutating func add(_ method: String, _ path: String, _ handler: @escaping AsyncHandler) {
        add(method, path, handler: .async(handler))
    }

    /// Adds a handler that returns its response without awaiting anything.
    mutating func addImmediate(_ method: String, _ path: String, _ handler: @escaping ImmediateHandler) {
        add(method, path, handler: .immediate(handler))
    }

    private mutating func add(_ method: String, _ path: String, handler: Handler) {
        routes[path, default: [:]][method] = handler
        if method == "GET" { routes[path, default: [:]]["HEAD"] = handler }
    }

    /// Adds a handler for every path that starts with `prefix` and has more after it.
    ///
    /// - Parameter parameter: Name of the path segment after the prefix, which makes the route's template,
    ///   `/train/{job}` for the prefix `/train/` and the parameter `job`. Default: `id`.
    mutating func add(
        _ method: String, prefix: String, parameter: String = "id", _ handler: @escaping AsyncHandler
    ) {
        prefixRoutes[prefix, default: [:]][method] = .async(handler)
        if method == "GET" { prefixRoutes[prefix, default: [:]]["HEAD"] = .async(handler) }
        prefixTemplates[prefix] = prefix + "{" + parameter + "}"
    }

    /// Paths of the exact routes and templates of the prefix routes, sorted, as OpenAPI writes paths.
    var paths: [String] {
        (Array(routes.keys) + Array(prefixTemplates.values)).sorted()
    }

    /// Returns the path or template of the route that serves `path`, or nil when none does, so that metrics
    /// label requests by route and never by a client's path.
    func routeLabel(for path: String) -> String? {
        if routes[path] != nil { return path }
        return prefixTemplates.first { prefix, _ in matches(path, prefix: prefix) }?.value
    }

    /// Finds the handler for the request and runs it, or responds to `OPTIONS` itself with 204 and `Allow`.
    func route(_ request: HTTPRequest) async -> HTTPResponse {
        switch resolve(request) {
        case .handler(.async(let handler)): return await handler(request)
        case .handler(.immediate(let handler)): return handler(request)
        case .response(let response): return response
        }
    }

    /// Returns the response when it needs no waiting: from an immediate handler, or 404, 405, 501 or `OPTIONS`.
    /// Returns nil when the request needs its async handler.
    func routeImmediately(_ request: HTTPRequest) -> HTTPResponse? {
        switch resolve(request) {
        case .handler(.async): return nil
        case .handler(.immediate(let handler)): return handler(request)
        case .response(let response): return response
        }
    }

    /// Returns the response for a request that no handler serves: 501, 404, 405 or the `OPTIONS` response.
    ///
    /// It reads only the method and path, so the server can call it before the body arrives.
    func responseWithoutHandler(_ request: HTTPRequest) -> HTTPResponse? {
        guard case .response(let response) = resolve(request) else { return nil }
        return response
    }

    private enum Resolution {
        case handler(Handler)
        case response(HTTPResponse)
    }

    private func resolve(_ request: HTTPRequest) -> Resolution {
        guard Self.standardMethods.contains(request.method) else {
            let message =
                "method \(request.method) is not implemented; use one of \(allMethods.joined(separator: ", "))"
            return .response(
                APIError(status: 501, code: "method_not_implemented", message: message)
                    .response(requestID: request.requestID))
        }
        if request.method == "OPTIONS" && request.path == "*" {
            return .response(allowResponse(allowed: allMethods))
        }
        let prefixMatch = prefixRoutes.first { prefix, _ in matches(request.path, prefix: prefix) }
        guard let methods = routes[request.path] ?? prefixMatch?.value else {
            return .response(
                APIError(status: 404, code: "not_found", message: "no route for \(request.path)")
                    .response(requestID: request.requestID))
        }
        if let handler = methods[request.method] {
            return .handler(handler)
        }

        let allowed = (Array(methods.keys) + ["OPTIONS"]).sorted()
        if request.method == "OPTIONS" {
            return .response(allowResponse(allowed: allowed))
        }
        let list = allowed.joined(separator: ", ")
        var response = APIError(
            status: 405, code: "method_not_allowed",
            message: "\(request.method) is not allowed on \(request.path); use \(list)"
        ).response(requestID: request.requestID)
        response.headers.replaceOrAdd(name: "Allow", value: list)
        return .response(response)
    }

    /// Methods served on at least one path, with `OPTIONS`, sorted.
    private var allMethods: [String] {
        Set(routes.values.flatMap(\.keys) + prefixRoutes.values.flatMap(\.keys) + ["OPTIONS"]).sorted()
    }

    /// Returns the 204 response to `OPTIONS`, which lists the methods in `Allow`.
    private func allowResponse(allowed: [String]) -> HTTPResponse {
        HTTPResponse(status: 204, headers: ["Allow": allowed.joined(separator: ", ")])
    }

    private func matches(_ path: String, prefix: String) -> Bool {
        path.hasPrefix(prefix) && path.count > prefix.count
    }
}

import HTTP

/// Maps a method and an exact path to a handler, and returns 404, or 405 with `Allow`, when none matches.
struct Router: Sendable {
    typealias Handler = @Sendable (HTTPRequest) async -> HTTPResponse

    private var routes: [String: [String: Handler]] = [:]
    /// Routes matched by path prefix, such as `/train/` for `/train/{job}`, tried after the exact paths.
    private var prefixRoutes: [String: [String: Handler]] = [:]
    /// Template of each prefix route, such as `/train/{job}`, by prefix.
    private var prefixTemplates: [String: String] = [:]

    /// Adds a handler. A `GET` route also serves `HEAD`, whose body the server drops.
    mutating func add(_ method: String, _ path: String, _ handler: @escaping Handler) {
        routes[path, default: [:]][method] = handler
        if method == "GET" { routes[path, default: [:]]["HEAD"] = handler }
    }

    /// Adds a handler for every path that starts with `prefix` and has more after it.
    ///
    /// - Parameter parameter: Name of the path segment after the prefix, which makes the route's template,
    ///   `/train/{job}` for the prefix `/train/` and the parameter `job`. Default: `id`.
    mutating func add(
        _ method: String, prefix: String, parameter: String = "id", _ handler: @escaping Handler
    ) {
        prefixRoutes[prefix, default: [:]][method] = handler
        if method == "GET" { prefixRoutes[prefix, default: [:]]["HEAD"] = handler }
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

    /// Finds the handler for the request and runs it.
    func route(_ request: HTTPRequest) async -> HTTPResponse {
        let prefixMatch = prefixRoutes.first { prefix, _ in matches(request.path, prefix: prefix) }
        guard let methods = routes[request.path] ?? prefixMatch?.value else {
            return APIError(status: 404, code: "not_found", message: "no route for \(request.path)")
                .response(requestID: request.requestID)
        }
        guard let handler = methods[request.method] else {
            let allowed = methods.keys.sorted().joined(separator: ", ")
            var response = APIError(
                status: 405, code: "method_not_allowed",
                message: "\(request.method) is not allowed on \(request.path); use \(allowed)"
            ).response(requestID: request.requestID)
            response.headers.replaceOrAdd(name: "Allow", value: allowed)
            return response
        }
        return await handler(request)
    }

    private func matches(_ path: String, prefix: String) -> Bool {
        path.hasPrefix(prefix) && path.count > prefix.count
    }
}

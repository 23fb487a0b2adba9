import HTTP

/// Maps a method and an exact path to a handler, and returns 404, or 405 with `Allow`, when none matches.
struct Router: Sendable {
    typealias Handler = @Sendable (HTTPRequest) async -> HTTPResponse

    private var routes: [String: [String: Handler]] = [:]
    /// Routes matched by path prefix, such as `/train/` for `/train/{job}`, tried after the exact paths.
    private var prefixRoutes: [String: [String: Handler]] = [:]

    /// Adds a handler. A `GET` route also serves `HEAD`, whose body the server drops.
    mutating func add(_ method: String, _ path: String, _ handler: @escaping Handler) {
        routes[path, default: [:]][method] = handler
        if method == "GET" { routes[path, default: [:]]["HEAD"] = handler }
    }

    /// Adds a handler for every path that starts with `prefix` and has more after it.
    mutating func add(_ method: String, prefix: String, _ handler: @escaping Handler) {
        prefixRoutes[prefix, default: [:]][method] = handler
        if method == "GET" { prefixRoutes[prefix, default: [:]]["HEAD"] = handler }
    }

    /// Finds the handler for the request and runs it.
    func route(_ request: HTTPRequest) async -> HTTPResponse {
        let prefixMatch = prefixRoutes.first { prefix, _ in
            request.path.hasPrefix(prefix) && request.path.count > prefix.count
        }
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
}

import HTTP

/// Maps a method and an exact path to a handler, and returns 404, or 405 with `Allow`, when none matches.
struct Router: Sendable {
    typealias Handler = @Sendable (HTTPRequest) async -> HTTPResponse

    private var routes: [String: [String: Handler]] = [:]

    /// Adds a handler. A `GET` route also serves `HEAD`, whose body the server drops.
    mutating func add(_ method: String, _ path: String, _ handler: @escaping Handler) {
        routes[path, default: [:]][method] = handler
        if method == "GET" { routes[path, default: [:]]["HEAD"] = handler }
    }

    /// Paths that have at least one route, sorted.
    var paths: [String] {
        routes.keys.sorted()
    }

    /// Checks whether any route has exactly this path, whatever its methods.
    func matches(_ path: String) -> Bool {
        routes[path] != nil
    }

    /// Finds the handler for the request and runs it.
    func route(_ request: HTTPRequest) async -> HTTPResponse {
        guard let methods = routes[request.path] else {
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

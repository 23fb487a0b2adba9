@testable import HTTP

/// Ways of delivering bytes to a parser, so each case runs both as one write and as one-byte writes.
enum Feeding: String, CaseIterable, Sendable {
    case whole
    case oneByteAtATime
}

/// Limits used by parser tests unless a test sets its own.
let defaultTestLimits = HTTPRequestParser.Limits(
    maxRequestLineBytes: 8192, maxHeaderBytes: 32_768, maxBodyBytes: 1_048_576)

/// Feeds `text` to a new parser and collects every request it yields.
///
/// - Throws: The first `HTTPRequestError` the parser raises.
func parseAll(
    _ text: String,
    feeding: Feeding = .whole,
    limits: HTTPRequestParser.Limits = defaultTestLimits
) throws(HTTPRequestError) -> [HTTPRequestParser.ParsedRequest] {
    var parser = HTTPRequestParser(limits: limits)
    var requests: [HTTPRequestParser.ParsedRequest] = []
    let chunks: [[UInt8]] = feeding == .whole ? [Array(text.utf8)] : text.utf8.map { [$0] }
    for chunk in chunks {
        parser.append(chunk)
        while let request = try parser.nextRequest() {
            requests.append(request)
        }
    }
    return requests
}

/// Feeds `text` to a new parser and returns the error it raises, or nil when it raises none.
func parseError(
    _ text: String,
    feeding: Feeding = .whole,
    limits: HTTPRequestParser.Limits = defaultTestLimits
) -> HTTPRequestError? {
    do {
        _ = try parseAll(text, feeding: feeding, limits: limits)
        return nil
    } catch {
        return error
    }
}

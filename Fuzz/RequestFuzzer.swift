import Foundation

@testable import HTTP

/// Limits of the fuzzed parser, small so that short inputs reach every limit check.
private let fuzzLimits = HTTPRequestParser.Limits(maxRequestLineBytes: 256, maxHeaderBytes: 1024, maxBodyBytes: 2048)

/// Service limits for the fuzzed `/verify` decoding, the defaults the service ships with.
private let verifyLimits = ServiceConfiguration.Limits()

/// Runs one fuzz input, chosen by its first byte: the request parser, or the JSON decoding of `/verify`.
///
/// A crash, an assertion failure or a sanitizer report is a finding. The parser run also checks that feeding the
/// bytes in pieces gives the same requests and the same error status as feeding them at once, because the server
/// must not care how TCP splits its input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let selector = bytes.first else { return 0 }
    let input = Array(bytes.dropFirst())

    if selector & 1 == 0 {
        checkParserSplitting(input, pieceSeed: selector)
    } else {
        decodeVerifyBody(input)
    }
    return 0
}

/// Requests a parser produced from an input, as method, path and body, and its error status, if any.
private struct ParseResult: Equatable {
    var requests: [String] = []
    var errorStatus: Int?
}

private func parse(_ pieces: [ArraySlice<UInt8>]) -> ParseResult {
    var parser = HTTPRequestParser(limits: fuzzLimits)
    var result = ParseResult()
    for piece in pieces {
        parser.append(piece)
        do {
            while let request = try parser.nextRequest() {
                precondition(request.body.count <= fuzzLimits.maxBodyBytes, "body over the limit")
                let body = String(decoding: request.body, as: UTF8.self)
                result.requests.append("\(request.head.method) \(request.head.path) \(body)")
                _ = parser.takeContinueRequest()
            }
        } catch {
            precondition((400...505).contains(error.status), "status \(error.status) outside 400-505")
            result.errorStatus = error.status
            return result
        }
    }
    return result
}

private func checkParserSplitting(_ input: [UInt8], pieceSeed: UInt8) {
    let whole = parse([input[...]])

    // Piece lengths cycle through 1 to 8 bytes from a start the selector byte picks.
    var pieces: [ArraySlice<UInt8>] = []
    var start = 0
    var length = Int(pieceSeed >> 1) % 8 + 1
    while start < input.count {
        let end = min(start + length, input.count)
        pieces.append(input[start..<end])
        start = end
        length = length % 8 + 1
    }
    let split = parse(pieces)

    precondition(whole == split, "parse differs when the input is split: \(whole) versus \(split)")
}

private func decodeVerifyBody(_ body: [UInt8]) {
    let request = HTTPRequest(
        method: "POST", target: "/verify", path: "/verify", headers: ["Content-Type": "application/json"], body: body,
        requestID: "fuzz")
    do {
        let object = try JSONBody.object(of: request)
        _ = try VerifyRequest(json: object, limits: verifyLimits)
    } catch {
        precondition((400...499).contains(error.status), "status \(error.status) for a client error")
    }
}

import Foundation
import HTTP
import StrictJSON

/// Checks and parses a request body that must be one JSON object.
enum JSONBody {
    /// Returns the top-level object of a JSON request body.
    ///
    /// - Throws: `APIError` for a head that `headError` rejects. 400 for an empty body, invalid UTF-8,
    ///   or JSON that `JSONValidator` rejects: invalid syntax, a trailing comma, nesting past its cap, a number
    ///   out of range, NaN or Infinity, a duplicated key. Also 400 for a value that is not an object.
    static func object(of request: HTTPRequest) throws(APIError) -> [String: Any] {
        if let error = headError(request.headers) {
            throw error
        }
        guard !request.body.isEmpty else {
            throw APIError(status: 400, code: "invalid_json", message: "request body is empty: send a JSON object")
        }
        guard String(validating: request.body, as: UTF8.self) != nil else {
            throw APIError(
                status: 400, code: "invalid_json",
                message:
                    "request body is not valid UTF-8 at byte \(invalidUTF8Offset(request.body)): send it as UTF-8")
        }
        // RFC 8259 forbids a byte order mark before JSON sent over a network, though some editors save one.
        guard !request.body.starts(with: [0xEF, 0xBB, 0xBF]) else {
            throw APIError(
                status: 400, code: "invalid_json",
                message: "request body starts with a byte order mark (EF BB BF): send the JSON without it")
        }
        do {
            try JSONValidator.validate(request.body)
        } catch {
            throw APIError(
                status: 400, code: "invalid_json", message: "request body is not valid JSON: \(error.message)")
        }

        let value: Any
        do {
            value = try JSONSerialization.jsonObject(
                with: escapingByteOrderMarks(request.body), options: [.fragmentsAllowed])
        } catch {
            throw APIError(status: 400, code: "invalid_json", message: "request body is not valid JSON")
        }
        guard let object = value as? [String: Any] else {
            throw APIError(status: 400, code: "invalid_json", message: "request body must be a JSON object")
        }
        return object
    }

    /// Returns the error for a request head whose body cannot be read as JSON, or nil: a Content-Type sent more
    /// than once or other than JSON, or a Content-Encoding other than identity.
    static func headError(_ headers: HTTPHeaders) -> APIError? {
        let contentTypes = headers.values(for: "Content-Type")
        guard contentTypes.count <= 1 else {
            return APIError(
                status: 400, code: "invalid_request",
                message: "Content-Type is sent \(contentTypes.count) times: send it once, as application/json")
        }
        if let error = contentTypeError(contentTypes.first) {
            return error
        }
        // The body is parsed as sent, so a compressed one would be read as garbled JSON. A field may list several
        // codings, and an empty one lists none.
        let codings = headers.values(for: "Content-Encoding").flatMap { $0.split(separator: ",") }
        for coding in codings {
            let name = coding.trimmingCharacters(in: .whitespaces)
            guard name.isEmpty || name.lowercased() == "identity" else {
                return APIError(
                    status: 415, code: "unsupported_media_type",
                    message: "Content-Encoding \(name) is not supported: send the body uncompressed")
            }
        }
        return nil
    }

    /// Returns the body with every raw U+FEFF written as the escape `\ufeff`.
    ///
    /// `JSONSerialization` drops the character from the start of a string, which would shift every offset that
    /// the service reports into that string. The escape keeps it. The validator has rejected the character
    /// outside strings, so every occurrence is inside one.
    static func escapingByteOrderMarks(_ body: [UInt8]) -> Data {
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        let hasMark = body.indices.dropLast(2).contains { body[$0..<($0 + 3)].elementsEqual(mark) }
        guard hasMark else { return Data(body) }
        var escaped = Data(capacity: body.count + 16)
        var index = 0
        while index < body.count {
            if index + 2 < body.count, body[index..<(index + 3)].elementsEqual(mark) {
                escaped.append(contentsOf: Array("\\ufeff".utf8))
                index += 3
            } else {
                escaped.append(body[index])
                index += 1
            }
        }
        return escaped
    }

    /// Returns the 415 error for a Content-Type other than `application/json` or an `application/*+json` type, or
    /// nil when it is acceptable.
    ///
    /// Parameters and the media type match in any letter case. A `charset` parameter must name UTF-8, the only
    /// encoding RFC 8259 allows between systems. A missing field counts as JSON.
    static func contentTypeError(_ value: String?) -> APIError? {
        guard let value else { return nil }
        let parts = value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let mediaType = parts.first ?? ""
        // A `+json` suffix, as in `application/problem+json`, names a media type whose syntax is JSON.
        let isJSON =
            mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
        guard isJSON else {
            let named = mediaType.isEmpty ? "Content-Type is empty" : "Content-Type \(mediaType) is not supported"
            return APIError(
                status: 415, code: "unsupported_media_type", message: "\(named): send application/json")
        }

        for parameter in parts.dropFirst() where parameter.hasPrefix("charset=") {
            let charset = parameter.dropFirst("charset=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            guard charset == "utf-8" || charset == "utf8" else {
                return APIError(
                    status: 415, code: "unsupported_media_type",
                    message: "charset \(charset) is not supported: send the JSON body in UTF-8")
            }
        }
        return nil
    }

    /// Returns the offset of the first byte of `bytes` that does not continue valid UTF-8.
    static func invalidUTF8Offset(_ bytes: [UInt8]) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while case .valid(let scalar) = parser.parseScalar(from: &iterator) {
            offset += scalar.count
        }
        return offset
    }
}

/// The members each request body may have, so a misspelt one ("budjet", "stratgy") gets a 400 rather than being
/// dropped while the request runs with defaults.
enum KnownFields {
    static let verify = ["question", "contexts", "answer", "model"]
    static let score = ["question", "contexts", "answer", "candidates", "model"]
    static let refine = ["question", "contexts", "answer", "model", "budget", "strategy", "seed"]
    static let budget = ["steps", "upstream_calls", "deadline_ms"]
    static let train = [
        "target", "model", "examples", "dataset", "epochs", "batch_size", "members", "seed", "learning_rate",
        "augmentation", "method",
    ]

    /// Throws a 400 naming the members of `object` that `allowed` lacks, in sorted order, each in quotes and cut to
    /// 64 characters, since a member name can be as long as the body.
    ///
    /// - Parameter parent: The field that contains `object`, such as `budget`; nil for the body itself.
    static func check(_ object: [String: Any], allowed: [String], parent: String? = nil) throws(APIError) {
        let unknown = object.keys.filter { !allowed.contains($0) }.sorted()
        guard !unknown.isEmpty else { return }
        let names = unknown.prefix(5).map { name in
            let shortened = name.unicodeScalars.count > 64 ? String(name.unicodeScalars.prefix(64)) + "…" : name
            return "\"" + (parent.map { "\($0)." } ?? "") + shortened + "\""
        }
        let more = unknown.count > names.count ? " and \(unknown.count - names.count) more" : ""
        let known = allowed.map { (parent.map { "\($0)." } ?? "") + $0 }.joined(separator: ", ")
        throw APIError(
            status: 400, code: "invalid_request",
            message:
                "unknown field \(names.joined(separator: ", "))\(more): check the spelling; the known fields are \(known)"
        )
    }
}

import Foundation
import HTTP

/// Checks and parses a request body that must be one JSON object.
enum JSONBody {
    /// Returns the top-level object of a JSON request body.
    ///
    /// - Throws: `APIError` 415 for a Content-Type other than JSON, 400 for an empty body, invalid UTF-8,
    ///   invalid JSON, or a value that is not an object.
    static func object(of request: HTTPRequest) throws(APIError) -> [String: Any] {
        try checkContentType(request.headers["Content-Type"])
        guard !request.body.isEmpty else {
            throw APIError(status: 400, code: "invalid_json", message: "request body is empty: send a JSON object")
        }
        guard String(validating: request.body, as: UTF8.self) != nil else {
            throw APIError(status: 400, code: "invalid_json", message: "request body is not valid UTF-8")
        }

        // NOTE: JSONSerialization accepts some input that RFC 8259 rejects, such as a trailing comma in an object.
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: Data(request.body), options: [.fragmentsAllowed])
        } catch {
            throw APIError(status: 400, code: "invalid_json", message: "request body is not valid JSON")
        }
        guard let object = value as? [String: Any] else {
            throw APIError(status: 400, code: "invalid_json", message: "request body must be a JSON object")
        }
        return object
    }

    /// Accepts `application/json` with any parameters and in any letter case; a missing header counts as JSON.
    private static func checkContentType(_ value: String?) throws(APIError) {
        guard let value else { return }
        let mediaType = value.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        let trimmed = mediaType.trimmingCharacters(in: .whitespaces).lowercased()
        guard trimmed == "application/json" else {
            throw APIError(
                status: 415, code: "unsupported_media_type",
                message: "Content-Type \(trimmed) is not supported: send application/json")
        }
    }
}

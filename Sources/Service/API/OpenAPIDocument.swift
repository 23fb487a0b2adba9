import Foundation
import Logging

/// The OpenAPI document the service serves at `GET /openapi.yaml`, read once at start.
struct OpenAPIDocument: Sendable {
    /// Media type of the document (RFC 9512).
    static let contentType = "application/yaml"

    /// The file's bytes, or nil when it could not be read at start.
    let bytes: [UInt8]?
    /// Path the document was read from, for the error message when it is missing.
    let path: String

    /// Reads the document, logging an error and keeping no bytes when the file cannot be read, so a
    /// misplaced document costs only its own route.
    static func load(path: String, logger: Logger) -> OpenAPIDocument {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else {
            logger.error(
                "OpenAPI document could not be read; GET /openapi.yaml returns 404 until a restart",
                ["openapi.path": path, "config.key": "api.openAPIFile"])
            return OpenAPIDocument(bytes: nil, path: path)
        }
        return OpenAPIDocument(bytes: Array(data), path: path)
    }
}

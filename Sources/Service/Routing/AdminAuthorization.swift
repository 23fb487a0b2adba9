import Foundation
import HTTP

/// Checks the `Authorization: Bearer <token>` header field of an admin request against the configured token.
struct AdminAuthorization: Sendable {
    /// The token requests must carry; nil disables the admin routes.
    let token: String?

    /// Returns normally when the request carries the configured token.
    ///
    /// - Throws: `APIError` 403 when no token is configured or the token differs, 401 when the header field is
    ///   missing or not a bearer token.
    func check(_ request: HTTPRequest) throws(APIError) {
        guard let token, !token.isEmpty else {
            throw APIError(
                status: 403, code: "training_disabled",
                message: "training over HTTP is disabled: start the service with REFINER_ADMIN_TOKEN set to a "
                    + "secret and send it as Authorization: Bearer <token>")
        }
        guard let header = request.headers["Authorization"] else {
            throw APIError(
                status: 401, code: "unauthorized", message: "missing Authorization header: send Bearer <token>")
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError(
                status: 401, code: "unauthorized", message: "Authorization must use the Bearer scheme: Bearer <token>")
        }
        let presented = parts[1].trimmingCharacters(in: .whitespaces)
        guard Self.constantTimeEquals(Array(presented.utf8), Array(token.utf8)) else {
            throw APIError(status: 403, code: "forbidden", message: "the bearer token is not valid")
        }
    }

    /// Compares two byte strings in time that depends on their lengths only, never on where they differ.
    static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference: UInt8 = lhs.count == rhs.count ? 0 : 1
        for index in 0..<max(lhs.count, rhs.count) {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= left ^ right
        }
        return difference == 0
    }
}

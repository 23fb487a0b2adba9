import Foundation

/// The usable part of a chat completion reply: the first choice's content and the model that wrote it.
struct ChatCompletionReply: Equatable {
    var content: String
    var model: String?

    /// Maximum length, in characters, of the upstream error message that an `UpstreamError` repeats.
    static let maxErrorMessageCharacters = 200

    /// Checks a reply and extracts its content.
    ///
    /// - Parameter redacting: A secret, the API key, to remove from any text the upstream sent back.
    /// - Throws: `AttemptFailure` with `.status` for a status other than 200, retryable for 429 and 5xx. Otherwise
    ///   `.invalidReply` for another content type or a body that is not a chat completion, `.truncated` for
    ///   `finish_reason` "length", and `.emptyContent` for null or blank content.
    init(_ reply: TransferReply, redacting secret: String?) throws(AttemptFailure) {
        guard reply.status == 200 else {
            throw Self.statusFailure(reply, redacting: secret)
        }
        try Self.checkContentType(reply.contentType)

        let choice = try Self.firstChoice(reply.body)
        if choice.finishReason == "length" {
            throw .final(.truncated, "the upstream reply was cut off at max_tokens (finish_reason \"length\")")
        }
        switch choice.message["content"] {
        case let content as String where !content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty:
            self.content = content
        case nil, is NSNull, is String:
            throw .final(.emptyContent, "the upstream reply has no message content")
        default:
            throw .final(.invalidReply, "reply message content is not a string")
        }
        self.model = choice.model
    }

    private static func checkContentType(_ contentType: String?) throws(AttemptFailure) {
        guard let contentType else {
            throw .final(.invalidReply, "reply has no Content-Type; expected application/json")
        }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        guard mediaType.trimmingCharacters(in: .whitespaces).lowercased() == "application/json" else {
            let received = excerpt(contentType, maxCharacters: 100)
            throw .final(.invalidReply, "reply has Content-Type \(received); expected application/json")
        }
    }

    private static func firstChoice(_ body: [UInt8]) throws(AttemptFailure) -> (
        message: [String: Any], finishReason: String?, model: String?
    ) {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(body))
        } catch {
            throw .final(.invalidReply, "reply is not JSON: \(parseErrorDescription(error))")
        }
        guard let object = parsed as? [String: Any] else {
            throw .final(.invalidReply, "reply is not a JSON object")
        }
        guard let choices = object["choices"] as? [Any], let first = choices.first else {
            throw .final(.invalidReply, "reply has no choices")
        }
        guard let choice = first as? [String: Any], let message = choice["message"] as? [String: Any] else {
            throw .final(.invalidReply, "reply's first choice has no message")
        }
        return (message, choice["finish_reason"] as? String, object["model"] as? String)
    }

    /// Builds the `.status` failure, repeating the upstream's error message (OpenAI's `error.message` when the
    /// body is its error JSON, else the start of the body) without any secret.
    private static func statusFailure(_ reply: TransferReply, redacting secret: String?) -> AttemptFailure {
        let retryable = reply.status == 429 || (500...599).contains(reply.status)
        var message = "the upstream returned status \(reply.status)"
        if var detail = errorMessage(reply.body) {
            if let secret, !secret.isEmpty {
                detail = detail.replacingOccurrences(of: secret, with: "[redacted]")
            }
            message += ": " + excerpt(detail, maxCharacters: maxErrorMessageCharacters)
        }
        return AttemptFailure(
            error: UpstreamError(.status, message, status: reply.status), isRetryable: retryable,
            retryAfterSeconds: reply.retryAfter.flatMap { retryAfterSeconds($0) })
    }

    private static func errorMessage(_ body: [UInt8]) -> String? {
        if let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] {
            if let error = object["error"] as? [String: Any], let message = error["message"] as? String {
                return message
            }
            if let message = (object["error"] as? String) ?? (object["message"] as? String) {
                return message
            }
        }
        let text = String(decoding: body, as: UTF8.self)
        return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : text
    }

    /// Returns `text` on one line, with runs of whitespace as single spaces, cut to `maxCharacters`.
    static func excerpt(_ text: String, maxCharacters: Int) -> String {
        let oneLine = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        guard oneLine.count > maxCharacters else { return oneLine }
        return String(oneLine.prefix(maxCharacters)) + "…"
    }

    private static func parseErrorDescription(_ error: Error) -> String {
        let nsError = error as NSError
        let debug = nsError.userInfo[NSDebugDescriptionErrorKey] as? String
        return excerpt(debug ?? nsError.localizedDescription, maxCharacters: 100)
    }
}

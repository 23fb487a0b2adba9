import Foundation
import StrictJSON
import Text

/// The usable part of a chat completion reply: the first choice's content and the model that wrote it.
struct ChatCompletionReply: Equatable {
    var content: String
    var model: String?

    /// Maximum length, in characters, of the upstream error message that an `UpstreamError` repeats.
    static let maxErrorMessageCharacters = 200

    /// Checks a reply and extracts its content.
    ///
    /// - Parameters:
    ///   - redacting: A secret, the API key, to remove from any text the upstream sent back.
    ///   - prompt: The texts of the messages sent. An upstream error message that quotes them is left out, since
    ///     error messages reach the log, and the log contains no request content.
    /// - Throws: `AttemptFailure` with `.status` for a status other than 200, retryable for 429 and 5xx. Otherwise
    ///   `.invalidReply` for another content type or a body that is not a chat completion (duplicate keys
    ///   included, as in request bodies), `.truncated` for `finish_reason` "length" or "content_filter", and
    ///   `.emptyContent` for null or blank content. Control characters other than tab and line breaks are dropped
    ///   from the content, since an answer holding U+0000 is no text to verify.
    init(_ reply: TransferReply, redacting secret: String?, prompt: [String] = []) throws(AttemptFailure) {
        guard reply.status == 200 else {
            throw Self.statusFailure(reply, redacting: secret, prompt: prompt)
        }
        try Self.checkContentType(reply.contentType)

        let choice = try Self.firstChoice(reply.body, prompt: prompt)
        let finishReason = choice.finishReason?.lowercased()
        if finishReason == "length" {
            throw .final(.truncated, "the upstream reply was cut off at max_tokens (finish_reason \"length\")")
        }
        if finishReason == "content_filter" {
            throw .final(
                .truncated, "the upstream's content filter stopped the reply (finish_reason \"content_filter\")")
        }
        switch choice.message["content"] {
        case let text as String:
            let content = Self.droppingControlCharacters(text)
            guard !content.isBlank else {
                throw .final(.emptyContent, "the upstream reply's message content is blank or invisible")
            }
            self.content = content
        case nil, is NSNull:
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

    private static func firstChoice(_ body: [UInt8], prompt: [String]) throws(AttemptFailure) -> (
        message: [String: Any], finishReason: String?, model: String?
    ) {
        let parsed: Any
        do {
            try JSONValidator.validate(body)
        } catch {
            // The message names a duplicate key, which a reply echoing the request takes from the prompt.
            let detail = quotes(error.message, prompt) ? "its message quotes the prompt and is left out" : error.message
            throw .final(.invalidReply, "reply is not JSON: \(excerpt(detail, maxCharacters: 100))")
        }
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
    private static func statusFailure(_ reply: TransferReply, redacting secret: String?, prompt: [String])
        -> AttemptFailure
    {
        let retryable = reply.status == 429 || (500...599).contains(reply.status)
        var message = "the upstream returned status \(reply.status)"
        if var detail = errorMessage(reply.body) {
            if let secret, !secret.isEmpty {
                detail = detail.replacingOccurrences(of: secret, with: "[redacted]", options: .caseInsensitive)
            }
            if quotes(detail, prompt) {
                message += "; its error message quotes the prompt and is left out"
            } else {
                message += ": " + excerpt(detail, maxCharacters: maxErrorMessageCharacters)
            }
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

    /// Returns `text` without control characters other than tab, line feed and carriage return, and without terminal
    /// escape sequences, whose bytes after the escape would otherwise stay as text. Those are control sequences
    /// ("ESC [31m", or 0x9B for "ESC ["), and operating system commands such as hyperlinks and titles ("ESC ]8;;url
    /// ESC \\", ended by BEL or "ESC \\"). Character set choices ("ESC ( B") and other two-character escapes go too.
    static func droppingControlCharacters(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var input = text.unicodeScalars.makeIterator()
        // Skips a control sequence's parameters up to its final byte, from "@" to "~".
        func skipControlSequence() {
            var next = input.next()
            while let scalar = next, !(0x40...0x7E).contains(scalar.value) { next = input.next() }
        }
        while let scalar = input.next() {
            if scalar == "\u{9B}" {
                skipControlSequence()
                continue
            }
            guard scalar == "\u{1B}" else {
                if scalar.properties.generalCategory != .control || ["\t", "\n", "\r"].contains(scalar) {
                    scalars.append(scalar)
                }
                continue
            }
            switch input.next() {
            case "[":
                skipControlSequence()
            case "]", "P", "_", "^", "X":
                // A string runs to BEL or to the string terminator "ESC \\".
                while let next = input.next(), next != "\u{07}" {
                    if next == "\u{1B}" {
                        _ = input.next()
                        break
                    }
                }
            case "(", ")", "*", "+", "-", ".", "/":
                _ = input.next()
            default:
                break
            }
        }
        return String(scalars)
    }

    /// Length, in characters, of a run of an error message that counts as a quote of the prompt when a message
    /// sent contains it. Runs this long are rare in an error message that only describes a request.
    static let quoteCharacters = 24

    /// True when a run of `quoteCharacters` characters of the error message's excerpt appears in a prompt text,
    /// ignoring case, as in a validation error that echoes the request ("invalid request: Question: Where is ...").
    static func quotes(_ detail: String, _ prompt: [String]) -> Bool {
        let characters = Array(excerpt(detail, maxCharacters: 4 * maxErrorMessageCharacters).lowercased())
        guard characters.count >= quoteCharacters else { return false }
        let texts = prompt.map { $0.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").lowercased() }
        // Runs start every quarter run, so any quote of 1.25 runs or more contains a whole run.
        for start in stride(from: 0, through: characters.count - quoteCharacters, by: quoteCharacters / 4) {
            let run = String(characters[start..<(start + quoteCharacters)])
            if texts.contains(where: { $0.contains(run) }) { return true }
        }
        return false
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

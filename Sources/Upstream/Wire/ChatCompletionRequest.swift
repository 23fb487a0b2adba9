import Foundation

/// The JSON body of `POST /chat/completions`.
struct ChatCompletionRequest: Encodable {
    var model: String
    var messages: [ChatMessage]
    var maxTokens: Int
    var temperature: Double

    enum CodingKeys: String, CodingKey {
        case model, messages
        case maxTokens = "max_tokens"
        case temperature
    }

    /// Encodes the body as JSON text.
    ///
    /// - Throws: `UpstreamError` of kind `connection` when the temperature is not finite, which JSON cannot
    ///   write; `Configuration.validate()` rejects such a temperature at start.
    func encoded() throws(UpstreamError) -> String {
        do {
            return String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
        } catch {
            throw UpstreamError(.connection, "failed to encode the upstream request: \(error)")
        }
    }
}

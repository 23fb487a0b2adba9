import Foundation
import Text

/// The item every scoring endpoint takes: a question, the contexts and the answer to check.
struct VerifyRequest: Sendable, Equatable {
    var question: String?
    var contexts: [String]
    var answer: String
    var model: String

    /// Reads and validates the item's fields from a JSON object.
    ///
    /// - Throws: `APIError` 400 naming the first field that is missing, of the wrong type, empty or too long.
    init(json object: [String: Any], limits: ServiceConfiguration.Limits) throws(APIError) {
        try KnownFields.check(object, allowed: KnownFields.verify)
        question = try Self.question(object, limits: limits)
        contexts = try Self.contexts(object, limits: limits)
        answer = try Self.answer(object, limit: limits.maxAnswerCharacters)
        model = try Self.optionalString(object, "model", limit: 128) ?? "default"
        guard !model.isEmpty else {
            throw .invalidField("model", "is empty: leave it out for the default model or send a model name")
        }
    }

    /// Reads the optional question. A blank one, invisible characters such as U+200B included, is no question.
    static func question(_ object: [String: Any], limits: ServiceConfiguration.Limits) throws(APIError) -> String? {
        let question = try optionalString(object, "question", limit: limits.maxQuestionCharacters)
        return question.isPresentQuestion ? question : nil
    }

    static func contexts(_ object: [String: Any], limits: ServiceConfiguration.Limits) throws(APIError)
        -> [String]
    {
        guard let value = object["contexts"], !(value is NSNull) else {
            throw .invalidField("contexts", "is missing: send a list of 1 or more passages")
        }
        guard let list = value as? [Any] else {
            throw .invalidField("contexts", "must be a list of strings")
        }
        guard !list.isEmpty else {
            throw .invalidField("contexts", "is empty: send at least one passage")
        }
        guard list.count <= limits.maxContexts else {
            throw .invalidField("contexts", "has \(list.count) passages; the limit is \(limits.maxContexts)")
        }

        var contexts: [String] = []
        for (index, element) in list.enumerated() {
            guard let text = element as? String else {
                throw .invalidField("contexts[\(index)]", "must be a string")
            }
            guard !text.isBlank else {
                throw .invalidField("contexts[\(index)]", "is empty: remove it or send the passage text")
            }
            let length = text.unicodeScalars.count
            guard length <= limits.maxContextCharacters else {
                throw .invalidField(
                    "contexts[\(index)]", "has \(length) characters; the limit is \(limits.maxContextCharacters)")
            }
            contexts.append(text)
        }
        return contexts
    }

    static func answer(_ object: [String: Any], limit: Int) throws(APIError) -> String {
        guard let value = object["answer"], !(value is NSNull) else {
            throw .invalidField("answer", "is missing: send the answer text to check")
        }
        guard let text = value as? String else {
            throw .invalidField("answer", "must be a string")
        }
        guard !text.isBlank else {
            throw .invalidField("answer", "is empty: send the answer text to check")
        }
        guard text.unicodeScalars.count <= limit else {
            throw .invalidField("answer", "has \(text.unicodeScalars.count) characters; the limit is \(limit)")
        }
        return text
    }

    static func optionalString(_ object: [String: Any], _ field: String, limit: Int) throws(APIError) -> String? {
        guard let value = object[field], !(value is NSNull) else { return nil }
        guard let text = value as? String else {
            throw .invalidField(field, "must be a string")
        }
        guard text.unicodeScalars.count <= limit else {
            throw .invalidField(field, "has \(text.unicodeScalars.count) characters; the limit is \(limit)")
        }
        return text
    }
}

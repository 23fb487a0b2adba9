import Foundation

extension LabelledRecord {
    /// A field of a labelled record that is missing or invalid, with a message safe to show to a client.
    public struct FieldError: Error, Equatable, CustomStringConvertible {
        /// Path of the field inside the record, such as `label` or `contexts[2]`.
        public var field: String
        /// The reason the field is invalid and the fix, such as `is empty: send at least one passage`.
        public var problem: String

        public var description: String { "\(field) \(problem)" }
    }

    /// Reads a record from a JSON object as `JSONSerialization` decodes it, and checks every field.
    ///
    /// `contexts` must be a list of 1 or more non-blank strings, `answer` a non-blank string and `label` the integer
    /// 1 or 0. `question`, `reference` and `edit_types` are optional.
    ///
    /// - Parameters:
    ///   - object: One record, such as a line of a data file or an element of `examples` in `POST /train`.
    ///   - defaultSource: The source of a record without one. Default: nil, which makes `source` required.
    ///   - defaultID: Returns the id of a record without one, given the record read so far. Default: nil, which
    ///     makes `id` required.
    /// - Throws: `FieldError` naming the first field that is missing, of the wrong type or invalid.
    public init(
        jsonObject object: [String: Any], defaultSource: String? = nil,
        defaultID: ((LabelledRecord) -> String)? = nil
    ) throws(FieldError) {
        let contexts = try Self.contexts(object["contexts"])
        let answer = try Self.answer(object["answer"])
        let label = try Self.label(object["label"])
        self.init(
            id: "", source: "", question: try Self.optionalString(object, "question"), contexts: contexts,
            answer: answer, label: label, reference: try Self.optionalString(object, "reference"),
            editTypes: try Self.editTypes(object["edit_types"]))

        if let source = try Self.optionalString(object, "source") ?? defaultSource {
            self.source = source
        } else {
            throw FieldError(field: "source", problem: "is missing: send the name of the record's data source")
        }
        if let id = try Self.optionalString(object, "id") ?? defaultID?(self) {
            self.id = id
        } else {
            throw FieldError(field: "id", problem: "is missing: send a string that identifies the record")
        }
    }

    private static func contexts(_ value: Any?) throws(FieldError) -> [String] {
        guard let value, !(value is NSNull) else {
            throw FieldError(field: "contexts", problem: "is missing: send a list of 1 or more passages")
        }
        guard let list = value as? [Any] else {
            throw FieldError(field: "contexts", problem: "must be a list of 1 or more passages, got \(describe(value))")
        }
        guard !list.isEmpty else {
            throw FieldError(field: "contexts", problem: "is empty: send at least one passage")
        }

        var contexts: [String] = []
        for (index, element) in list.enumerated() {
            guard let text = element as? String else {
                throw FieldError(field: "contexts[\(index)]", problem: "must be a string, got \(describe(element))")
            }
            guard !text.isBlank else {
                throw FieldError(field: "contexts[\(index)]", problem: "is empty: remove it or send the passage text")
            }
            contexts.append(text)
        }
        return contexts
    }

    private static func answer(_ value: Any?) throws(FieldError) -> String {
        guard let value, !(value is NSNull) else {
            throw FieldError(field: "answer", problem: "is missing: send the answer text to check")
        }
        guard let text = value as? String else {
            throw FieldError(field: "answer", problem: "must be a string, got \(describe(value))")
        }
        guard !text.isBlank else {
            throw FieldError(field: "answer", problem: "is empty: send the answer text to check")
        }
        return text
    }

    private static func label(_ value: Any?) throws(FieldError) -> Int {
        guard let value, !(value is NSNull) else {
            throw FieldError(field: "label", problem: "is missing: send 1 (supported) or 0 (unsupported)")
        }
        // A JSON number that is not a whole number, such as 1.5, does not convert to Int.
        guard !isBoolean(value), let label = value as? Int, label == 0 || label == 1 else {
            throw FieldError(
                field: "label", problem: "must be 1 (supported) or 0 (unsupported), got \(describe(value))")
        }
        return label
    }

    private static func optionalString(_ object: [String: Any], _ key: String) throws(FieldError) -> String? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let text = value as? String else {
            throw FieldError(field: key, problem: "must be a string or null, got \(describe(value))")
        }
        return text
    }

    private static func editTypes(_ value: Any?) throws(FieldError) -> [String]? {
        guard let value, !(value is NSNull) else { return nil }
        guard let list = value as? [Any] else {
            throw FieldError(field: "edit_types", problem: "must be a list of strings, got \(describe(value))")
        }
        var names: [String] = []
        for (index, element) in list.enumerated() {
            guard let name = element as? String else {
                throw FieldError(field: "edit_types[\(index)]", problem: "must be a string, got \(describe(element))")
            }
            names.append(name)
        }
        return names
    }

    /// Tells a JSON `true` or `false` from a number, which `JSONSerialization` both decodes as `NSNumber`.
    private static func isBoolean(_ value: Any) -> Bool {
        ObjectIdentifier(type(of: value as AnyObject)) == ObjectIdentifier(type(of: NSNumber(value: true)))
    }

    /// Maximum characters of a string value that a message quotes. Default: 40.
    static let quotedCharacters = 40

    /// Returns a JSON value as a message shows it. A string is quoted, and one longer than `quotedCharacters` is cut
    /// and followed by its length. A number or literal is shown as written, and a list or object by its kind.
    static func describe(_ value: Any) -> String {
        switch value {
        case is NSNull:
            return "null"
        case let text as String:
            let length = text.unicodeScalars.count
            guard length > quotedCharacters else { return quote(text) }
            let start = String(String.UnicodeScalarView(text.unicodeScalars.prefix(quotedCharacters)))
            return quote(start + "\u{2026}") + " (\(length) characters)"
        case _ where isBoolean(value):
            return (value as? Bool ?? false) ? "true" : "false"
        case let number as NSNumber:
            return number.stringValue
        case is [Any]:
            return "a list"
        case is [String: Any]:
            return "an object"
        default:
            return "a value of another type"
        }
    }

    /// Returns a string as a JSON string literal, with quotes and escapes.
    private static func quote(_ text: String) -> String {
        let data = try? JSONSerialization.data(
            withJSONObject: text, options: [.fragmentsAllowed, .withoutEscapingSlashes])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "a string"
    }
}

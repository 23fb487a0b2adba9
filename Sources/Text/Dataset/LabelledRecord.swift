import Foundation
import StrictJSON

/// One labelled answer from a JSON Lines data file.
public struct LabelledRecord: Sendable, Codable, Equatable {
    public var id: String
    public var source: String
    public var question: String?
    public var contexts: [String]
    public var answer: String
    /// 1 when the contexts support the answer, 0 when they do not.
    public var label: Int
    /// A supported answer to the same input, present on some unsupported records.
    public var reference: String?
    public var editTypes: [String]?

    enum CodingKeys: String, CodingKey {
        case id, source, question, contexts, answer, label, reference
        case editTypes = "edit_types"
    }

    public init(
        id: String, source: String, question: String?, contexts: [String], answer: String, label: Int,
        reference: String? = nil, editTypes: [String]? = nil
    ) {
        self.id = id
        self.source = source
        self.question = question
        self.contexts = contexts
        self.answer = answer
        self.label = label
        self.reference = reference
        self.editTypes = editTypes
    }

    /// Error reading a data file, naming the file and the line.
    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads every record of a JSON Lines file, skipping blank lines, and checks each as `init(jsonObject:)` does.
    ///
    /// Each line is held to the rules of a request body (`JSONValidator`): a trailing comma, a duplicated key, NaN
    /// or a number out of range is an error, where `JSONSerialization` alone would read the line somehow. A byte
    /// order mark at the start of the file is skipped.
    ///
    /// - Throws: `LoadError` naming the file, the line number and the field of the first invalid record, such as
    ///   `data/x.jsonl line 3: label must be 1 (supported) or 0 (unsupported), got "yes"`.
    public static func load(path: String) throws -> [LabelledRecord] {
        guard var data = FileManager.default.contents(atPath: path) else {
            throw LoadError(description: "cannot read data file \(path): missing or unreadable")
        }
        if data.starts(with: [0xEF, 0xBB, 0xBF]) {
            data.removeFirst(3)
        }
        var records: [LabelledRecord] = []
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        // A line of spaces, tabs or a carriage return alone is blank, as JSON counts those bytes as white space.
        for (index, line) in lines.enumerated() where !line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) {
            let location = "\(path) line \(index + 1)"
            let bytes = Array(line)
            guard String(validating: bytes, as: UTF8.self) != nil else {
                throw LoadError(description: "\(location) is not valid UTF-8: save the file as UTF-8")
            }
            do {
                try JSONValidator.validate(bytes)
            } catch {
                throw LoadError(
                    description: "\(location) is not valid JSON: \(error.message); write one JSON object on each line")
            }
            let value: Any
            do {
                value = try JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed)
            } catch {
                throw LoadError(description: "\(location) is not valid JSON: write one JSON object on each line")
            }
            guard let object = value as? [String: Any] else {
                throw LoadError(description: "\(location) must be a JSON object, got \(describe(value))")
            }
            do {
                records.append(try LabelledRecord(jsonObject: object))
            } catch {
                throw LoadError(description: "\(location): \(error)")
            }
        }
        return records
    }
}

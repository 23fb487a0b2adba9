import Foundation

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

    /// Reads every record of a JSON Lines file, skipping blank lines.
    ///
    /// - Throws: `LoadError` naming the file and line number of the first invalid record.
    public static func load(path: String) throws -> [LabelledRecord] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(description: "cannot read data file \(path): missing or unreadable")
        }
        let decoder = JSONDecoder()
        var records: [LabelledRecord] = []
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (number, line) in lines.enumerated() where !line.allSatisfy({ $0 == 32 || $0 == 13 }) {
            do {
                records.append(try decoder.decode(LabelledRecord.self, from: Data(line)))
            } catch {
                throw LoadError(description: "invalid record on line \(number + 1) of \(path): \(error)")
            }
        }
        return records
    }
}

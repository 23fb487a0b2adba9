import Foundation
import Testing

@testable import Text

/// A JSON Lines file in a fresh temporary folder, removed when the value is released.
private final class TemporaryDataFile {
    let folder: URL
    let path: String

    convenience init(contents: String) throws {
        try self.init(bytes: Array(contents.utf8))
    }

    init(bytes: [UInt8]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("text-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("records.jsonl").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }
}

@Suite struct LabelledRecordTests {
    static let supportedLine = """
        {"id": "a-1", "source": "news", "question": "Who won?", "contexts": ["Ana won the race."], \
        "answer": "Ana won.", "label": 1}
        """
    static let unsupportedLine = """
        {"id": "a-2", "source": "news", "contexts": ["Ana won the race.", "Bo came second."], \
        "answer": "Bo won.", "label": 0, "reference": "Ana won.", "edit_types": ["entity"]}
        """

    @Test func loadReadsEveryRecord() throws {
        let file = try TemporaryDataFile(contents: Self.supportedLine + "\n" + Self.unsupportedLine + "\n")
        let records = try LabelledRecord.load(path: file.path)

        #expect(records.map(\.id) == ["a-1", "a-2"])
    }

    @Test func loadDecodesEveryField() throws {
        let file = try TemporaryDataFile(contents: Self.unsupportedLine)
        let record = try #require(try LabelledRecord.load(path: file.path).first)

        #expect(record.source == "news")
        #expect(record.question == nil)
        #expect(record.contexts == ["Ana won the race.", "Bo came second."])
        #expect(record.answer == "Bo won.")
        #expect(record.label == 0)
        #expect(record.reference == "Ana won.")
        #expect(record.editTypes == ["entity"])
    }

    @Test func loadSkipsBlankLines() throws {
        let contents = "\n" + Self.supportedLine + "\r\n   \n\t \n\n" + Self.unsupportedLine + "\n\n"
        let file = try TemporaryDataFile(contents: contents)

        #expect(try LabelledRecord.load(path: file.path).count == 2)
    }

    @Test func invalidLineNamesLineNumber() throws {
        let contents = Self.supportedLine + "\n\n" + #"{"id": "broken", "label": 1}"# + "\n" + Self.unsupportedLine
        let file = try TemporaryDataFile(contents: contents)

        let error = #expect(throws: LabelledRecord.LoadError.self) {
            try LabelledRecord.load(path: file.path)
        }
        #expect(error?.description.contains("line 3") == true)
        #expect(error?.description.contains(file.path) == true)
    }

    @Test func malformedJSONNamesLineNumber() throws {
        let file = try TemporaryDataFile(contents: Self.supportedLine + "\n{\"id\": \n")

        let error = #expect(throws: LabelledRecord.LoadError.self) {
            try LabelledRecord.load(path: file.path)
        }
        #expect(error?.description.contains("line 2") == true)
    }

    /// Lines that `JSONSerialization` reads but a request body may not contain, each with the problem to name.
    static let laxLines: [(String, String)] = [
        (#"{"contexts": ["Ana won."], "answer": "Ana won.", "label": 1,}"#, "trailing comma"),
        (#"{"contexts": ["Ana won."], "answer": "Ana won.", "label": 1, "label": 0}"#, "duplicate key 'label'"),
        (#"{"contexts": ["Ana won."], "answer": "Ana won.", "label": NaN}"#, "at byte"),
        (#"{"contexts": ["Ana won."], "answer": "Ana won.", "label": 1e999}"#, "at byte"),
    ]

    @Test(arguments: laxLines)
    func laxJSONIsRejectedWithItsProblem(_ line: String, _ problem: String) throws {
        let file = try TemporaryDataFile(contents: Self.supportedLine + "\n" + line + "\n")

        let error = #expect(throws: LabelledRecord.LoadError.self) {
            try LabelledRecord.load(path: file.path)
        }
        #expect(error?.description.contains("line 2 is not valid JSON") == true)
        #expect(error?.description.contains(problem) == true)
    }

    @Test func invalidUTF8IsNamed() throws {
        let file = try TemporaryDataFile(
            bytes: Array(Self.supportedLine.utf8) + [10] + Array(#"{"answer": ""#.utf8) + [0xC3, 0x28, 0x22, 0x7D])

        let error = #expect(throws: LabelledRecord.LoadError.self) {
            try LabelledRecord.load(path: file.path)
        }
        #expect(error?.description.contains("line 2 is not valid UTF-8") == true)
    }

    @Test func byteOrderMarkAtStartIsSkipped() throws {
        let file = try TemporaryDataFile(bytes: [0xEF, 0xBB, 0xBF] + Array(Self.supportedLine.utf8))

        #expect(try LabelledRecord.load(path: file.path).map(\.id) == ["a-1"])
    }

    /// Cases of a change to the supported line's JSON text and the message that the loader must give for it.
    static let invalidRecords: [(String, String, String)] = [
        (#""label": 1"#, #""label": 7"#, "label must be 1 (supported) or 0 (unsupported), got 7"),
        (#""label": 1"#, #""label": -3"#, "label must be 1 (supported) or 0 (unsupported), got -3"),
        (#""label": 1"#, #""label": 2"#, "label must be 1 (supported) or 0 (unsupported), got 2"),
        (#""label": 1"#, #""label": "yes""#, #"label must be 1 (supported) or 0 (unsupported), got "yes""#),
        (#""label": 1"#, #""label": 1.5"#, "label must be 1 (supported) or 0 (unsupported), got 1.5"),
        (#""label": 1"#, #""label": true"#, "label must be 1 (supported) or 0 (unsupported), got true"),
        (#", "label": 1"#, "", "label is missing: send 1 (supported) or 0 (unsupported)"),
        (#""answer": "Ana won.""#, #""answer": """#, "answer is empty: send the answer text to check"),
        (#""answer": "Ana won.""#, #""answer": " \u200b ""#, "answer is empty: send the answer text to check"),
        (#""answer": "Ana won.""#, #""answer": 42"#, "answer must be a string, got 42"),
        (#"["Ana won the race."]"#, "[]", "contexts is empty: send at least one passage"),
        (#"["Ana won the race."]"#, #"[""]"#, "contexts[0] is empty: remove it or send the passage text"),
        (#"["Ana won the race."]"#, #""Ana won.""#, #"contexts must be a list of 1 or more passages, got "Ana won.""#),
        (#""id": "a-1", "#, "", "id is missing: send a string that identifies the record"),
        (#""source": "news", "#, "", "source is missing: send the name of the record's data source"),
        (#""question": "Who won?""#, #""question": ["Who won?"]"#, "question must be a string or null, got a list"),
    ]

    @Test(arguments: invalidRecords)
    func invalidFieldNamesFileLineAndField(_ original: String, _ replacement: String, _ message: String) throws {
        let changed = Self.supportedLine.replacingOccurrences(of: original, with: replacement)
        #expect(changed != Self.supportedLine, "the case must change the line")
        let file = try TemporaryDataFile(contents: Self.unsupportedLine + "\n\n" + changed + "\n")

        let error = #expect(throws: LabelledRecord.LoadError.self) {
            try LabelledRecord.load(path: file.path)
        }

        #expect(error?.description == "\(file.path) line 3: \(message)")
    }

    @Test func longValueIsCutInMessage() throws {
        let long = String(repeating: "y", count: 100_000)
        let line = Self.supportedLine.replacingOccurrences(of: #""label": 1"#, with: #""label": "\#(long)""#)
        let file = try TemporaryDataFile(contents: line)

        let error = #expect(throws: LabelledRecord.LoadError.self) {
            try LabelledRecord.load(path: file.path)
        }

        let cut = String(repeating: "y", count: 40) + "\u{2026}"
        #expect(
            error?.description.hasSuffix(#"got "\#(cut)" (100000 characters)"#) == true, "\(String(describing: error))")
    }

    @Test func lineThatIsNoObjectIsNamed() throws {
        let file = try TemporaryDataFile(contents: Self.supportedLine + "\n[1, 0]\n")

        let error = #expect(throws: LabelledRecord.LoadError.self) {
            try LabelledRecord.load(path: file.path)
        }

        #expect(error?.description == "\(file.path) line 2 must be a JSON object, got a list")
    }

    @Test func missingFileNamesPath() {
        let path = "/nonexistent-\(UUID().uuidString)/records.jsonl"

        let error = #expect(throws: LabelledRecord.LoadError.self) {
            try LabelledRecord.load(path: path)
        }
        #expect(error?.description.contains(path) == true)
    }
}

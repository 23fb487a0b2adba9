import Foundation
import Testing
import Text

/// `POST /train` with a `dataset` file: its records get the checks of inline examples, at submission.
@Suite(.serialized) struct TrainingDatasetTests {
    /// Returns the JSON Lines text of six valid records with record 3, on line 3, changed by `change`.
    static func lines(changingRecord3 change: (inout [String: Any]) -> Void) throws -> String {
        var objects = exampleObjects(syntheticRecords(count: 6))
        change(&objects[2])
        return try objects.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
            .joined(separator: "\n")
    }

    /// Cases of a field of record 3, its JSON value as text (empty to remove the field), and the message that
    /// names it.
    static let invalidRecords = [
        ("label", "7", "label must be 1 (supported) or 0 (unsupported), got 7"),
        ("label", "-3", "label must be 1 (supported) or 0 (unsupported), got -3"),
        ("label", "2", "label must be 1 (supported) or 0 (unsupported), got 2"),
        ("label", #""yes""#, #"label must be 1 (supported) or 0 (unsupported), got "yes""#),
        ("label", "1.5", "label must be 1 (supported) or 0 (unsupported), got 1.5"),
        ("answer", #""""#, "answer is empty: send the answer text to check"),
        ("contexts", "[]", "contexts is empty: send at least one passage"),
        ("contexts", #"[""]"#, "contexts[0] is empty: remove it or send the passage text"),
        ("source", "", "source is missing: send the name of the record's data source"),
    ]

    @Test(arguments: invalidRecords)
    func invalidRecordIs400NamingLine(_ field: String, _ json: String, _ message: String) async throws {
        let service = try await TrainingService.start()
        defer { Task { await service.shutdown() } }
        let name = "bad-\(UUID().uuidString).jsonl"
        let value =
            json.isEmpty ? nil : try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
        let contents = try Self.lines { record in record[field] = value }
        try Data(contents.utf8).write(to: URL(fileURLWithPath: service.data.file(name)))

        let response = try await service.send(
            "POST", "/train", body: ["dataset": name, "model": "bad", "epochs": 1, "members": 1])

        #expect(response.status == 400)
        #expect(try response.error().message == "dataset cannot be used: \(name) line 3: \(message)")
    }

    @Test func invalidJSONLineIs400NamingLine() async throws {
        let service = try await TrainingService.start()
        defer { Task { await service.shutdown() } }
        let name = "broken-\(UUID().uuidString).jsonl"
        let contents = try Self.lines { _ in } + "\n\n{\"label\": 1,\n"
        try Data(contents.utf8).write(to: URL(fileURLWithPath: service.data.file(name)))

        let response = try await service.send("POST", "/train", body: ["dataset": name, "model": "bad"])

        let message = try response.error().message
        #expect(response.status == 400)
        #expect(message.hasPrefix("dataset cannot be used: \(name) line 8 is not valid JSON: "))
        #expect(
            message.hasSuffix("trailing comma or missing key in object at byte 12; write one JSON object on each line"))
    }

    /// Records over the limits `/verify` applies are refused, so training never reads what the service would not judge.
    @Test func recordOverTheAnswerLimitIs400NamingIt() async throws {
        let service = try await TrainingService.start()
        defer { Task { await service.shutdown() } }
        let name = "long-\(UUID().uuidString).jsonl"
        let contents = try Self.lines { record in record["answer"] = String(repeating: "a", count: 100_000) }
        try Data(contents.utf8).write(to: URL(fileURLWithPath: service.data.file(name)))

        let response = try await service.send("POST", "/train", body: ["dataset": name, "model": "long"])

        let message = try response.error().message
        #expect(response.status == 400)
        #expect(message.hasPrefix("dataset record 3 (id "), "message: \(message)")
        #expect(message.hasSuffix("answer has 100000 characters; the limit is 4000"), "message: \(message)")
    }

    @Test func inlineExampleOverTheContextLimitIs400NamingIt() async throws {
        let service = try await TrainingService.start()
        defer { Task { await service.shutdown() } }
        var examples = exampleObjects(syntheticRecords(count: 4))
        examples[1]["contexts"] = ["short passage", String(repeating: "b", count: 20_001)]

        let response = try await service.send("POST", "/train", body: ["examples": examples, "model": "long"])

        #expect(response.status == 400)
        #expect(
            try response.error().message == "examples[1].contexts[1] has 20001 characters; the limit is 20000")
    }
}

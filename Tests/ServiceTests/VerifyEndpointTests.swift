import Foundation
import Testing
import Text

/// Returns `text[start:end]` counted in Unicode scalars, as Python slices a string.
func scalarSlice(_ text: String, _ start: Int, _ end: Int) -> String {
    var slice = ""
    slice.unicodeScalars.append(contentsOf: Array(text.unicodeScalars)[start..<end])
    return slice
}

/// Returns whether `value` is a JSON number from 0 to 1.
func isProbability(_ value: Any?) -> Bool {
    guard let number = value as? Double else { return false }
    return number.isFinite && number >= 0 && number <= 1
}

@Suite struct VerifyEndpointTests {
    /// Returns the first development record that has a question, which is a HaluEval QA record.
    private func questionRecord() throws -> LabelledRecord {
        try #require(try developmentRecords.get().first { $0.question != nil })
    }

    /// Returns the first development summary without a question whose answer has several sentences.
    private func summaryRecord() throws -> LabelledRecord {
        try #require(
            try developmentRecords.get().first { record in
                record.question == nil && SentenceSplitter.split(record.answer).count > 1
            })
    }

    private func item(_ record: LabelledRecord) -> [String: Any] {
        var item: [String: Any] = ["contexts": record.contexts, "answer": record.answer]
        if let question = record.question { item["question"] = question }
        return item
    }

    @Test func verifyReturnsEveryField() async throws {
        let service = try await ServiceFixture.shared.harness()
        let record = try questionRecord()

        let response = try await RawHTTPClient.send(port: service.port, try .verify(item(record)))
        let body = try response.json()

        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/json")
        #expect(["supported", "unsupported", "abstain"].contains(body["label"] as? String ?? ""))
        #expect(isProbability(body["score"]))
        #expect(isProbability(body["faithfulness"]))
        #expect(isProbability(body["relevance"]))
        #expect((body["steps"] as? Int ?? 0) >= 1)
        #expect(body["halted"] is Bool)
        #expect(body["model"] as? String == "default")
        #expect(!(try #require(body["spans"] as? [[String: Any]])).isEmpty)
    }

    @Test func spansCarryEveryField() async throws {
        let service = try await ServiceFixture.shared.harness()
        let record = try summaryRecord()

        let response = try await RawHTTPClient.send(port: service.port, try .verify(item(record)))
        let spans = try #require(try response.json()["spans"] as? [[String: Any]])

        #expect(spans.count == SentenceSplitter.split(record.answer).count)
        for span in spans {
            let start = try #require(span["start"] as? Int)
            let end = try #require(span["end"] as? Int)
            #expect(span["text"] as? String == scalarSlice(record.answer, start, end))
            #expect(span["supported"] is Bool)
            #expect(isProbability(span["score"]))
            #expect(span.keys.contains("evidence"))
        }
    }

    @Test func evidenceCutsContextSentence() async throws {
        let service = try await ServiceFixture.shared.harness()
        let contexts = ["Cats sleep a lot.", "The Forth Bridge opened in 1890. It carries trains."]
        let request = try RawRequest.verify(["contexts": contexts, "answer": "The bridge carries trains."])

        let response = try await RawHTTPClient.send(port: service.port, request)
        let spans = try #require(try response.json()["spans"] as? [[String: Any]])
        let evidence = try #require(spans.first?["evidence"] as? [String: Any])
        let context = try #require(evidence["context"] as? Int)
        let start = try #require(evidence["start"] as? Int)
        let end = try #require(evidence["end"] as? Int)

        #expect(context == 1)
        #expect(scalarSlice(contexts[context], start, end) == "It carries trains.")
    }

    /// A question of invisible characters is no question: "\u{200B}" had given relevance 0 and flipped a label.
    @Test(arguments: [
        "", "   ", "\u{200B}", "\u{FEFF}", "\u{00AD}", "\u{2060}", "\u{200E} \u{200B}", "\u{2800}", "\u{3164}",
        "\u{0301}", "\u{FE0F}", "\u{0000}\u{0007}",
    ])
    func blankQuestionCountsAsNone(_ question: String) async throws {
        let service = try await ServiceFixture.shared.harness()
        let record = try summaryRecord()
        let plain = try await RawHTTPClient.send(port: service.port, try .verify(item(record))).json()
        var body = item(record)
        body["question"] = question

        let response = try await RawHTTPClient.send(port: service.port, try .verify(body))
        let result = try response.json()

        #expect(response.status == 200)
        #expect(result["relevance"] is NSNull)
        #expect(result["label"] as? String == plain["label"] as? String)
        #expect(result["score"] as? Double == plain["score"] as? Double)
        let energy = try await RawHTTPClient.send(
            port: service.port, .json("/score", Array(try JSONSerialization.data(withJSONObject: body)))
        ).json()
        let plainEnergy = try await RawHTTPClient.send(
            port: service.port, .json("/score", Array(try JSONSerialization.data(withJSONObject: item(record))))
        ).json()
        #expect(energy["energy"] as? Double == plainEnergy["energy"] as? Double)
    }

    @Test func relevanceIsNullWithoutQuestion() async throws {
        let service = try await ServiceFixture.shared.harness()
        let record = try summaryRecord()

        let response = try await RawHTTPClient.send(port: service.port, try .verify(item(record)))
        let body = try response.json()

        #expect(response.status == 200)
        #expect(body.keys.contains("relevance"))
        #expect(body["relevance"] is NSNull)
    }

    @Test(arguments: ["", "   "])
    func relevanceIsNullForBlankQuestion(question: String) async throws {
        let service = try await ServiceFixture.shared.harness()
        let request = try RawRequest.verify([
            "question": question, "contexts": ["The Forth Bridge opened in 1890."], "answer": "It opened in 1890.",
        ])

        let response = try await RawHTTPClient.send(port: service.port, request)
        let body = try response.json()

        #expect(response.status == 200)
        #expect(body["relevance"] is NSNull)
    }

    @Test func refusalAbstains() async throws {
        let service = try await ServiceFixture.shared.harness()
        let request = try RawRequest.verify([
            "contexts": ["The Forth Bridge opened in 1890."], "answer": "I cannot answer that from the documents.",
        ])

        let body = try await RawHTTPClient.send(port: service.port, request).json()
        let spans = try #require(body["spans"] as? [[String: Any]])

        #expect(body["label"] as? String == "abstain")
        #expect(spans.allSatisfy { $0["supported"] as? Bool == false })
    }

    @Test func numberedListItemsAreSpans() async throws {
        let service = try await ServiceFixture.shared.harness()
        let answer = "1. It stands in Paris.\n2. It is 330 metres tall."
        let request = try RawRequest.verify([
            "contexts": ["The tower was built by Gustave Eiffel in 1889. It is 330 metres tall. It stands in Paris."],
            "answer": answer,
        ])

        let body = try await RawHTTPClient.send(port: service.port, request).json()
        let spans = try #require(body["spans"] as? [[String: Any]])
        let texts = spans.compactMap { $0["text"] as? String }

        #expect(texts == ["It stands in Paris.", "It is 330 metres tall."])
        #expect(spans.compactMap { $0["start"] as? Int } == [3, 26])
        #expect(spans.compactMap { $0["end"] as? Int } == [22, 48])
        #expect(spans.allSatisfy { $0["supported"] as? Bool == true })
        #expect(body["label"] as? String == "supported")
        #expect(body["faithfulness"] as? Double == 1)
    }

    @Test func japaneseSpansCutAnswer() async throws {
        let service = try await ServiceFixture.shared.harness()
        let answer = "東京は日本の首都です。人口は約1400万人です"
        let request = try RawRequest.verify(["contexts": ["東京は日本の首都です。"], "answer": answer, "model": "default"])

        let body = try await RawHTTPClient.send(port: service.port, request).json()
        let spans = try #require(body["spans"] as? [[String: Any]])

        #expect(spans.compactMap { $0["start"] as? Int } == [0, 11])
        #expect(spans.compactMap { $0["end"] as? Int } == [11, 23])
        #expect(spans.compactMap { $0["text"] as? String } == ["東京は日本の首都です。", "人口は約1400万人です"])
    }

    @Test func concurrentRequestsAllSucceed() async throws {
        let service = try await ServiceFixture.shared.harness()
        let all = try developmentRecords.get()
        let records = Array(all.filter { $0.question != nil }.prefix(4) + all.filter { $0.question == nil }.prefix(4))
        let requests = try records.map { try RawRequest.verify(item($0)) }

        let statuses = try await withThrowingTaskGroup(of: (Int, Int, String?).self) { group in
            for (index, request) in requests.enumerated() {
                group.addTask {
                    let response = try await RawHTTPClient.send(port: service.port, request)
                    return (index, response.status, try response.json()["label"] as? String)
                }
            }
            var results: [(Int, Int, String?)] = []
            for try await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }
        }

        #expect(statuses.count == records.count)
        for (index, status, label) in statuses {
            #expect(status == 200, "record \(records[index].id)")
            #expect(label != nil, "record \(records[index].id)")
        }
    }

    @Test func concurrentAnswersMatchSequentialOnes() async throws {
        let service = try await ServiceFixture.shared.harness()
        let request = try RawRequest.verify(item(try summaryRecord()))
        let sequential = try await RawHTTPClient.send(port: service.port, request).body

        let bodies = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<4 {
                group.addTask { try await RawHTTPClient.send(port: service.port, request).body }
            }
            var bodies: [[UInt8]] = []
            for try await body in group { bodies.append(body) }
            return bodies
        }

        #expect(bodies.count == 4)
        #expect(bodies.allSatisfy { $0 == sequential })
    }
}

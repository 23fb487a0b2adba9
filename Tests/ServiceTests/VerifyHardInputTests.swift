import Foundation
import Testing

/// An item that scoring services often get wrong, with the label `/verify` must give, or nil for any label.
struct HardInput: Sendable, CustomTestStringConvertible {
    let name: String
    let contexts: [String]
    let answer: String
    let label: String?

    var testDescription: String { name }
}

let hardInputs: [HardInput] = [
    HardInput(
        name: "Japanese answer", contexts: ["東京は日本の首都です。人口は約1400万人です。"], answer: "東京は日本の首都です。",
        label: "supported"),
    HardInput(
        name: "Chinese answer", contexts: ["北京是中国的首都。长城很长。"], answer: "北京是中国的首都。长城很长。", label: "supported"),
    HardInput(
        name: "Chinese answer contradicting", contexts: ["北京是中国的首都。"], answer: "上海是中国的首都。", label: nil),
    HardInput(
        name: "no final full stop", contexts: ["Paris is the capital of France."],
        answer: "Paris is the capital of France", label: "supported"),
    HardInput(
        name: "refusal", contexts: ["Paris is the capital of France."],
        answer: "I cannot answer that from the documents.", label: "abstain"),
    HardInput(
        name: "refusal without full stop", contexts: ["Sales rose 5% in May."],
        answer: "The documents do not contain enough information to answer", label: "abstain"),
    HardInput(name: "punctuation only", contexts: ["Sales rose 5% in May."], answer: "。", label: nil),
    HardInput(name: "emoji only", contexts: ["Sales rose 5% in May."], answer: "📈📈", label: nil),
    HardInput(
        name: "number changed", contexts: ["Sales rose 5% in May."], answer: "Sales rose 50% in May.", label: nil),
    HardInput(
        name: "attribution lead-in", contexts: ["Paris is the capital of France."],
        answer: "According to the context, Paris is the capital of France.", label: "supported"),
    HardInput(
        name: "answer label", contexts: ["Paris is the capital of France."],
        answer: "Answer: Paris is the capital of France.", label: "supported"),
]

@Suite struct VerifyHardInputTests {
    @Test(arguments: hardInputs, Feeding.allCases)
    func givesSensibleResult(_ input: HardInput, feeding: Feeding) async throws {
        let service = try await ServiceFixture.shared.harness()
        let body = try JSONSerialization.data(withJSONObject: ["contexts": input.contexts, "answer": input.answer])

        let response = try await runOnThread {
            let client = try ByteClient(port: service.port)
            client.send(APIRawCase.post("/verify", body: Array(body)), oneByteAtATime: feeding == .oneByteAtATime)
            return try client.readResponse()
        }
        let text = String(decoding: response?.body ?? [], as: UTF8.self)
        let object = try #require(try response?.json())
        let label = object["label"] as? String

        #expect(response?.status == 200)
        #expect(!text.contains("NaN"), "body: \(text)")
        #expect(!text.contains("Infinity"), "body: \(text)")
        #expect(["supported", "unsupported", "abstain"].contains(label ?? ""))
        if let expected = input.label {
            #expect(label == expected)
        }
        for field in ["score", "faithfulness"] {
            #expect(isProbability(object[field]), "\(field): \(String(describing: object[field]))")
        }
        let spans = object["spans"] as? [[String: Any]] ?? []
        for span in spans {
            #expect(isProbability(span["score"]))
        }
        if label == "abstain" {
            #expect(spans.allSatisfy { $0["supported"] as? Bool == false })
            #expect(object["faithfulness"] as? Double != 1)
        }
    }

    @Test(arguments: [
        (["Paris is the capital of France.", ""], "contexts[1]"),
        ([""], "contexts[0]"),
        ([String(repeating: "Sales rose. ", count: 1700)], "contexts[0]"),
    ])
    func rejectsUnusableContext(contexts: [String], field: String) async throws {
        let service = try await ServiceFixture.shared.harness()
        let request = try RawRequest.verify(["contexts": contexts, "answer": "Paris is the capital."])

        let response = try await RawHTTPClient.send(port: service.port, request)
        let error = try response.error()

        #expect(response.status == 400)
        #expect(error.code == "invalid_request")
        #expect(error.message.contains(field), "message: \(error.message)")
    }
}

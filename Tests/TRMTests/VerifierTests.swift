import Foundation
import Testing
import Text

@testable import TRM

/// Returns `text[start:end]` counted in Unicode scalars, as Python slices a string.
func scalarSlice(_ text: String, _ start: Int, _ end: Int) -> String {
    var slice = ""
    slice.unicodeScalars.append(contentsOf: Array(text.unicodeScalars)[start..<end])
    return slice
}

/// An item to verify: contexts, an answer and an optional question.
struct VerifierCase: CustomTestStringConvertible, Sendable {
    let name: String
    let contexts: [String]
    let answer: String
    var question: String?

    var testDescription: String { name }
}

@Suite struct VerifierTests {
    static let bridge = "The Forth Bridge opened in 1890. It carries trains across the Firth of Forth in Scotland."
    static let tokyo = "東京は日本の首都です。人口は約1400万人です。"

    static let cases: [VerifierCase] = [
        VerifierCase(name: "supported English", contexts: [bridge], answer: "The Forth Bridge opened in 1890."),
        VerifierCase(
            name: "changed year", contexts: [bridge], answer: "The Forth Bridge opened in 1990.",
            question: "When did the Forth Bridge open?"),
        VerifierCase(name: "Japanese", contexts: [tokyo], answer: tokyo, question: "日本の首都は？"),
        VerifierCase(name: "no final full stop", contexts: [bridge], answer: "It opened in 1890. It carries trains"),
        VerifierCase(name: "emoji and padding", contexts: [bridge], answer: "  👍🏽 It carries trains.  "),
        VerifierCase(
            name: "longer than one window", contexts: [bridge],
            answer: String(repeating: "The Forth Bridge opened in 1890 and carries trains across the Firth. ", count: 8)
        ),
        VerifierCase(name: "refusal", contexts: [bridge], answer: "I cannot answer that from the documents."),
    ]

    @Test(arguments: cases)
    func spanOffsetsCutAnswer(_ item: VerifierCase) async throws {
        let verifier = try shippedVerifier.get()

        let result = try await verifier.verify(question: item.question, contexts: item.contexts, answer: item.answer)

        #expect(!result.spans.isEmpty)
        for span in result.spans {
            #expect(scalarSlice(item.answer, span.start, span.end) == span.text)
        }
    }

    @Test(arguments: cases)
    func everyScoreIsFiniteProbability(_ item: VerifierCase) async throws {
        let verifier = try shippedVerifier.get()

        let result = try await verifier.verify(question: item.question, contexts: item.contexts, answer: item.answer)

        // A closed range contains no NaN and no infinity, so each check also requires a finite value.
        #expect((0...1).contains(result.score), "score \(result.score)")
        #expect((0...1).contains(result.faithfulness), "faithfulness \(result.faithfulness)")
        if let relevance = result.relevance {
            #expect((0...1).contains(relevance), "relevance \(relevance)")
        }
        for span in result.spans {
            #expect((0...1).contains(span.score), "span \(span.text): \(span.score)")
        }
    }

    @Test(arguments: cases)
    func relevanceIsPresentOnlyWithQuestion(_ item: VerifierCase) async throws {
        let verifier = try shippedVerifier.get()

        let result = try await verifier.verify(question: item.question, contexts: item.contexts, answer: item.answer)

        #expect((result.relevance != nil) == (item.question != nil))
    }

    @Test(arguments: [
        "I cannot answer that from the documents.",
        "The documents do not mention it.",
        "It is what it is.",
        "...",
        "I am sorry. The documents do not mention it.",
        "The documents do not mention it. It is what it is.",
        "Hello. I cannot answer that from the documents.",
        "Good question! The documents do not say who built it.",
        "Hello, I cannot answer that from the documents.",
        "Designer: unknown.",
    ])
    func refusalOrNoClaimAbstains(answer: String) async throws {
        let verifier = try shippedVerifier.get()

        let result = try await verifier.verify(question: nil, contexts: [Self.bridge], answer: answer)

        #expect(result.label == .abstain)
        #expect(result.score == 0)
        #expect(result.faithfulness == 0)
        #expect(result.spans.allSatisfy { !$0.supported })
        #expect(result.steps == 0)
    }

    /// "No" answers a yes-or-no question, so the model judges it. With no question it is no claim and abstains.
    @Test func noIsClaimOnlyWithQuestion() async throws {
        let verifier = try shippedVerifier.get()

        let answered = try await verifier.verify(
            question: "Is the Forth Bridge in Wales?", contexts: [Self.bridge], answer: "No.")
        let bare = try await verifier.verify(question: nil, contexts: [Self.bridge], answer: "No.")

        #expect(answered.label != .abstain)
        #expect(answered.steps > 0)
        #expect(bare.label == .abstain)
    }

    /// The claim beside a refusal sentence is judged, and the refusal's span is unsupported with score 0.
    @Test func supportedClaimBesideRefusalIsJudged() async throws {
        let verifier = try shippedVerifier.get()
        let answer = "The Forth Bridge opened in 1890. The documents do not mention who designed it."

        let result = try await verifier.verify(question: nil, contexts: [Self.bridge], answer: answer)

        #expect(result.label == .supported)
        #expect(result.faithfulness == 1)
        #expect(result.spans.count == 2)
        #expect(result.spans.first?.supported == true)
        #expect(result.spans.last?.supported == false)
        #expect(result.spans.last?.score == 0)
    }

    /// A claim and a refusal in one sentence give two spans, and the claim alone decides the label.
    @Test(arguments: [("1890", "supported"), ("1750", "unsupported")])
    func claimInsideRefusalSentenceIsJudged(year: String, label: String) async throws {
        let verifier = try shippedVerifier.get()
        let answer = "The Forth Bridge opened in \(year), but the documents do not say who designed it."

        let result = try await verifier.verify(question: nil, contexts: [Self.bridge], answer: answer)

        #expect(result.label.rawValue == label)
        #expect(
            result.spans.map(\.text) == [
                "The Forth Bridge opened in \(year)", "but the documents do not say who designed it.",
            ])
        #expect(result.spans.first?.supported == (label == "supported"))
        #expect(result.spans.last?.score == 0)
        #expect(result.spans.last?.start == 33)
        #expect(result.steps > 0)
    }

    /// A claim that shares no word with the contexts is judged beside a refusal, not taken for courtesy.
    @Test func unrelatedClaimBesideRefusalIsJudged() async throws {
        let verifier = try shippedVerifier.get()
        let answer = "It is in Mumbai. The documents do not say when it opened."

        let result = try await verifier.verify(question: nil, contexts: [Self.bridge], answer: answer)

        #expect(result.label == .unsupported)
        #expect(result.steps > 0)
    }

    /// A courtesy sentence beside a refusal gets a refusal span and does not count against the claim.
    @Test func courtesyBesideRefusalIsNotJudged() async throws {
        let verifier = try shippedVerifier.get()
        let answer = "Thanks for the question. The Forth Bridge opened in 1890. I don't know who designed it."

        let result = try await verifier.verify(question: nil, contexts: [Self.bridge], answer: answer)

        #expect(result.label == .supported)
        #expect(result.spans.map(\.score).first == 0)
        #expect(result.spans.map(\.supported) == [false, true, false])
    }

    /// A refusal sentence cannot hide an unsupported claim beside it.
    @Test func unsupportedClaimBesideRefusalIsUnsupported() async throws {
        let verifier = try shippedVerifier.get()
        let answer = "The Forth Bridge opened in 1920. I cannot answer who designed it from the documents."

        let result = try await verifier.verify(question: nil, contexts: [Self.bridge], answer: answer)

        #expect(result.label == .unsupported)
        #expect(result.faithfulness == 0)
        #expect(result.spans.first?.supported == false)
        #expect(result.steps > 0)
    }

    @Test func japaneseAnswerSplitsAtFullStops() async throws {
        let verifier = try shippedVerifier.get()

        let result = try await verifier.verify(question: nil, contexts: [Self.tokyo], answer: Self.tokyo)

        #expect(result.spans.map(\.text) == ["東京は日本の首都です。", "人口は約1400万人です。"])
        #expect(result.spans.map(\.start) == [0, 11])
        #expect(result.spans.map(\.end) == [11, 24])
    }

    @Test func finalSpanWithoutFullStopReachesEnd() async throws {
        let verifier = try shippedVerifier.get()
        let answer = "It opened in 1890. It carries trains"

        let result = try await verifier.verify(question: nil, contexts: [Self.bridge], answer: answer)

        #expect(result.spans.count == 2)
        #expect(result.spans.last?.text == "It carries trains")
        #expect(result.spans.last?.end == answer.unicodeScalars.count)
    }

    @Test func labelFollowsThreshold() async throws {
        let verifier = try shippedVerifier.get()
        let thresholds = await verifier.checkpoint.header.thresholds

        for item in Self.cases where item.name != "refusal" {
            let threshold = thresholds.threshold(hasQuestion: item.question != nil)
            let result = try await verifier.verify(
                question: item.question, contexts: item.contexts, answer: item.answer)
            #expect((result.label == .supported) == (result.score >= threshold), "\(item.name)")
            for span in result.spans {
                #expect(span.supported == (span.score >= threshold), "\(item.name): \(span.text)")
            }
        }
    }

    @Test func stepsStayWithinLimit() async throws {
        let verifier = try shippedVerifier.get()
        let limit = await verifier.checkpoint.header.configuration.supervisionSteps

        let result = try await verifier.verify(question: nil, contexts: [Self.bridge], answer: "It opened in 1890.")

        #expect(result.steps >= 1)
        #expect(result.steps <= limit)
        #expect(result.halted == (result.steps < limit))
        #expect(result.model == "default")
    }

    @Test func evidenceCutsSupportingSentence() async throws {
        let verifier = try shippedVerifier.get()

        let result = try await verifier.verify(question: nil, contexts: [Self.bridge], answer: "It carries trains.")
        let evidence = try #require(result.spans.first?.evidence)

        #expect(evidence.context == 0)
        #expect(
            scalarSlice(Self.bridge, evidence.start, evidence.end)
                == "It carries trains across the Firth of Forth in Scotland.")
    }

    @Test func reloadServesNewWeights() async throws {
        let shipped = try shippedVerifier.get()
        let checkpoint = await shipped.checkpoint
        let verifier = Verifier(name: "copy", checkpoint: checkpoint, extractor: shipped.extractor)
        var renamed = checkpoint
        renamed.header.version = "reloaded"

        await verifier.load(renamed)

        #expect(await verifier.version == "reloaded")
    }

    /// A greeting or thanks beside a claim is set aside like a refusal, so it cannot change how the claim is judged.
    @Test(arguments: ["Thanks for the question! ", "Hello. ", "Sorry for the delay. ", "Greetings. "])
    func greetingLeavesTheClaimsVerdictAlone(greeting: String) async throws {
        let verifier = try shippedVerifier.get()
        let contexts = ["The bridge opened in 1750. It was designed by John Smeaton."]
        let question = "Who built the bridge?"

        let alone = try await verifier.verify(question: question, contexts: contexts, answer: "It opened in 1750.")
        let greeted = try await verifier.verify(
            question: question, contexts: contexts, answer: greeting + "It opened in 1750.")

        #expect(greeted.label == alone.label)
        #expect(greeted.score == alone.score)
        #expect(greeted.spans.last?.score == alone.spans.first?.score)
        #expect(greeted.spans.first?.supported == false)
        #expect(greeted.spans.first?.score == 0)
    }

    /// Sign-offs and suggestions after a claim are set aside too, but an answer that is a single question is judged.
    @Test func signOffLeavesTheClaimsVerdictAlone() async throws {
        let verifier = try shippedVerifier.get()
        let contexts = ["The bridge opened in 1750. It was designed by John Smeaton."]

        let alone = try await verifier.verify(question: nil, contexts: contexts, answer: "It opened in 1750.")
        let signed = try await verifier.verify(
            question: nil, contexts: contexts, answer: "It opened in 1750. Have a nice day. Cheers.")
        let questionOnly = try await verifier.verify(question: nil, contexts: contexts, answer: "It opened in 1850?")

        #expect(signed.label == alone.label)
        #expect(signed.score == alone.score)
        #expect(questionOnly.label != .abstain)
    }
}

import Testing
import Text

@testable import TRM

/// Checks that an unsupported answer always points at an unsupported span, and a supported one at a supported span.
@Suite struct SpanConsistencyTests {
    private func span(_ text: String, supported: Bool, score: Float) -> SpanVerdict {
        SpanVerdict(start: 0, end: text.unicodeScalars.count, text: text, supported: supported, score: score)
    }

    @Test func weakestClaimIsBlamedWhenEverySpanPassed() {
        var spans = [
            span("Revenue rose 5%.", supported: true, score: 0.9),
            span("Costs fell.", supported: true, score: 0.6),
            span("Profit doubled.", supported: true, score: 0.8),
        ]

        Verifier.Weights.blameWeakestClaim(&spans, answerScore: 0.2, claims: [true, true, true])

        #expect(spans.map(\.supported) == [true, false, true])
        #expect(spans[1].score == 0.2)
    }

    @Test func refusalSpansAreNeverBlamed() {
        var spans = [
            span("The passages do not say.", supported: false, score: 0),
            span("Revenue rose 5%.", supported: true, score: 0.9),
        ]

        Verifier.Weights.blameWeakestClaim(&spans, answerScore: 0.3, claims: [false, true])

        #expect(spans.map(\.supported) == [false, false])
        #expect(spans[1].score == 0.3)
    }

    @Test func anUnsupportedSpanAlreadyExplainsTheLabel() {
        var spans = [
            span("Revenue rose 5%.", supported: true, score: 0.5),
            span("Costs fell.", supported: false, score: 0.1),
        ]

        Verifier.Weights.blameWeakestClaim(&spans, answerScore: 0.2, claims: [true, true])

        #expect(spans.map(\.supported) == [true, false])
        #expect(spans.map(\.score) == [0.5, 0.1])
    }

    @Test func scoreIsNeverRaised() {
        var spans = [span("Costs fell.", supported: true, score: 0.4)]

        Verifier.Weights.blameWeakestClaim(&spans, answerScore: 0.45, claims: [true])

        #expect(spans[0].score == 0.4)
    }

    @Test func strongestClaimIsCreditedWhenEverySpanFailed() {
        var spans = [
            span("The frame is steel.", supported: false, score: 0.36),
            span("Thanks for asking.", supported: false, score: 0),
            span("It weighs 9 kg.", supported: false, score: 0.2),
        ]

        Verifier.Weights.creditStrongestClaim(&spans, answerScore: 0.46, threshold: 0.39, claims: [true, false, true])

        #expect(spans.map(\.supported) == [true, false, false])
        #expect(spans[0].score == 0.46)
    }

    @Test func aSupportedSpanAlreadyExplainsTheLabel() {
        var spans = [
            span("The frame is aluminium.", supported: true, score: 0.9),
            span("It weighs 9 kg.", supported: false, score: 0.2),
        ]

        Verifier.Weights.creditStrongestClaim(&spans, answerScore: 0.8, threshold: 0.39, claims: [true, true])

        #expect(spans.map(\.supported) == [true, false])
        #expect(spans.map(\.score) == [0.9, 0.2])
    }

    /// Through the shipped model: the label never contradicts the spans.
    @Test(arguments: [
        "Revenue rose 5% to $2.1 billion in the third quarter.",
        "Revenue rose 7% to $2.1 billion in the third quarter.",
        "The company raised its dividend to $0.15 per share. Revenue rose 5% to $2.1 billion.",
        "Revenue rose in the third quarter, and the dividend went up.",
    ])
    func labelAgreesWithSpans(answer: String) async throws {
        let verifier = try shippedVerifier.get()

        let result = try await verifier.verify(question: nil, contexts: [ShortcutTests.earnings], answer: answer)

        let unsupportedSpans = result.spans.filter { !$0.supported }.count
        if result.label == .unsupported {
            #expect(unsupportedSpans > 0)
        } else {
            #expect(unsupportedSpans == 0)
        }
    }

    @Test func changedFigurePointsAtItsSentence() async throws {
        let verifier = try shippedVerifier.get()
        let answer =
            "Revenue rose 5% to $2.1 billion in the third quarter. The company raised its dividend to $0.15 per share."

        let result = try await verifier.verify(question: nil, contexts: [ShortcutTests.earnings], answer: answer)

        #expect(result.label == .unsupported)
        let flagged = result.spans.filter { !$0.supported }.map(\.text)
        #expect(flagged == ["The company raised its dividend to $0.15 per share."])
    }

    /// "No." has no content word, so its span takes the answer's score and agrees with the label.
    @Test(arguments: ["No", "No."])
    func stopWordAnswerSpanFollowsTheLabel(answer: String) async throws {
        let verifier = try shippedVerifier.get()
        let contexts = ["The Eiffel Tower is in Paris. It is 330 metres tall."]

        let result = try await verifier.verify(
            question: "Is the Eiffel Tower in Paris?", contexts: contexts, answer: answer)

        let span = try #require(result.spans.first)
        #expect(span.score == result.score)
        #expect(span.supported == (result.label == .supported))
        #expect(result.faithfulness == (result.label == .supported ? 1 : 0))
    }
}

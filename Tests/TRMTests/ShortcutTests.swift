import Testing

@testable import TRM

/// Checks that the shipped verifier reads evidence rather than answer length or style.
///
/// In the question-answering training data supported answers are short names and unsupported ones are long
/// sentences, so a model could score well there by length alone. These cases hold the shipped model to the
/// evidence: a short name the contexts never mention, and a sentence copied from the contexts.
@Suite struct ShortcutTests {
    static let oberoi =
        "The Oberoi family is an Indian family that is famous for its involvement in hotels, namely through The "
        + "Oberoi Group. The Oberoi Group is a hotel company with its head office in Delhi."
    static let question = "The Oberoi family is part of a hotel company that has a head office in what city?"
    static let earnings =
        "Revenue rose 5% to $2.1 billion in the third quarter. The company raised its dividend to $0.13 per share."

    @Test func absentShortNameIsUnsupported() async throws {
        let verifier = try shippedVerifier.get()

        let result = try await verifier.verify(question: Self.question, contexts: [Self.oberoi], answer: "Mumbai")

        #expect(result.label == .unsupported)
    }

    @Test func copiedSentenceAnswerIsSupported() async throws {
        let verifier = try shippedVerifier.get()

        let result = try await verifier.verify(
            question: Self.question, contexts: [Self.oberoi],
            answer: "The Oberoi Group is a hotel company with its head office in Delhi.")

        #expect(result.label == .supported)
    }

    @Test func copiedSentenceSummaryIsSupported() async throws {
        let verifier = try shippedVerifier.get()

        let result = try await verifier.verify(
            question: nil, contexts: [Self.earnings], answer: "Revenue rose 5% to $2.1 billion in the third quarter.")

        #expect(result.label == .supported)
    }

    @Test func changedNumberScoresBelowCopy() async throws {
        let verifier = try shippedVerifier.get()

        let copy = try await verifier.verify(
            question: nil, contexts: [Self.earnings], answer: "The company raised its dividend to $0.13 per share.")
        let changed = try await verifier.verify(
            question: nil, contexts: [Self.earnings], answer: "The company raised its dividend to $0.15 per share.")

        #expect(changed.score < copy.score)
        #expect(changed.label == .unsupported)
    }

    /// Unlike any training answer, such text once scored as supported at up to 0.96.
    @Test(arguments: ["xyz", "qwerty uiop", "หอไอเฟลอยู่ในปารีส"])
    func textSharingNoWordWithContextsIsUnsupported(answer: String) async throws {
        let verifier = try shippedVerifier.get()

        let result = try await verifier.verify(question: nil, contexts: [Self.earnings], answer: answer)

        #expect(result.label == .unsupported)
        #expect(result.score == 0)
        #expect(result.spans.map(\.supported) == [false])
    }

    @Test func unrelatedSentenceBesideSupportedOneIsBlamed() async throws {
        let verifier = try shippedVerifier.get()

        let result = try await verifier.verify(
            question: nil, contexts: [Self.earnings],
            answer: "Revenue rose 5% to $2.1 billion in the third quarter. Penguins enjoy jazz.")

        #expect(result.label == .unsupported)
        #expect(result.spans.map(\.supported) == [true, false])
        #expect(result.faithfulness > 0.5)
    }

    /// Generators cite their passages and format with Markdown, and neither is in the passages.
    @Test(arguments: [
        "Revenue rose 5% to $2.1 billion in the third quarter [1].",
        "Revenue rose 5% to $2.1 billion in the third quarter. [1]",
        "Revenue rose 5% to $2.1 billion in the third quarter (source 1).",
        "Revenue rose **5%** to $2.1 billion in the third quarter.",
    ])
    func citationsAndEmphasisKeepTheVerdict(answer: String) async throws {
        let verifier = try shippedVerifier.get()
        let plain = "Revenue rose 5% to $2.1 billion in the third quarter."

        let marked = try await verifier.verify(question: nil, contexts: [Self.earnings], answer: answer)
        let unmarked = try await verifier.verify(question: nil, contexts: [Self.earnings], answer: plain)

        #expect(marked.label == .supported)
        #expect(marked.score == unmarked.score)
        #expect(marked.spans.count == 1)
    }

    @Test func capitalisedYesScoresAsLowerCase() async throws {
        let verifier = try shippedVerifier.get()
        let question = "Is the Oberoi Group a hotel company?"

        let capitalised = try await verifier.verify(question: question, contexts: [Self.oberoi], answer: "Yes")
        let lowerCase = try await verifier.verify(question: question, contexts: [Self.oberoi], answer: "yes")
        let stopped = try await verifier.verify(question: question, contexts: [Self.oberoi], answer: "Yes.")

        #expect(capitalised.score == lowerCase.score)
        #expect(stopped.score == lowerCase.score)
    }

    /// A short remark beside a claim claims nothing the contexts bear on, so it neither zeroes nor sways the answer.
    @Test(arguments: ["Wow!", "Sincerely.", "Source: Wikipedia."])
    func remarkBesideClaimIsSetAside(remark: String) async throws {
        let verifier = try shippedVerifier.get()
        let claim = "Revenue rose 5% to $2.1 billion in the third quarter."

        let alone = try await verifier.verify(question: nil, contexts: [Self.earnings], answer: claim)
        let withRemark = try await verifier.verify(
            question: nil, contexts: [Self.earnings], answer: claim + " " + remark)

        #expect(withRemark.label == .supported)
        #expect(withRemark.score == alone.score)
        #expect(withRemark.faithfulness == 1)
    }

    /// A bare name is an answer, not a remark, so a wrong list item counts: "- Delhi\n- Paris" had been judged on
    /// "Delhi" alone.
    @Test(arguments: ["- Delhi\n- Paris\n- London", "Delhi. Paris. London."])
    func wrongNameInListIsJudged(answer: String) async throws {
        let verifier = try shippedVerifier.get()

        let result = try await verifier.verify(
            question: "Which cities have Oberoi hotels?", contexts: ["Delhi, Mumbai and Shimla have Oberoi hotels."],
            answer: answer)

        #expect(result.label == .unsupported)
    }

    /// A title in quotation marks is no apology or refusal, so it is judged: both had been read as refusals.
    @Test(arguments: ["\"I'm Sorry\"", "The song \"I Don't Know\"."])
    func quotedTitleIsJudged(answer: String) async throws {
        let verifier = try shippedVerifier.get()

        let result = try await verifier.verify(
            question: "Which song topped the chart?",
            contexts: ["The songs I'm Sorry and I Don't Know topped the chart in 1960."], answer: answer)

        #expect(result.label != .abstain)
    }

    /// A lead-in before "no" is form, so the answer reads as "No." does.
    @Test(arguments: ["Answer: No.", "According to the context, no.", "The documents say no.", "**Answer:** no"])
    func leadInBeforeNoReadsAsNo(answer: String) async throws {
        let verifier = try shippedVerifier.get()
        let question = "Yukio Mishima and Roberto Bolaño, are Chilean?"
        let contexts = ["Yukio Mishima was a Japanese author. Roberto Bolaño was a Chilean novelist."]

        let plain = try await verifier.verify(question: question, contexts: contexts, answer: "No.")
        let led = try await verifier.verify(question: question, contexts: contexts, answer: answer)

        #expect(led.label == plain.label)
        #expect(led.score == plain.score)
    }

    /// A name after an interjection is still an answer, while a source label's name is the source's.
    @Test(arguments: [("Delhi. Wow, Mumbai!", Verification.Label.unsupported), ("Delhi. Ref: Wikipedia.", .supported)])
    func remarkHoldsNoOtherName(answer: String, label: Verification.Label) async throws {
        let verifier = try shippedVerifier.get()

        let result = try await verifier.verify(
            question: "Where is the head office?",
            contexts: ["The Oberoi Group is a hotel company with its head office in Delhi."], answer: answer)

        #expect(result.label == label)
    }

    /// A lead-in and quotation marks around a title are both form.
    @Test(arguments: [
        "According to the context, \"A Long Way Home\"", "Answer: \"A Long Way Home\"",
        "The answer is:\nA Long Way Home",
    ])
    func leadInBeforeQuotedTitleReadsAsTitle(answer: String) async throws {
        let verifier = try shippedVerifier.get()
        let question = "The film Lion is based on what non-fiction book?"
        let contexts = [
            "Lion is a 2016 biographical film based on the non-fiction book A Long Way Home by Saroo Brierley."
        ]

        let plain = try await verifier.verify(question: question, contexts: contexts, answer: "A Long Way Home")
        let led = try await verifier.verify(question: question, contexts: contexts, answer: answer)

        #expect(led.label == plain.label)
        #expect(abs(led.score - plain.score) < 0.01)
    }

    @Test func rightListOfNamesIsSupported() async throws {
        let verifier = try shippedVerifier.get()

        let result = try await verifier.verify(
            question: "Which cities have Oberoi hotels?", contexts: ["Delhi, Mumbai and Shimla have Oberoi hotels."],
            answer: "- Delhi\n- Mumbai\n- Shimla")

        #expect(result.label == .supported)
    }

    static let charles =
        "Charles I became King of England in 1625. His conflicts with Parliament led to the English Civil War, and he "
        + "was executed in January 1649."

    /// The question path rejects right answers written as sentences, and the statement path accepts them when sure.
    @Test func rightSentenceAnswerIsSupported() async throws {
        let verifier = try shippedVerifier.get()

        let result = try await verifier.verify(
            question: "When was Charles I executed?", contexts: [Self.charles],
            answer: "Charles I was executed in January 1649.")

        #expect(result.label == .supported)
        #expect(result.relevance != nil)
    }

    @Test(arguments: ["Charles I was executed in January 1660.", "Charles I was executed in March 1649."])
    func wrongSentenceAnswerStaysUnsupported(answer: String) async throws {
        let verifier = try shippedVerifier.get()

        let result = try await verifier.verify(
            question: "When was Charles I executed?", contexts: [Self.charles], answer: answer)

        #expect(result.label == .unsupported)
    }
}

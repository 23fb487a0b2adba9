import Testing

@testable import Text

@Suite struct RefusalDetectorTests {
    @Test(arguments: [
        "I cannot answer that from the documents.",
        "The documents do not mention it.",
        "The passage doesn\u{2019}t provide the date.",
        "I'm sorry, but I don't know.",
        "It cannot be determined from the context.",
        "There is NOT ENOUGH   INFORMATION to say.",
        "The answer is not stated in the text.",
        "I'm not able to answer that based on the provided context.",
        "The documents don\u{2019}t say who founded Paris.",
        "It is not possible to determine the year from the passages.",
        "我无法根据文档回答这个问题。",
        "资料中没有提到他的年龄。",
        "資料からはその質問に答えられません。",
        "文書には記載されていません。",
        "Sorry, I can't help with that.",
        "I'm afraid I can't answer that.",
        "I'm not sure who designed it.",
        "I have no information about the designer.",
        "I cannot provide an answer based on the given context.",
        "Unknown.",
        "N/A",
        "The provided context does not include the date.",
        "Designer: unknown.",
        "Sorry I can't help with that.",
        "I'm unsure who designed the elevators.",
        "The documents don't tell us who designed the elevators.",
        "This isn't covered in the documents.",
        "我不确定。",
        "提供された文書には記載がないため、お答えできません。",
        "문서에 해당 정보가 없습니다.",
        "Non lo so.",
        "I honestly don't know.",
        "The designer cannot be determined.",
        "The negotiators are not named in the passage.",
        "Nobody knows, according to the context.",
        "Unable to answer from the passages.",
        "Cannot answer based on the given context.",
        "Les documents ne mentionnent pas qui a conçu les ascenseurs.",
        "不明です。",
        "None of the retrieved documents mention the price.",
        "The troubleshooting guide doesn't cover setup, so I don't have an answer for that.",
        "I'd rather not guess: the documents are silent on who succeeded the governor.",
        "Lo siento, los documentos proporcionados no contienen información sobre eso.",
        "My sources don't cover this.",
        "The context is silent on who succeeded Charles I.",
        "I'd love to help, but the snippet you provided doesn't say how the pier was repaired.",
        "Het antwoord staat niet in de aangeleverde documenten.",
        "لا أعرف.",
        "Based on the documents, it is unclear who designed the bridge.",
        "It is not clear from the context.",
        "There isn't enough information in the context to answer this question.",
        "No answer can be given from the documents.",
        "The provided text lacks details on the designer.",
        "我不知道。",
        "我無法回答這個問題。",
        "文件中沒有提到。",
        "无法从文档中找到答案。",
        "資料には記載がありません。",
        "모르겠습니다.",
        "Je ne sais pas.",
        "No lo sé.",
    ])
    func refusalIsDetected(answer: String) {
        #expect(RefusalDetector.isRefusal(answer))
    }

    @Test(arguments: [
        "The company reported revenue of $3.2 billion in 2021.",
        "Paris is the capital of France.",
        "The treaty was not signed until 1990.",
        "Bart Conner",
        "東京は日本の首都です。",
        "北京是中国的首都。",
        "公司没有提供股息。",
        "The report does not specify a date for the merger.",
        "The source of the river is unclear.",
        "The context of the deal remains unclear.",
        "Many refugees lack documents.",
        "No.",
        "Guidance was not provided for 2021.",
        "Political parties are not mentioned in the U.S. Constitution.",
        "None of the expeditions succeeded before 1906.",
        "Pluto is not in the list of eight planets.",
        "Article 50 does not include a mechanism for expelling a member state.",
        "In this context, consideration does not include a promise to perform an existing duty.",
        "The text of the will makes no mention of the house.",
        "Charles I was unable to raise taxes without Parliament.",
        "Patients in Group I do not have elevated troponin levels.",
        "Their authenticity cannot be verified without the log.",
        "The trial was halted because there was not enough data from the control arm.",
        "Brenda Lee's \"I'm Sorry\" reached number one in 1960.",
        "The defendant was unable to answer the charges because he had never been served.",
        "'I'm Sorry, Marguerite' is a 1964 ballad by Paul Denney.",
        "Whether an arbitrary program halts cannot be determined by any general algorithm.",
        "根据提供的资料，北京是首都。",
    ])
    func answerIsNotRefusal(answer: String) {
        #expect(!RefusalDetector.isRefusal(answer))
    }

    /// A refusal phrase must match whole words, not the end of a longer word such as "casino" or "Reno".
    @Test(arguments: [
        "The casino answered all 40 complaints in March.",
        "The Reno information office opened in 1990.",
    ])
    func phraseInsideLongerWordIsNotRefusal(answer: String) {
        #expect(!RefusalDetector.isRefusal(answer))
    }

    @Test func longTextWithRefusalPhraseIsNotRefusal() {
        let answer = "I don't know. " + String(repeating: "The plant produced steel and glass for export. ", count: 10)

        #expect(!RefusalDetector.isRefusal(answer))
    }

    @Test(arguments: ["", ".", "...!?", "It is what it is.", "Is it not so?", "¿ — ,"])
    func textWithoutContentHasNoClaim(text: String) {
        #expect(RefusalDetector.hasNoClaim(Tokenizer.tokenize(text)))
    }

    @Test(arguments: ["42", "東", "Paris", "It is red.", "The one is not it."])
    func numberIdeographOrContentWordIsClaim(text: String) {
        #expect(!RefusalDetector.hasNoClaim(Tokenizer.tokenize(text)))
    }

    /// Returns the text of the tokens at `range`, joined with spaces.
    private func words(_ tokens: [Token], _ range: Range<Int>) -> String {
        tokens[range].map(\.text).joined(separator: " ")
    }

    @Test func splitKeepsLongestClaimBeforeRefusal() throws {
        let tokens = Tokenizer.tokenize("It carries trains, cars and bikes, but the documents do not say who built it.")

        let split = try #require(RefusalDetector.split(tokens))

        #expect(words(tokens, split.claim) == "It carries trains , cars and bikes")
        #expect(words(tokens, split.refusal) == "but the documents do not say who built it .")
    }

    /// A word such as "however" before the cut belongs to neither clause.
    @Test func splitDropsOpenerBeforeRefusal() throws {
        let tokens = Tokenizer.tokenize("It landed in 1969; however, the passage does not say how long they stayed.")

        let split = try #require(RefusalDetector.split(tokens))

        #expect(words(tokens, split.claim) == "It landed in 1969")
        #expect(words(tokens, split.refusal) == "the passage does not say how long they stayed .")
    }

    @Test func splitFindsClaimAfterRefusal() throws {
        let tokens = Tokenizer.tokenize("The documents do not say who built it; it opened in 1890.")

        let split = try #require(RefusalDetector.split(tokens))

        #expect(words(tokens, split.refusal) == "The documents do not say who built it")
        #expect(words(tokens, split.claim) == "it opened in 1890 .")
    }

    @Test(arguments: [
        "I'm sorry, but I cannot answer that.",
        "The documents do not say who built it.",
        "No, I don't know.",
        "The passage only describes where it happens, not how fast it proceeds.",
        "It is unclear from the context whether Kepler-442b has an atmosphere.",
    ])
    func splitNeedsClaimBesideRefusal(sentence: String) {
        #expect(RefusalDetector.split(Tokenizer.tokenize(sentence)) == nil)
    }

    /// A word for the sources and an absence phrase in different sentences are two claims, but a whole phrase cut
    /// by a full stop still refuses.
    @Test func acrossSentencesOnlyWholePhrasesCount() {
        let claims = Tokenizer.tokenize("According to the text, cells lose their nucleus. DNA is not found in them.")
        let cutPhrase = Tokenizer.tokenize("I do not. Know.")

        #expect(!RefusalDetector.isRefusal(tokens: claims, acrossSentences: true))
        #expect(RefusalDetector.isRefusal(tokens: cutPhrase, acrossSentences: true))
    }

    @Test func separateClausesCutsClaimFromRefusal() {
        let text = "The Forth Bridge opened in 1750, but the documents do not say who built it. It is red."
        let tokens = Tokenizer.tokenize(text)

        let (sentences, refusals) = RefusalDetector.separateClauses(
            SentenceSplitter.split(text), tokens: tokens, hasQuestion: false)

        #expect(refusals == [1])
        #expect(
            sentences.map(\.text) == [
                "The Forth Bridge opened in 1750", "but the documents do not say who built it.", "It is red.",
            ])
        for sentence in sentences {
            #expect(scalarSlice(text, sentence.start, sentence.end) == sentence.text)
        }
    }

    /// A claim after a refusal is cut off when a comma or colon is followed by a clause with its own verb, or the
    /// claim opens with "but" in another language, so the refusal cannot hide it.
    @Test(arguments: [
        ("I'm not sure, it is 500 metres tall.", "I'm not sure", "it is 500 metres tall."),
        (
            "I cannot answer that from the documents: the tower is 500 metres tall.",
            "I cannot answer that from the documents", "the tower is 500 metres tall."
        ),
        (
            "Although the documents do not say who painted it, the tower is 500 metres tall.",
            "Although the documents do not say who painted it", "the tower is 500 metres tall."
        ),
        (
            "I don't know about the paint, but the tower is 330 metres tall.", "I don't know about the paint",
            "the tower is 330 metres tall."
        ),
        (
            "Je ne sais pas qui l'a peinte, mais la tour mesure 500 mètres.", "Je ne sais pas qui l'a peinte",
            "la tour mesure 500 mètres."
        ),
        ("我不知道是谁涂的漆，但塔高500米。", "我不知道是谁涂的漆", "塔高500米。"),
    ])
    func refusalFirstSentenceIsCut(text: String, refusal: String, claim: String) {
        let (sentences, refusals) = RefusalDetector.separateClauses(
            SentenceSplitter.split(text), tokens: Tokenizer.tokenize(text), hasQuestion: true, classifier: nil)

        #expect(sentences.map(\.text) == [refusal, claim])
        #expect(refusals == [0])
    }

    @Test(arguments: [
        "The passage only describes where it stands, not how tall it is.",
        "The documents do not say whether it is safe while taking metformin.",
    ])
    func refusalGoingOnAfterCommaIsNotCut(text: String) {
        let (sentences, refusals) = RefusalDetector.separateClauses(
            SentenceSplitter.split(text), tokens: Tokenizer.tokenize(text), hasQuestion: true, classifier: nil)

        #expect(sentences.count == 1)
        #expect(refusals == [0])
    }

    @Test func claimThenRefusalJoinedByAndIsCut() {
        let text = "The tower is 500 metres tall and I don't know who painted it."

        let (sentences, refusals) = RefusalDetector.separateClauses(
            SentenceSplitter.split(text), tokens: Tokenizer.tokenize(text), hasQuestion: true, classifier: nil)

        #expect(sentences.map(\.text) == ["The tower is 500 metres tall", "and I don't know who painted it."])
        #expect(refusals == [1])
    }

    @Test func separateClausesKeepsPlainRefusal() {
        let text = "Sorry, I cannot answer that from the documents."
        let sentences = SentenceSplitter.split(text)

        let separated = RefusalDetector.separateClauses(sentences, tokens: Tokenizer.tokenize(text), hasQuestion: false)

        #expect(separated.sentences == sentences)
        #expect(separated.refusals == [0])
    }

    @Test(arguments: [
        "Hello.", "Thanks for the question!", "I hope this helps.", "谢谢。", "Good question!",
        "Is there something else I can help with?", "You may want to check the annual report.",
        "I'd recommend asking HR.",
        "Please let me know if there is anything else I can assist you with!",
        "The provided context focuses on returns and refunds.",
        "## Answer",
    ])
    func courtesyIsRecognised(sentence: String) {
        #expect(RefusalDetector.isCourtesy(Tokenizer.tokenize(sentence)))
    }

    @Test(arguments: [
        "No.", "It is in Mumbai.", "Thanks to 3 donors it opened.", "...", "北京。", "The treaty covers fishing rights.",
    ])
    func claimOrEmptyIsNotCourtesy(sentence: String) {
        #expect(!RefusalDetector.isCourtesy(Tokenizer.tokenize(sentence)))
    }

    /// "No" is a claim only as the answer to a question.
    @Test func noIsClaimOnlyWithQuestion() {
        #expect(!RefusalDetector.hasNoClaim(Tokenizer.tokenize("No."), hasQuestion: true))
        #expect(RefusalDetector.hasNoClaim(Tokenizer.tokenize("No."), hasQuestion: false))
    }
}

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
}

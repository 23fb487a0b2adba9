import Testing

@testable import Text

@Suite struct AnswerMarkupTests {
    /// Returns the text of the markup tokens of `text`, joined by spaces, in order.
    private func markup(_ text: String) -> String {
        let tokens = Tokenizer.tokenize(text)
        let indices = AnswerMarkup.indices(in: tokens).sorted()
        return indices.map { tokens[$0].text }.joined(separator: " ")
    }

    @Test(arguments: [
        ("Sales rose [1].", "[ 1 ]"),
        ("Sales rose [^2].", "[ ^ 2 ]"),
        ("Sales rose [1, 3].", "[ 1 , 3 ]"),
        ("Sales rose [1-3].", "[ 1 - 3 ]"),
        ("Sales rose [1][2].", "[ 1 ] [ 2 ]"),
        ("Sales rose 【1】.", "【 1 】"),
        ("Sales rose (source 2).", "( source 2 )"),
        ("Sales rose (Document 1).", "( Document 1 )"),
        ("Sales rose [Source: 4].", "[ Source : 4 ]"),
        ("Sales **rose** by _12%_.", "* * * * _ _"),
        ("Sales rose [1] and costs fell [2].", "[ 1 ] [ 2 ]"),
        ("Sales rose 【12†source】.", "【 12 † source 】"),
        ("Sales rose [doc1].", "[ doc1 ]"),
        ("Sales rose (sources 1 and 2).", "( sources 1 and 2 )"),
        ("Sales rose (ref. 2).", "( ref . 2 )"),
        ("Sales rose¹.", "¹"),
        ("Sales rose^1.", "^ 1"),
    ])
    func citationsAndEmphasisAreMarkup(text: String, expected: String) {
        #expect(markup(text) == expected)
    }

    @Test(arguments: [
        ("It was completed in [1890].", "[ ]"),
        ("It has [12] restaurants.", "[ ]"),
        ("The rate was [2.5] percent.", "[ ]"),
    ])
    func bracketsAroundAFactAreFormButTheFactIsNot(text: String, expected: String) {
        #expect(markup(text) == expected)
    }

    @Test(arguments: [
        "The tower opened (1889) in Paris.",
        "Smith (b. 1960) wrote it.",
        "Revenue rose 5% (to $2 billion).",
        "The list [apples, pears] is short.",
        "He scored [2 goals] in the match and [more than anyone else in the league that year by far].",
    ])
    func bracketsOfTheClaimAreNotMarkup(text: String) {
        #expect(markup(text).isEmpty)
    }

    /// Returns the text of the attribution lead-ins of `text`, joined by spaces, in order.
    private func leadIns(_ text: String) -> String {
        let tokens = Tokenizer.tokenize(text)
        return AnswerMarkup.attributionIndices(in: tokens).sorted().map { tokens[$0].text }.joined(separator: " ")
    }

    @Test(arguments: [
        ("According to the context, Delhi.", "According to the context ,"),
        ("Based on the provided passages, sales rose.", "Based on the provided passages ,"),
        ("Per the documents, Delhi.", "Per the documents ,"),
        ("The context says that sales rose.", "The context says that"),
        ("The documents state Delhi.", "The documents state"),
        ("Answer: Delhi", "Answer :"),
        ("Final answer: Delhi", "Final answer :"),
        ("Sales rose. According to the text, costs fell.", "According to the text ,"),
        ("Based on the passages: 1934", "Based on the passages :"),
        ("Answer: According to the context, 1934.", "Answer : According to the context ,"),
        ("Answer: No.", "Answer :"),
        ("The answer is Brazil.", "The answer is"),
        ("The documents say no.", "The documents say"),
        ("The answer: Delhi", "The answer :"),
        ("The answer is: Delhi", "The answer is :"),
        ("Short answer:\nDelhi", "Short answer :"),
        ("According to the context, \"Lion\"", "According to the context ,"),
    ])
    func attributionLeadInIsMarkup(_ text: String, _ expected: String) {
        #expect(leadIns(text) == expected)
    }

    /// Markup around a lead-in is read through: "**Answer:** 1934" is "1934".
    @Test func leadInInsideEmphasisIsMarkup() {
        let tokens = Tokenizer.tokenize("**Answer:** 1934")
        let emphasis = AnswerMarkup.indices(in: tokens)
        let found = AnswerMarkup.attributionIndices(in: tokens, besides: emphasis).sorted()

        #expect(found.map { tokens[$0].text } == ["Answer", ":"])
    }

    /// A lead-in that negates, ends the answer or sits inside a sentence belongs to what the sentence says.
    @Test(arguments: [
        "The context says nothing about the date.", "The documents do not say.", "The context says not.",
        "According to the context,", "Sales rose, according to the context, by 5%.", "The reason: Delhi",
        "According to my friend, Delhi.",
    ])
    func otherLeadInIsNoMarkup(_ text: String) {
        #expect(leadIns(text).isEmpty)
    }

    @Test(arguments: [
        ("Delhi!", "!"),
        ("\"Delhi\"", "\" \""),
        ("\u{201C}New Delhi\u{201D}", "\u{201C} \u{201D}"),
        ("\"Delhi\"!", "\" \" !"),
        ("It rose. It fell!", ""),
        ("The head office is in the capital of India, New Delhi!", ""),
        ("\"Delhi\" and \"Mumbai\"", ""),
        ("\"I'm Sorry\"", ""),
        ("Delhi", ""),
    ])
    func wrappingPunctuationIsMarkup(_ text: String, _ expected: String) {
        let tokens = Tokenizer.tokenize(text)
        let found = AnswerMarkup.wrappingPunctuation(in: tokens, besides: []).sorted()

        #expect(found.map { tokens[$0].text }.joined(separator: " ") == expected)
    }

    @Test func unclosedBracketIsNotMarkup() {
        #expect(markup("Sales rose [1 and stayed.").isEmpty)
    }
}

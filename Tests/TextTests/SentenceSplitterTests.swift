import Testing

@testable import Text

/// A text and the sentences the splitter should find in it.
struct SplitCase: CustomTestStringConvertible, Sendable {
    let text: String
    let sentences: [String]

    var testDescription: String { text }
}

@Suite struct SentenceSplitterTests {
    static let cases: [SplitCase] = [
        SplitCase(text: "東京は日本の首都です。大阪は大きい。", sentences: ["東京は日本の首都です。", "大阪は大きい。"]),
        SplitCase(text: "本当ですか？はい！", sentences: ["本当ですか？", "はい！"]),
        SplitCase(text: "The sky is blue. Grass is green", sentences: ["The sky is blue.", "Grass is green"]),
        SplitCase(text: "Dr. Smith arrived. He sat down.", sentences: ["Dr. Smith arrived.", "He sat down."]),
        SplitCase(
            text: "U.S. sales fell in the U.K. market. Exports rose.",
            sentences: ["U.S. sales fell in the U.K. market.", "Exports rose."]),
        SplitCase(text: "J. R. Smith won. He left.", sentences: ["J. R. Smith won.", "He left."]),
        SplitCase(text: "Use fruit, e.g. apples. Eat them.", sentences: ["Use fruit, e.g. apples.", "Eat them."]),
        SplitCase(text: "The rate was 0.13 in 2020. It rose.", sentences: ["The rate was 0.13 in 2020.", "It rose."]),
        SplitCase(text: "Is it true? Yes! It is.", sentences: ["Is it true?", "Yes!", "It is."]),
        SplitCase(text: "What?!Really", sentences: ["What?!Really"]),
        SplitCase(text: "She said \"stop.\" Then she left.", sentences: ["She said \"stop.\"", "Then she left."]),
        SplitCase(text: "First line\n\nSecond line", sentences: ["First line", "Second line"]),
        SplitCase(text: "One line\nsame sentence.", sentences: ["One line\nsame sentence."]),
        SplitCase(text: "  Padded sentence.  ", sentences: ["Padded sentence."]),
        SplitCase(
            text: "It ran in the 19th century.First for Women is a magazine.",
            sentences: ["It ran in the 19th century.", "First for Women is a magazine."]),
        SplitCase(text: "Made in the USA.Sold in Canada.", sentences: ["Made in the USA.Sold in Canada."]),
        SplitCase(
            text: "The Oberoi Group.The group runs hotels.", sentences: ["The Oberoi Group.", "The group runs hotels."]),
        SplitCase(text: "Built with Node.js and Vue.", sentences: ["Built with Node.js and Vue."]),
        SplitCase(text: "He moved to St.Louis in 1990.", sentences: ["He moved to St.Louis in 1990."]),
        SplitCase(text: "", sentences: []),
        SplitCase(text: " \n ", sentences: []),
        SplitCase(text: "Sales rose… Costs fell.", sentences: ["Sales rose…", "Costs fell."]),
        SplitCase(text: "Sales rose… then fell.", sentences: ["Sales rose… then fell."]),
        SplitCase(text: "He said “wait…” Then he left.", sentences: ["He said “wait…”", "Then he left."]),
        SplitCase(text: "Smith (b. 1960) wrote it. It sold.", sentences: ["Smith (b. 1960) wrote it.", "It sold."]),
        SplitCase(
            text: "See p. 4 of the report. It is short.", sentences: ["See p. 4 of the report.", "It is short."]),
        SplitCase(
            text: "Built ca. 1889 in Paris. It is tall.", sentences: ["Built ca. 1889 in Paris.", "It is tall."]),
        SplitCase(text: "Smith et al. found it. It held.", sentences: ["Smith et al. found it.", "It held."]),
        SplitCase(
            text: "Obst, z.B. Äpfel, ist gesund. Es schmeckt.",
            sentences: ["Obst, z.B. Äpfel, ist gesund.", "Es schmeckt."]),
        SplitCase(text: "The answer is b. The rest is wrong.", sentences: ["The answer is b.", "The rest is wrong."]),
        SplitCase(text: "It opened.\u{200D} It closed.", sentences: ["It opened.\u{200D}", "It closed."]),
    ]

    @Test(arguments: cases)
    func splitFindsSentences(_ split: SplitCase) {
        #expect(SentenceSplitter.split(split.text).map(\.text) == split.sentences)
    }

    @Test(arguments: cases)
    func offsetsCutSentenceText(_ split: SplitCase) {
        for sentence in SentenceSplitter.split(split.text) {
            #expect(scalarSlice(split.text, sentence.start, sentence.end) == sentence.text)
        }
    }

    @Test func numberAbbreviationKeepsSentence() {
        let sentences = SentenceSplitter.split("Building No. 5 opened in 1990. It is tall.")

        #expect(sentences.map(\.text) == ["Building No. 5 opened in 1990.", "It is tall."])
    }

    /// "no" is an abbreviation only before a number, as in "No. 5"; at the end of a sentence it is the word.
    @Test func sentenceEndingInNoSplits() {
        let sentences = SentenceSplitter.split("The documents say no. Sales rose in 2021.")

        #expect(sentences.map(\.text) == ["The documents say no.", "Sales rose in 2021."])
    }

    /// In an answer, a full stop before a word in lower case ends no sentence, whatever the abbreviation.
    @Test func lowerCaseWordAfterFullStopContinuesAnAnswerSentence() {
        let text = "It is 330 m. tall. It stands in Paris, approx. two km from the river."

        let sentences = SentenceSplitter.split(text, asAnswer: true)

        #expect(sentences.map(\.text) == ["It is 330 m. tall.", "It stands in Paris, approx. two km from the river."])
        #expect(SentenceSplitter.split(text).count == 3)
    }

    /// A number alone on the only line answers the question, so it is no list item.
    @Test(arguments: ["42.", "42", "2.", "b)"])
    func loneNumberIsAnAnswerNotAMarker(text: String) {
        #expect(SentenceSplitter.split(text, asAnswer: true).map(\.text) == [text])
    }

    @Test func listItemsSplitOnlyInAnswers() {
        let text = "Facts:\n- It opened in 1890.\n2) It is red\nand long\n* It has 3 spans"

        let items = SentenceSplitter.split(text, asAnswer: true)
        let joined = SentenceSplitter.split(text)

        #expect(items.map(\.text) == ["Facts:", "It opened in 1890.", "It is red\nand long", "It has 3 spans"])
        #expect(joined.map(\.text) == ["Facts:\n- It opened in 1890.", "2) It is red\nand long\n* It has 3 spans"])
        for sentence in items {
            #expect(scalarSlice(text, sentence.start, sentence.end) == sentence.text)
        }
    }

    static let listCases: [SplitCase] = [
        SplitCase(
            text: "1. It stands in Paris.\n2. It is 330 metres tall.",
            sentences: ["It stands in Paris.", "It is 330 metres tall."]),
        SplitCase(text: "1) It stands in Paris\n2) It is tall", sentences: ["It stands in Paris", "It is tall"]),
        SplitCase(text: "a. It stands in Paris.\nb. It is tall.", sentences: ["It stands in Paris.", "It is tall."]),
        SplitCase(text: "(1) It stands in Paris.\n(2) It is tall.", sentences: ["It stands in Paris.", "It is tall."]),
        SplitCase(text: "(a) It stands in Paris.\n(b) It is tall.", sentences: ["It stands in Paris.", "It is tall."]),
        SplitCase(text: "- It stands in Paris.\n- It is tall.", sentences: ["It stands in Paris.", "It is tall."]),
        SplitCase(text: "* It stands in Paris\n* It is tall", sentences: ["It stands in Paris", "It is tall"]),
        SplitCase(
            text: "\u{2022} It stands in Paris.\n\u{2022} It is tall.",
            sentences: ["It stands in Paris.", "It is tall."]),
        SplitCase(
            text: "Facts:\n  10.\tIt stands in Paris.\n\n  11. It is tall.",
            sentences: ["Facts:", "It stands in Paris.", "It is tall."]),
        SplitCase(text: "1889. It opened that year.", sentences: ["1889.", "It opened that year."]),
        SplitCase(text: "J. Smith built it.\nA. Jones ran it.", sentences: ["J. Smith built it.", "A. Jones ran it."]),
        SplitCase(text: "-5 degrees is cold.\n-3 is less so.", sentences: ["-5 degrees is cold.", "-3 is less so."]),
        SplitCase(text: "Steps follow.\n1.", sentences: ["Steps follow."]),
        SplitCase(text: "- \n- It is tall.", sentences: ["It is tall."]),
        SplitCase(text: "1.\n2. It is tall.", sentences: ["It is tall."]),
        SplitCase(
            text: "The height in metres is\n330. It is in Paris.",
            sentences: ["The height in metres is\n330.", "It is in Paris."]),
        SplitCase(text: "It rose 1. 5 times over.", sentences: ["It rose 1.", "5 times over."]),
    ]

    /// A list marker opening a line ends the sentence before it and is part of no sentence.
    @Test(arguments: listCases)
    func listMarkerIsLeftOut(_ split: SplitCase) {
        let sentences = SentenceSplitter.split(split.text, asAnswer: true)

        #expect(sentences.map(\.text) == split.sentences)
        for sentence in sentences {
            #expect(scalarSlice(split.text, sentence.start, sentence.end) == sentence.text)
        }
    }

    static let lineCases: [SplitCase] = [
        SplitCase(
            text: "Sources: [1]\nThe head office is in Delhi.",
            sentences: ["Sources: [1]", "The head office is in Delhi."]),
        SplitCase(
            text: "The head office is in Delhi.\n[1] Oberoi", sentences: ["The head office is in Delhi.", "[1] Oberoi"]),
        SplitCase(text: "Answer\r\nDelhi", sentences: ["Answer", "Delhi"]),
        SplitCase(
            text: "The tower was built by\nGustave Eiffel.", sentences: ["The tower was built by\nGustave Eiffel."]),
        SplitCase(text: "It stands in Paris,\nFrance.", sentences: ["It stands in Paris,\nFrance."]),
        SplitCase(text: "The tower is\ntall.", sentences: ["The tower is\ntall."]),
        SplitCase(
            text: "The company reported that the common equity\nTier 1 ratio was 13.8 percent.",
            sentences: ["The company reported that the common equity\nTier 1 ratio was 13.8 percent."]),
        SplitCase(text: "Earnings on a non-\nGAAP basis rose.", sentences: ["Earnings on a non-\nGAAP basis rose."]),
        SplitCase(
            text: "These are the figures for the quarter:\nRevenue rose.",
            sentences: ["These are the figures for the quarter:", "Revenue rose."]),
    ]

    /// In an answer a line break before a capital letter or a "[" ends a sentence unless the line runs on.
    @Test(arguments: lineCases)
    func lineBreakSplitsAnswerSentences(_ split: SplitCase) {
        let sentences = SentenceSplitter.split(split.text, asAnswer: true)

        #expect(sentences.map(\.text) == split.sentences)
        for sentence in sentences {
            #expect(scalarSlice(split.text, sentence.start, sentence.end) == sentence.text)
        }
    }

    /// Contexts keep the splitting the models were trained on, where a single line break ends no sentence.
    @Test func lineBreakKeepsContextSentence() {
        let sentences = SentenceSplitter.split("Sources: [1]\nThe head office is in Delhi.")

        #expect(sentences.map(\.text) == ["Sources: [1]\nThe head office is in Delhi."])
    }

    @Test func cjkOffsetsCountScalars() {
        let sentences = SentenceSplitter.split("東京は日本の首都です。大阪は大きい。")

        #expect(sentences.map(\.start) == [0, 11])
        #expect(sentences.map(\.end) == [11, 18])
    }

    @Test func finalSentenceWithoutFullStopEndsAtText() {
        let text = "Prices rose 👍🏽. Demand fell"
        let sentences = SentenceSplitter.split(text)

        #expect(sentences.count == 2)
        #expect(sentences.last?.end == text.unicodeScalars.count)
        #expect(sentences.last?.text == "Demand fell")
    }
}

import Testing

@testable import Text

/// Returns the scalars of `text` from `start` up to `end`, as Python's `text[start:end]` would.
func scalarSlice(_ text: String, _ start: Int, _ end: Int) -> String {
    let scalars = Array(text.unicodeScalars)
    var slice = ""
    slice.unicodeScalars.append(contentsOf: scalars[start..<end])
    return slice
}

@Suite struct TokenizerTests {
    // "👍🏽" is one grapheme of two scalars, and "e\u{301}" is an "e" followed by a combining acute accent, so
    // grapheme, UTF-16 and scalar offsets all differ in this text.
    static let mixedText = "👍🏽 Cafe\u{301} naïve word"

    @Test func offsetsCountUnicodeScalars() {
        let tokens = Tokenizer.tokenize(Self.mixedText)
        let word = tokens.last

        #expect(word?.text == "word")
        #expect(word?.start == 15)
        #expect(word?.end == 19)
    }

    @Test func offsetsCutOriginalText() {
        let tokens = Tokenizer.tokenize(Self.mixedText)

        #expect(tokens.map(\.text) == ["👍", "🏽", "Cafe\u{301}", "naïve", "word"])
        for token in tokens {
            #expect(scalarSlice(Self.mixedText, token.start, token.end) == token.text)
        }
    }

    @Test func normalizationRemovesCaseAndDiacritics() {
        let tokens = Tokenizer.tokenize("Cafe\u{301} NAÏVE")

        #expect(tokens.map(\.normalized) == ["cafe", "naive"])
    }

    @Test func currencyAmountSplitsIntoSignAndNumber() {
        let tokens = Tokenizer.tokenize("$1,250.5")

        #expect(tokens.map(\.text) == ["$", "1,250.5"])
        #expect(tokens.map(\.kind) == [.punctuation, .number])
        #expect(tokens.map(\.start) == [0, 1])
        #expect(tokens.map(\.end) == [1, 8])
    }

    @Test(arguments: [
        ("Growth was 0.13 points.", ["Growth", "was", "0.13", "points", "."]),
        ("It rose 12.5% in 2021.", ["It", "rose", "12.5", "%", "in", "2021", "."]),
        ("Items 1, 2 and 3", ["Items", "1", ",", "2", "and", "3"]),
        ("the 3rd of 10,000,000", ["the", "3rd", "of", "10,000,000"]),
    ])
    func numberKeepsInnerSeparatorsOnly(text: String, expected: [String]) {
        #expect(Tokenizer.tokenize(text).map(\.text) == expected)
    }

    @Test func numberValueIgnoresThousandsSeparators() {
        #expect(Lexicon.numericValue("1,250.5") == 1250.5)
        #expect(Lexicon.numericValue("3rd") == 3)
        #expect(Lexicon.numericValue("%") == nil)
    }

    @Test(arguments: [
        ("don't stop", ["don't", "stop"]),
        ("O'Brien's car", ["O'Brien's", "car"]),
        ("rock\u{2019}n\u{2019}roll", ["rock\u{2019}n\u{2019}roll"]),
        ("state-of-the-art design", ["state-of-the-art", "design"]),
        ("the students' books", ["the", "students", "'", "books"]),
        ("'quoted'", ["'", "quoted", "'"]),
    ])
    func apostropheJoinsLettersOnly(text: String, expected: [String]) {
        #expect(Tokenizer.tokenize(text).map(\.text) == expected)
    }

    @Test func curlyApostropheNormalizesToStraight() {
        let token = Tokenizer.tokenize("Don\u{2019}t").first

        #expect(token?.normalized == "don't")
    }

    @Test func cjkTextGivesOneTokenPerIdeograph() {
        let text = "東京は日本の首都です。"
        let tokens = Tokenizer.tokenize(text)

        #expect(tokens.count == 11)
        #expect(tokens.dropLast().allSatisfy { $0.kind == .ideograph })
        #expect(tokens.dropLast().map(\.text) == ["東", "京", "は", "日", "本", "の", "首", "都", "で", "す"])
        #expect(tokens.last?.text == "。")
        #expect(tokens.last?.kind == .punctuation)
        #expect(tokens.map(\.start) == Array(0..<11))
    }

    @Test func cjkBesideLatinSplitsAtScriptChange() {
        let tokens = Tokenizer.tokenize("iPhone発売2007年")

        #expect(tokens.map(\.text) == ["iPhone", "発", "売", "2007", "年"])
        #expect(tokens.map(\.kind) == [.word, .ideograph, .ideograph, .number, .ideograph])
    }

    @Test func whitespaceAndControlCharactersAreSkipped() {
        let tokens = Tokenizer.tokenize(" \t\n\u{0} a\r\nb ")

        #expect(tokens.map(\.text) == ["a", "b"])
        #expect(tokens.map(\.start) == [5, 8])
    }

    @Test func emptyTextHasNoTokens() {
        #expect(Tokenizer.tokenize("").isEmpty)
    }

    @Test func capitalizedChecksFirstLetter() {
        let tokens = Tokenizer.tokenize("Paris is Élysée not élan")

        #expect(tokens.map(\.isCapitalized) == [true, false, true, false, false])
    }
}

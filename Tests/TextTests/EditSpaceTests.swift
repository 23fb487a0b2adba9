import Testing

@testable import Text

@Suite struct EditSpaceTests {
    private let revenueContext = ["Revenue fell 5 percent in 2020. Costs stayed flat through the year."]

    /// Analyses `answer` against `contexts` without WordNet and returns its edit space.
    private func space(_ answer: String, _ contexts: [String]) -> EditSpace {
        let index = ContextIndex(contexts: contexts)
        let analysis = FeatureExtractor(wordNet: nil).analyze(answer: answer, question: nil, contexts: index)
        return EditSpace(answer: answer, analysis: analysis, contexts: index)
    }

    /// Analyses an answer to `question` and returns its edit space.
    private func space(_ answer: String, question: String, _ contexts: [String]) -> EditSpace {
        let index = ContextIndex(contexts: contexts)
        let analysis = FeatureExtractor(wordNet: nil).analyze(answer: answer, question: question, contexts: index)
        return EditSpace(answer: answer, analysis: analysis, contexts: index, question: question)
    }

    @Test func spanHoldingTheOnlyAnswerWordCannotBeDeleted() throws {
        let contexts = ["The Oberoi Group is a hotel company with its head office in Delhi."]
        let question = "Where is the head office of the Oberoi Group?"

        let edits = space("The head office is in Mumbai.", question: question, contexts)

        let span = try #require(edits.spans.first)
        #expect(span.text == "Mumbai")
        #expect(span.options == [.keep, .replace("Delhi")])
    }

    @Test func spanBesideAnotherAnswerWordCanBeDeleted() throws {
        let contexts = ["The Oberoi Group is a hotel company with its head office in Delhi."]
        let question = "Where is the head office of the Oberoi Group?"

        let edits = space("The head office is in Delhi, near Mumbai.", question: question, contexts)

        #expect(edits.spans.contains { $0.options.contains(.delete) })
    }

    @Test func answersLastNumberCannotBeDeleted() {
        let contexts = ["Refunds are paid within 30 days of the return."]

        let edits = space("60 days", question: "How long do refunds take?", contexts)

        #expect(!edits.spans.contains { $0.options.contains(.delete) })
    }

    @Test func deletionLeavingAStopWordAtTheEndIsNotOffered() {
        let contexts = ["She studied at the University of Cambridge from 1990."]

        let edits = space("University of Oxford", question: "Where did she study?", contexts)

        #expect(!edits.spans.contains { $0.options.contains(.delete) })
    }

    @Test func replacementKeepsTheAnswersLastNameOrNumber() {
        let contexts = ["It was designed by Gustave Eiffel. He played the lead role in the film."]

        let edits = space("Sheb Wooley played the lead role.", question: "Who played the lead role?", contexts)

        #expect(!edits.spans.flatMap(\.options).contains(.replace("He")))
    }

    @Test func numberIsReplacedOnlyByANumber() {
        let contexts = ["The Eiffel Tower was completed in 1889 in Paris."]

        let edits = space("It was completed in 1889, not in 1950.", contexts)

        #expect(
            !edits.spans.flatMap(\.options).contains { option in
                if case .replace(let text) = option { return !text.contains(where: \.isNumber) }
                return false
            })
    }

    @Test func deletedClauseTakesBothCommas() throws {
        let answer = "The tower, which is 500 metres tall, was completed in 1889."
        let edits = space(answer, ["The tower was completed in 1889."])

        let span = try #require(edits.spans.first { $0.options.contains(.delete) })
        let index = try #require(edits.spans.firstIndex { $0.start == span.start })
        var choices = edits.keepAll
        choices[index] = 1

        #expect(edits.apply(choices).text == "The tower was completed in 1889.")
    }

    @Test func refusalSentenceGetsNoSpan() {
        let contexts = ["The Halvorsen Bridge opened to traffic on 14 May 1962."]
        let question = "Who paid for the Halvorsen Bridge?"

        let refusal = space("The documents do not say who paid for the bridge.", question: question, contexts)
        let mixed = space(
            "It opened on 14 May 1965. The documents do not say who paid for it.", question: question, contexts)

        #expect(refusal.spans.isEmpty)
        #expect(mixed.spans.map(\.sentence) == [0])
    }

    /// Returns the scalars of `text` from `start` to `end`, end exclusive.
    private func scalars(_ text: String, _ start: Int, _ end: Int) -> String {
        String(String.UnicodeScalarView(Array(text.unicodeScalars)[start..<end]))
    }

    @Test func changedWordGivesOneSpanWithThreeOptions() throws {
        let edits = space("Revenue rose 5 percent in 2020.", revenueContext)

        let span = try #require(edits.spans.first)
        #expect(edits.spans.count == 1)
        #expect(span.text == "rose")
        #expect(span.start == 8)
        #expect(span.end == 12)
        #expect(span.sentence == 0)
        #expect(span.options == [.keep, .replace("fell")])
    }

    @Test func replacementTakesTheContextWording() {
        let answer = "Revenue rose 5 percent in 2020."
        let edits = space(answer, revenueContext)

        let edited = edits.apply([1])

        #expect(edited.text == "Revenue fell 5 percent in 2020.")
        #expect(edited.edits == [EditedAnswer.Edit(start: 8, end: 12, before: "rose", after: "fell")])
        #expect(scalars(answer, 8, 12) == "rose")
    }

    /// Returns the replacement texts a span offers, in order.
    private func replacements(_ span: EditSpace.Span) -> [String] {
        span.options.compactMap { option in
            guard case .replace(let text) = option else { return nil }
            return text
        }
    }

    /// A replacement drops the full stop that ends its context sentence, but not one that ends an abbreviation.
    @Test func replacementDropsContextFullStop() throws {
        let contexts = [
            "The tower was built by Gustave Eiffel in 1889. It is 330 metres tall. It stands in Paris.",
            "Its maker sold copies in the U.S.",
        ]
        let answer = "The tower was built in 1899!!! It is 500 metres tall!! It stands in Paris... "
        let edits = space(answer + "Its maker sold copies in Canada", contexts)

        let year = try #require(edits.spans.first { $0.text == "1899" })
        let height = try #require(edits.spans.first { $0.text == "500" })
        let country = try #require(edits.spans.first { $0.text == "Canada" })

        #expect(replacements(year) == ["1889"])
        #expect(replacements(height) == ["330"])
        #expect(replacements(country) == ["the U.S."])
        let choices = edits.spans.map { span in
            span.options.firstIndex { $0 == .replace("1889") || $0 == .replace("330") } ?? 0
        }
        let repaired = "The tower was built in 1889!!! It is 330 metres tall!! It stands in Paris... "
        #expect(edits.apply(choices).text == repaired + "Its maker sold copies in Canada")
    }

    /// A run where the context has only its full stop was added to the sentence, so deleting it repairs it.
    @Test func runFacingOnlyFullStopCanBeDeleted() throws {
        let edits = space("It is 330 metres tall in winter", ["It is 330 metres tall."])

        let span = try #require(edits.spans.first)
        #expect(span.text == "in winter")
        #expect(span.options == [.keep, .delete])
        #expect(edits.apply([1]).text == "It is 330 metres tall")
    }

    @Test func keepAllReturnsTheAnswerUnchanged() {
        let answer = "Revenue rose 5 percent in 2020."
        let edits = space(answer, revenueContext)

        let edited = edits.apply(edits.keepAll)

        #expect(edits.keepAll == [0])
        #expect(edited.text == answer)
        #expect(edited.edits.isEmpty)
    }

    @Test func deleteLeavesNoDoubleSpace() {
        let edits = space("Revenue fell sharply 5 percent in 2020.", revenueContext)

        let edited = edits.apply([1])

        #expect(edits.spans.first?.options == [.keep, .delete])
        #expect(edited.text == "Revenue fell 5 percent in 2020.")
        #expect(edited.edits == [EditedAnswer.Edit(start: 12, end: 20, before: " sharply", after: "")])
    }

    @Test func replacedWordOffersNoDeletion() {
        let edits = space("Revenue rose 5 percent in 2020.", revenueContext)

        #expect(edits.spans.first?.options.contains(.delete) == false)
    }

    @Test func choiceOutsideTheOptionsCountsAsKeep() {
        let answer = "Revenue rose 5 percent in 2020."
        let edits = space(answer, revenueContext)

        #expect(edits.apply([9]).text == answer)
        #expect(edits.apply([-1]).text == answer)
        #expect(edits.apply([]).text == answer)
    }

    @Test func unsupportedSentenceOfSeveralGetsWholeSentenceSpan() throws {
        let answer = "Revenue fell 5 percent in 2020. Penguins enjoy cold water."
        let edits = space(answer, revenueContext)

        let span = try #require(edits.spans.first)
        #expect(edits.spans.count == 1)
        #expect(span.start == 32)
        #expect(span.text.hasPrefix("Penguins enjoy cold water"))
        #expect(span.sentence == 1)
        #expect(span.options == [.keep, .delete])
    }

    static let answersWithUnsupportedSentence = [
        "Penguins enjoy cold water. Revenue fell 5 percent in 2020.",
        "Revenue fell 5 percent in 2020. Penguins enjoy cold water. Costs stayed flat through the year.",
        "Revenue fell 5 percent in 2020. Penguins enjoy cold water.",
    ]
    static let answersAfterDeletion = [
        "Revenue fell 5 percent in 2020.",
        "Revenue fell 5 percent in 2020. Costs stayed flat through the year.",
        "Revenue fell 5 percent in 2020.",
    ]

    /// Deleting a whole sentence removes its full stop and one neighbouring space with it.
    @Test(arguments: zip(answersWithUnsupportedSentence, answersAfterDeletion))
    func wholeSentenceDeletionLeavesCleanText(answer: String, expected: String) throws {
        let edits = space(answer, revenueContext)
        let delete = try #require(edits.spans.first?.options.firstIndex(of: .delete))

        let edited = edits.apply([delete])

        #expect(edited.text == expected)
        let edit = try #require(edited.edits.first)
        #expect(scalars(answer, edit.start, edit.end) == edit.before)
    }

    @Test(arguments: [
        "Penguins enjoy cold water.",
        "Revenue rose.",
        "Profits rose sharply in Oslo.",
        "Revenue climbed 9 percent in 2021 despite costs.",
    ])
    func singleSentenceIsNeverDeletedWhole(answer: String) {
        let edits = space(answer, revenueContext)

        for (index, span) in edits.spans.enumerated() {
            guard let delete = span.options.firstIndex(of: .delete) else { continue }
            var choices = edits.keepAll
            choices[index] = delete
            let remaining = WordEditDistance.words(edits.apply(choices).text)
            #expect(!remaining.isEmpty, "deleting \(span.text) leaves no word of \(answer)")
        }
    }

    /// When no sentence is supported, deleting every one would leave no answer, so at least one must stay.
    @Test func deletingEverySpanLeavesSomeWords() {
        let answer = "Penguins enjoy cold water. Owls hunt mice at night."
        let edits = space(answer, revenueContext)

        let choices = edits.spans.map { $0.options.firstIndex(of: .delete) ?? 0 }
        let remaining = WordEditDistance.words(edits.apply(choices).text)

        #expect(!remaining.isEmpty, "deleting \(edits.spans.map(\.text)) leaves no word")
    }

    @Test func unsupportedSingleSentenceHasNoSpan() {
        #expect(space("Penguins enjoy cold water.", revenueContext).spans.isEmpty)
    }

    @Test func copiedAnswerHasNoSpans() {
        let edits = space("Revenue fell 5 percent in 2020. Costs stayed flat through the year.", revenueContext)

        #expect(edits.spans.isEmpty)
        #expect(edits.keepAll.isEmpty)
        #expect(edits.apply([]).text == edits.answer)
    }

    @Test func accentedTextKeepsScalarOffsets() throws {
        let answer = "Café Zoë served crème brûlée to José in Göteborg."
        let contexts = ["Café Zoë served crème brûlée to María in Göteborg."]
        let edits = space(answer, contexts)

        let span = try #require(edits.spans.first)
        let replace = try #require(span.options.firstIndex(of: .replace("María")))
        let edited = edits.apply([replace])

        #expect(span.text == "José")
        #expect(scalars(answer, span.start, span.end) == "José")
        #expect(edited.text == "Café Zoë served crème brûlée to María in Göteborg.")
        let edit = try #require(edited.edits.first)
        #expect(scalars(answer, edit.start, edit.end) == edit.before)
        #expect(edit.after == "María")
    }

    /// Decomposed accents take two scalars each, so scalar offsets differ from character offsets.
    @Test func decomposedAccentsKeepScalarOffsets() throws {
        let answer = "Cafe\u{301} owners paid 40 euros in Lyon."
        let contexts = ["Cafe\u{301} owners paid 55 euros in Lyon."]
        let edits = space(answer, contexts)

        let span = try #require(edits.spans.first)

        #expect(span.text == "40")
        #expect(span.start == 18)
        #expect(edits.apply([1]).text == "Cafe\u{301} owners paid 55 euros in Lyon.")
    }

    @Test func ideographicTextKeepsScalarOffsets() throws {
        let answer = "东京的人口在2020年增加了。"
        let contexts = ["东京的人口在2020年减少了。"]
        let edits = space(answer, contexts)

        let span = try #require(edits.spans.first)
        let replace = try #require(span.options.firstIndex(of: .replace("减少")))
        let edited = edits.apply([replace])

        #expect(span.text == "增加")
        #expect(scalars(answer, span.start, span.end) == "增加")
        #expect(edited.text == "东京的人口在2020年减少了。")
        #expect(edited.edits == [EditedAnswer.Edit(start: span.start, end: span.end, before: "增加", after: "减少")])
    }

    /// An ideograph outside the Basic Multilingual Plane is one scalar but two UTF-16 code units.
    @Test func supplementaryIdeographKeepsScalarOffsets() throws {
        let answer = "东京的\u{20BB7}野家在2019年开业。"
        let contexts = ["东京的\u{20BB7}野家在2018年开业。"]
        let edits = space(answer, contexts)

        let span = try #require(edits.spans.first)

        #expect(span.text == "2019")
        #expect(span.start == 7)
        #expect(span.end == 11)
        #expect(span.options.contains(.replace("2018")))
    }

    @Test func separateRunsGiveSeparateSpans() {
        let edits = space("Revenue rose 5 percent in 2021.", revenueContext)

        #expect(edits.spans.map(\.text) == ["rose", "2021"])
        #expect(
            edits.spans.map(\.options) == [[.keep, .replace("fell")], [.keep, .replace("2020")]])
    }

    @Test func severalSpansApplyIndependently() {
        let edits = space("Revenue rose 5 percent in 2021.", revenueContext)

        #expect(edits.apply([1, 0]).text == "Revenue fell 5 percent in 2021.")
        #expect(edits.apply([0, 1]).text == "Revenue rose 5 percent in 2020.")
        #expect(edits.apply([1, 1]).text == "Revenue fell 5 percent in 2020.")
        #expect(edits.apply([1, 1]).edits.map(\.start) == [8, 26])
        #expect(edits.apply([1, 1]).edits.map(\.end) == [12, 30])
    }

    /// Adjacent changed words form one run, replaced by the context words between the same matched neighbours.
    @Test func adjacentChangedWordsFormOneSpan() {
        let edits = space("Revenue rose 9 percent in 2020.", revenueContext)

        #expect(edits.spans.map(\.text) == ["rose 9"])
        #expect(edits.spans.first?.options.last == .replace("fell 5"))
    }

    private let quarterContext = [
        "Revenue rose to $12 million in the first quarter. Revenue rose to $15 million in the second quarter, "
            + "and costs fell."
    ]

    /// A summary's span also offers the words another context sentence has between the same neighbours.
    @Test func summarySpanSearchesOtherSentences() throws {
        let edits = space("Revenue rose to $18 million in the second quarter, and costs fell.", quarterContext)

        let span = try #require(edits.spans.first)
        #expect(edits.spans.count == 1)
        #expect(span.text == "18")
        #expect(span.options == [.keep, .replace("15"), .replace("12")])
        // "to $" before the span and "million in" after it stand around both numbers in the context.
        #expect(span.anchors == [0, 4, 4])
    }

    @Test func questionAnswerSearchesOnlyAlignedSentence() throws {
        let edits = space(
            "Revenue rose to $18 million in the second quarter, and costs fell.",
            question: "How much did revenue rise in the second quarter?", quarterContext)

        let span = try #require(edits.spans.first)
        #expect(span.options == [.keep, .replace("15")])
        #expect(span.anchors == [0, 0])
    }

    /// A number is replaced by a number and a word by a word, however well the neighbours match.
    @Test func anchoredReplacementKeepsNumbersForNumbers() throws {
        let contexts = ["Orders reached 40 units in May. Orders reached many units in June."]
        let answer = "Orders reached 55 units in June."
        let index = ContextIndex(contexts: contexts)
        let analysis = FeatureExtractor(wordNet: nil).analyze(answer: answer, question: nil, contexts: index)
        let number = try #require(analysis.tokens.firstIndex { $0.text == "55" })
        let members = try #require(analysis.tokensOfSentence.first)

        let found = EditSpace.anchoredReplacements(number...number, members, analysis, index)

        #expect(found.map(\.text) == ["40"])
        #expect(found.first?.anchor == 4)
    }

    /// A percent sign or a currency sign written against its number is edited with it.
    @Test func spanKeepsUnitMarksWithTheirNumber() throws {
        let contexts = ["Acme reported revenue of $1,200 million in 2023. Shares closed at $0.13."]
        let edits = space("Revenue rose 35% in 2023.", contexts)

        let span = try #require(edits.spans.first { $0.text.contains("35") })
        #expect(span.text.hasSuffix("35%"))
        for option in span.options.indices {
            let text = edits.apply([option]).text
            if let percent = text.firstIndex(of: "%") {
                #expect(text[text.index(before: percent)].isNumber, "edited: \(text)")
            }
        }
    }

    /// No edit leaves a percent or currency sign without its number, wherever the alignment matched the sign.
    @Test(arguments: [
        ("Sales rose 5% in May.", "Sales rose 5% and 12% in May."),
        ("Sales rose 5% in May.", "Sales rose 12% and 5% in May."),
        ("Sales rose in May, by 5%.", "Sales rose 12% in May, by 5%."),
        ("The shares closed at $0.13 on Friday.", "The shares closed at $0.13 and $4 on Friday."),
        (
            "Diluted earnings per share were $3.69 for the third quarter of 2021, improved from $3.41 in the second "
                + "quarter of 2021 and $2.75 in the third quarter of 2020.",
            "The third quarter of 2021 diluted earnings per share improved to $3.69 and net interest income was "
                + "$971 million.",
        ),
    ])
    func editsLeaveNoUnitMarkBehind(context: String, answer: String) {
        let edits = space(answer, [context])

        for (index, span) in edits.spans.enumerated() {
            for option in span.options.indices {
                var choices = edits.keepAll
                choices[index] = option
                let text = Array(edits.apply(choices).text)
                for (position, character) in text.enumerated() where character == "%" {
                    let before = position > 0 ? text[position - 1] : " "
                    #expect(before.isNumber, "edited: \(String(text))")
                }
                for (position, character) in text.enumerated() where character == "$" {
                    let after = position + 1 < text.count ? text[position + 1] : " "
                    #expect(after.isNumber, "edited: \(String(text))")
                }
            }
        }
    }

    /// A replacement leaves out a bracket whose partner the context has outside it.
    @Test func replacementDropsUnpairedBracket() throws {
        let contexts = ["The Sydney Harbour Bridge (opened in 1932) spans 503 m; it cost 6 million pounds."]

        let edits = space("The bridge opened in 1935 and spans 600 m.", contexts)

        let span = try #require(edits.spans.first { $0.text.contains("1935") })
        #expect(span.options.contains(.replace("1932")))
        #expect(!span.options.contains { if case .replace(let text) = $0 { text.contains(")") } else { false } })
    }

    /// A run of marks alone at the end of an answer gives no span and reads past no token.
    @Test func trailingMarksAloneGiveNoSpan() {
        let edits = space("Revenue fell 5 percent in 2020 %", revenueContext)

        #expect(edits.spans.allSatisfy { !$0.text.hasSuffix("%") })
    }

    /// A deletion may take a finite verb only with its whole clause: "The company is raising its dividend" had
    /// become "The dividend".
    @Test func deletionTakesAFiniteVerbOnlyWithItsClause() throws {
        let contexts = ["The dividend rose to $0.13 per share."]

        let midClause = space("The company is raising the dividend to $0.13 per share.", contexts)
        let wholeClause = space("The dividend rose to $0.13 per share, which was a record.", contexts)

        #expect(!midClause.spans.contains { $0.options.contains(.delete) })
        let clause = try #require(wholeClause.spans.first { $0.text == "which was a record" })
        #expect(clause.options.contains(.delete))
    }

    /// "Bart Simpson" lost "Simpson" and became "Bart": a deletion may not take part of a name.
    @Test func deletionDoesNotSplitAName() {
        let contexts = ["Bart Conner married Nadia Comaneci in 1996."]

        let edits = space("Bart Simpson", question: "Who was her husband?", contexts)

        #expect(!edits.spans.contains { $0.options.contains(.delete) })
    }

    /// Deleting the words after a determiner must leave its noun: "The TV show is" became "The is".
    @Test func deletionLeavesNoDeterminerWithoutItsNoun() throws {
        let orphaned = space("The TV show is new.", ["The is new."])
        let withNoun = space("The TV show is new.", ["The show is new."])

        #expect(!orphaned.spans.contains { $0.options.contains(.delete) })
        let span = try #require(withNoun.spans.first { $0.text == "TV" })
        #expect(span.options.contains(.delete))
    }

    /// Deleting "a small" from "is a small suburb" strips the noun of its article.
    @Test func deletionKeepsANounsArticle() {
        let edits = space("Tura Beach is a small suburb.", ["Tura Beach is suburb number 12 of the shire."])

        let article = edits.spans.filter { $0.text.hasPrefix("a ") }
        #expect(article.allSatisfy { !$0.options.contains(.delete) })
    }

    /// "$1.20 to $1.30" became "$1.30 to $1.30": a replacement may not bring a number its sentence already states.
    @Test func replacementDoesNotRepeatANumberOfItsSentence() {
        let contexts = ["EPS is expected in the range of $1.30 to $1.40 for the quarter."]
        let answer = "EPS is expected in the range of $1.20 to $1.30 for the quarter."

        let edits = space(answer, contexts)

        for span in edits.spans {
            for option in span.options.indices {
                var choices = edits.keepAll
                choices[edits.spans.firstIndex { $0.start == span.start } ?? 0] = option
                #expect(!edits.apply(choices).text.contains("$1.30 to $1.30"))
            }
        }
    }

    /// A replacement made only of punctuation is no repair: "explains" had become ":".
    @Test func replacementHoldsAWord() {
        let edits = space("The kit includes a drill.", ["The kit - a drill."])

        #expect(!edits.spans.contains { $0.options.contains(.replace("-")) })
    }

    /// The context's own citation marker stays out of a replacement, so the answer does not get two.
    @Test func replacementLeavesTheContextsCitationOut() throws {
        let edits = space(
            "The head office is in Mumbai.", question: "Where is the head office?", ["The head office is in Delhi [1]."]
        )

        let span = try #require(edits.spans.first)
        #expect(span.options.contains(.replace("Delhi")))
    }

    /// A deleted list item takes its marker and line break with it, not leaving "2." behind.
    @Test func deletedListItemTakesItsMarker() throws {
        let answer = "1. The head office is in Mumbai.\n2. It has 500 staff."
        let edits = space(answer, ["The head office is in Delhi."])

        let index = try #require(edits.spans.firstIndex { $0.text == "It has 500 staff." })
        var choices = edits.keepAll
        choices[index] = try #require(edits.spans[index].options.firstIndex(of: .delete))

        #expect(edits.apply(choices).text == "1. The head office is in Mumbai.")
    }

    /// An answer to a question keeps its sentences: deleting one had left "Oberoi Group" without the city asked for.
    @Test func answerToAQuestionKeepsItsSentences() {
        let contexts = ["The Oberoi Group is a hotel company with its head office in Delhi."]

        let withQuestion = space("Oberoi Group\nMumbai", question: "Where is the head office?", contexts)
        let summary = space("The Oberoi Group is a hotel company. It has 500 staff.", contexts)

        #expect(!withQuestion.spans.contains { $0.text == "Mumbai" && $0.options.contains(.delete) })
        #expect(summary.spans.contains { $0.text == "It has 500 staff." && $0.options.contains(.delete) })
    }

    /// A deleted label takes its colon and the blank line after it.
    @Test func deletedLabelTakesItsColon() {
        let scalars = Array("Note:\r\n\r\nThe office is in Delhi.".unicodeScalars)

        #expect(EditSpace.wholeLine(0..<4, in: scalars) == 0..<9)
        #expect(EditSpace.wholeLine(9..<17, in: scalars) == nil)
    }

    /// Deleting a sentence's opening words takes its subject: "The company was based in" became "was based in".
    /// "downtown", inserted inside the sentence, shows that inserted words are deletable there.
    @Test func deletionKeepsTheSentencesOpening() throws {
        let edits = space("The company was based in downtown Atlanta.", ["Was based in Atlanta, the filing says."])

        let inserted = try #require(edits.spans.first { $0.text == "downtown" })
        #expect(inserted.options.contains(.delete))
        let opening = edits.spans.filter { $0.text.hasPrefix("The") }
        #expect(opening.allSatisfy { !$0.options.contains(.delete) })
    }

    /// A number written against a word with a hyphen is part of it: "COVID-19" became "COVID-". "strongly", inserted
    /// in the same sentence, shows that inserted words are deletable there.
    @Test func deletionKeepsWordsWrittenTogether() throws {
        let edits = space("Demand held up strongly despite COVID-19.", ["Demand held up despite COVID."])

        let inserted = try #require(edits.spans.first { $0.text == "strongly" })
        #expect(inserted.options.contains(.delete))
        let glued = edits.spans.filter { $0.text.contains("19") }
        #expect(glued.allSatisfy { !$0.options.contains(.delete) })
    }

    /// A replacement brings a finite verb only where its run had one: "The bridge cost between $3 million and $4.2
    /// million." had become "The bridge is 1,150 meters long and $4.2 million.".
    @Test func replacementBringsNoVerbItsRunLacked() {
        let edits = space(
            "The bridge cost between $3 million and $4.2 million.",
            ["The bridge is 1,150 meters long and $4.2 million."])

        #expect(!edits.spans.flatMap(\.options).contains(.replace("is 1,150 meters long")))
    }

    /// In a summary a run without a number gets no number, while an answer to a question may: its number is the answer.
    @Test func summaryReplacementBringsNoNumberItsRunLacked() {
        let contexts = ["Earnings per share rose to $0.29 in the third quarter."]
        let answer = "Earnings per share rose compared to the same period in the third quarter."

        let summary = space(answer, contexts)
        let answered = space(answer, question: "How much did earnings per share rise to?", contexts)

        #expect(
            !summary.spans.flatMap(\.options).contains { option in
                if case .replace(let text) = option { text.contains("0.29") } else { false }
            })
        #expect(
            answered.spans.flatMap(\.options).contains { option in
                if case .replace(let text) = option { text.contains("0.29") } else { false }
            })
    }

    /// An answer that opens with "yes" or "no" is judged by that word, so no edit of its claim is offered.
    @Test(arguments: [
        "Yes, Paris is the capital of France.", "No, Paris is the capital of France.",
        "Well, yes, Paris is the capital of France.", "Yeah, Paris is the capital of France.",
        "Answer: No, Paris is the capital of France.", "According to the context, no, Paris is the capital of France.",
    ])
    func yesOrNoAnswerGetsNoSpan(_ answer: String) {
        let question = "Is Paris the capital of France?"
        let contexts = ["Lyon is the capital of France."]

        let edits = space(answer, question: question, contexts)
        let statement = space("Paris is the capital of France.", question: question, contexts)

        #expect(edits.spans.isEmpty)
        #expect(!statement.spans.isEmpty)
    }

    /// The words an answer shares with the question tie it to what was asked, so no deletion takes them.
    @Test func deletionKeepsTheQuestionsWords() {
        let answer = "Nadia, who was born abroad, is a gymnast."
        let contexts = ["Nadia is a gymnast."]

        let aboutBirth = space(answer, question: "Where was Nadia born?", contexts)
        let other = space(answer, question: "What sport does Nadia do?", contexts)

        #expect(!aboutBirth.spans.contains { $0.text.contains("born") && $0.options.contains(.delete) })
        #expect(other.spans.contains { $0.text.contains("born") && $0.options.contains(.delete) })
    }

    /// A replacement brings no more numbers than its run holds.
    @Test func replacementBringsNoExtraNumber() {
        let edits = space(
            "Sales will be $475 million to $485 million this year.",
            ["Sales will be $435 million to $455 million this year."])
        let options = edits.spans.flatMap(\.options)

        #expect(!options.contains { if case .replace(let text) = $0 { text.contains(" to ") } else { false } })
        #expect(options.contains(.replace("435")))
    }

    /// A replacement keeps the run's script: "埃菲尔铁塔在1889年建成。" had been offered "in Paris" for "年建成".
    @Test func replacementKeepsTheRunsScript() {
        let edits = space("埃菲尔铁塔在1889年建成。", ["The Eiffel Tower was completed in 1889 in Paris."])

        #expect(!edits.spans.flatMap(\.options).contains { if case .replace = $0 { true } else { false } })
    }

    @Test func scriptOfTokens() {
        let tokens = Tokenizer.tokenize("Paris Zürich Москва 東 1889 .")

        #expect(tokens.map(EditSpace.script(of:)) == [.latin, .latin, .other, .cjk, nil, nil])
    }

    /// "No doubt" opens a claim, not a yes-or-no answer, so the claim can still be repaired.
    @Test func noDoubtIsNoPolarity() {
        let edits = space(
            "No doubt, Paris is the capital of France.", question: "What is the capital of France?",
            ["Lyon is the capital of France."])

        #expect(!edits.spans.isEmpty)
    }

    /// A replacement whose name words the sentence already holds only repeats that name.
    @Test func replacementBringsNoNameOfItsSentence() {
        let contexts = ["Mishima Yukio was a Japanese author. Roberto Bolaño was a Chilean novelist."]
        let question = "Yukio Mishima and Roberto Bolaño, are Chilean?"

        let edits = space("Yukio Mishima is Chilean, Roberto Bolaño is Japanese.", question: question, contexts)

        for span in edits.spans {
            for option in span.options.indices {
                var choices = edits.keepAll
                choices[edits.spans.firstIndex { $0.start == span.start } ?? 0] = option
                #expect(!edits.apply(choices).text.contains("Mishima Yukio"))
            }
        }
    }

    /// With a question, the words inside a clause carry the answer, so only a clause or a comma-set phrase may go.
    /// A summary may lose an inserted phrase anywhere.
    @Test func answerToAQuestionLosesOnlyClauses() throws {
        let answer = "Northwind revenue was up 6% in 2024 across Asia."
        let contexts = ["Northwind revenue was up 6% in 2024."]

        let summary = space(answer, contexts)
        let answered = space(answer, question: "How did Northwind do?", contexts)

        let phrase = try #require(summary.spans.first { $0.text == "across Asia" })
        #expect(phrase.options.contains(.delete))
        #expect(answered.spans.allSatisfy { !$0.options.contains(.delete) })
    }

    /// A deletion that ends its sentence takes the comma before it, not leaving ",." behind.
    @Test func deletionAtSentenceEndTakesItsComma() throws {
        let answer = "Revenue rose 6% in 2024, and the board approved it."
        let edits = space(answer, ["Revenue rose 6% in 2024."])

        let index = try #require(edits.spans.firstIndex { $0.text == "and the board approved it" })
        var choices = edits.keepAll
        choices[index] = try #require(edits.spans[index].options.firstIndex(of: .delete))

        #expect(edits.apply(choices).text == "Revenue rose 6% in 2024.")
    }
}

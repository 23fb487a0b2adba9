import Foundation
import Testing

@testable import Text

/// The tokenizer's fast paths against the reference implementation that reads every property from the Unicode
/// database and runs every string operation through Foundation.
@Suite struct TokenizerEquivalenceTests {
    static let samples = [
        "The Eiffel Tower is 330 metres (1,083 ft) tall, about 81 storeys.",
        "Café, naïve, résumé and Cafe\u{301} with a combining accent; ÅNGSTRÖM and Øresund.",
        "東京は日本の首都です。人口は約1400万人！ひらがなとカタカナ。",
        "Ｆｕｌｌｗｉｄｔｈ ＬＥＴＴＥＲＳ and ｈａｌｆ-width ｶﾀｶﾅ, digits ０１２３.",
        "It’s the company’s “best” year: don't, won’t, state-of-the-art; ’quoted’ and ’ alone.",
        "Straße, İstanbul, ǅemal, ﬁne ligature, Σίσυφος ΣΊΣΥΦΟΣ, Москва МОСКВА, עברית, العربية ١٢٣.",
        "Numbers: 3.14, 1,250.5, 3rd, 10x, 2020s, -5, +7, 50%, $1.2bn, €300, ½, ², ⅷ, ٣, ५.",
        "Emoji 👍🏽 and 👨‍👩‍👧 family, a\u{200D}b zero-width joiner, soft\u{00AD}hyphen, tab\there, nbsp\u{00A0}here.",
        "Control\u{0001}chars\u{0007} and\r\nline breaks\n\nand a \u{0301}mark after a space, x\u{0345}y.",
        "Devanagari हिन्दी \u{0941}शब्द, Thai ภาษาไทย, Korean 한국어 문장, Mongolian ᠮᠣᠩᠭᠣᠯ.",
        "ASCII punctuation !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ and DEL \u{7F}.",
        "I CANNOT ANSWER that from the Documents. The text does not mention it.",
        "Je suis désolé; I’m sorry, the passages don’t provide this. I CAN’T ANSWER.",
        "",
        "   \n\t  ",
    ]

    @Test(arguments: samples)
    func tokenizeEqualsReference(text: String) {
        #expect(Tokenizer.tokenize(text) == ReferenceTokenizer.tokenize(text))
    }

    @Test(arguments: samples)
    func refusalEqualsReference(text: String) {
        #expect(RefusalDetector.isRefusal(text) == ReferenceTokenizer.isRefusal(text))
    }

    @Test func tokenizeEqualsReferenceOnRandomText() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let pool = Array(Self.samples.joined().unicodeScalars) + Array(" ....,,''--\u{2019}\n".unicodeScalars)
        for length in [1, 2, 3, 5, 8, 13, 40, 120] {
            for _ in 0..<60 {
                var text = ""
                for _ in 0..<length {
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    text.unicodeScalars.append(pool[Int(state >> 33) % pool.count])
                }
                #expect(Tokenizer.tokenize(text) == ReferenceTokenizer.tokenize(text), "\(text.debugDescription)")
            }
        }
    }

    @Test func normalizeEqualsReferenceOnShortASCII() {
        let scalars = (0..<0x80).compactMap(Unicode.Scalar.init(_:))
        for first in scalars {
            let single = String(first)
            #expect(Tokenizer.normalize(single) == ReferenceTokenizer.normalize(single), "\(single.debugDescription)")
            for second in scalars {
                let pair = String(first) + String(second)
                #expect(Tokenizer.normalize(pair) == ReferenceTokenizer.normalize(pair), "\(pair.debugDescription)")
            }
        }
    }

    @Test func normalizeEqualsReferenceBelowU3000() {
        for value in UInt32(0x80)..<0x3000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "A" + String(scalar) + "\u{2019}s"
            #expect(Tokenizer.normalize(text) == ReferenceTokenizer.normalize(text), "U+\(String(value, radix: 16))")
        }
    }

    @Test func tablePropertiesEqualComputedProperties() {
        for value in UInt32(0)..<0x3000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(ScalarProperties.of(scalar) == ScalarProperties(computing: scalar), "U+\(String(value, radix: 16))")
        }
    }
}

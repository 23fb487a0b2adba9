/// A WordNet part of speech, with its database file names and its inflection rules.
enum PartOfSpeech: Int, CaseIterable, Sendable {
    case noun
    case verb
    case adjective
    case adverb

    /// Creates the part of speech named by a synset type or pointer target letter.
    ///
    /// Adjective satellites (`s`) belong to the adjective files, so they map to ``adjective``.
    init?(letter: UInt8) {
        switch letter {
        case UInt8(ascii: "n"): self = .noun
        case UInt8(ascii: "v"): self = .verb
        case UInt8(ascii: "a"), UInt8(ascii: "s"): self = .adjective
        case UInt8(ascii: "r"): self = .adverb
        default: return nil
        }
    }

    /// The suffix of this part of speech's file names, as in `data.noun` or `adj.exc`.
    var fileSuffix: String {
        switch self {
        case .noun: "noun"
        case .verb: "verb"
        case .adjective: "adj"
        case .adverb: "adv"
        }
    }

    /// The bit for this part of speech in a lemma's part-of-speech mask.
    var maskBit: UInt8 { 1 << UInt8(rawValue) }

    /// The suffix rules that undo regular inflection, tried in this order.
    ///
    /// These are the detachment rules of WordNet's `morphy` (see `morphy(7WN)`): a word that ends in
    /// `suffix` may have a base form that ends in `ending` instead. Adverbs have none.
    var detachmentRules: [(suffix: String, ending: String)] {
        switch self {
        case .noun:
            [
                ("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"),
                ("ies", "y"),
            ]
        case .verb:
            [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")]
        case .adjective:
            [("er", ""), ("est", ""), ("er", "e"), ("est", "e")]
        case .adverb:
            []
        }
    }
}

/// Layout of the per-token feature vector that the verifier reads.
///
/// Every index is named so the extractor, the baselines and the tests agree on what each column means.
public enum TokenFeatures {
    /// Version of this layout, stored in checkpoints; bump it whenever a column changes meaning or position.
    public static let layoutVersion = 5

    public static let present = 0
    public static let isWord = 1
    public static let isNumber = 2
    public static let isPunctuation = 3
    public static let isIdeograph = 4
    public static let isCapitalized = 5
    public static let isStopWord = 6
    public static let wordInContexts = 7
    public static let stemInContexts = 8
    public static let stemInAlignedSentence = 9
    public static let stemInQuestion = 10
    public static let leftBigramInContexts = 11
    public static let rightBigramInContexts = 12
    public static let trigramInContexts = 13
    public static let numberInContexts = 14
    public static let numberMissing = 15
    public static let numberInAlignedSentence = 16
    public static let nameInContexts = 17
    public static let nameMissing = 18
    public static let alignedSentenceScore = 19
    public static let matchedInAlignment = 20
    public static let inserted = 21
    public static let replaced = 22
    /// First of one column per `LexicalRelation` case, set for replaced tokens only.
    public static let relation = 23
    public static let negation = relation + LexicalRelation.allCases.count
    public static let alignedSentenceHasNegation = negation + 1
    public static let negationMismatch = negation + 2
    public static let inverseFrequency = negation + 3
    public static let contextCount = negation + 4
    public static let sentenceCoverage = negation + 5
    /// Set on every token when the item has a question, so the model can tell question answering from
    /// summarisation, whose answers differ in length and style.
    public static let hasQuestion = negation + 6
    /// Set on a number absent from the contexts when a context number lies within 2 % of it, as a
    /// rounded figure ("6.90" for "6.86") would.
    public static let numberApproximate = negation + 7
    /// First of the hashed identity columns, which let the model learn word-specific cues such as "excluding".
    public static let hashed = negation + 8
    public static let hashedWidth = 4
    /// Total number of columns.
    public static let count = hashed + hashedWidth
}

import Foundation
import Tensor
import Text

/// What the energy network reads of one answer: a feature row per edit option and a summary of the tokens no
/// edit touches.
///
/// The contexts enter through these features, which describe how the contexts support each option's words:
/// the alignment features of the span's tokens, and for a replacement, what the context words bring.
public struct EnergyInput: Sendable {
    /// One row per option of every span, spans in order: `optionCount × EnergyInput.optionWidth`.
    public var options: Matrix
    /// Index of the span each option row belongs to.
    public var spanOfOption: [Int]
    /// First option row of each span; the span's rows run to the next span's first row.
    public var firstOption: [Int]
    /// Pooled token features of the tokens outside every span: `1 × PooledFeatures.count`.
    public var fixed: Matrix
    /// False for an answer with no claim, or whose every claim shares no content word with the contexts ("xyz"):
    /// the network was never trained to judge either, and `/verify` abstains on the first and scores the second 0.
    public var makesClaim: Bool

    public var spanCount: Int { firstOption.count }
    public var optionCount: Int { spanOfOption.count }

    /// Rows of option `o` of span `s` start at `firstOption[s]`.
    public func options(ofSpan span: Int) -> Range<Int> {
        let end = span + 1 < firstOption.count ? firstOption[span + 1] : spanOfOption.count
        return firstOption[span]..<end
    }

    /// Columns of an option row: option kind, the span's mean token features, then span and replacement shape.
    public static let optionWidth = 3 + TokenFeatures.count + 10

    /// Builds the rows of every option of `space`, whose spans index into `analysis`.
    public init(space: EditSpace, analysis: AnswerAnalysis) {
        var rows: [Float] = []
        var spanOfOption: [Int] = []
        var firstOption: [Int] = []
        var inSpan = Set<Int>()
        for (index, span) in space.spans.enumerated() {
            firstOption.append(spanOfOption.count)
            inSpan.formUnion(span.tokens)
            let base = EnergyInput.spanFeatures(span, analysis)
            for (option, anchor) in zip(span.options, span.anchors) {
                var row = [Float](repeating: 0, count: EnergyInput.optionWidth)
                switch option {
                case .keep: row[0] = 1
                case .delete: row[1] = 1
                case .replace: row[2] = 1
                }
                row.replaceSubrange(3..<(3 + base.count), with: base)
                if case .replace(let replacement) = option {
                    let shape = EnergyInput.replacementFeatures(replacement, anchor: anchor, span: span, analysis)
                    row.replaceSubrange((EnergyInput.optionWidth - shape.count)..., with: shape)
                }
                rows += row
                spanOfOption.append(index)
            }
        }
        // Only claims count: a greeting or a sources line had raised a right answer's energy above a wrong one's,
        // while the verifier sets such sentences aside.
        let outside = analysis.tokens.indices.filter {
            !inSpan.contains($0) && FeatureExtractor.isContent(analysis.tokens[$0])
                && space.claimSentences.contains(analysis.sentenceOfToken[$0])
        }
        self.options = Matrix(rows: spanOfOption.count, columns: EnergyInput.optionWidth, values: rows)
        self.spanOfOption = spanOfOption
        self.firstOption = firstOption
        self.fixed = Matrix(
            rows: 1, columns: PooledFeatures.count,
            values: PooledFeatures.pool(analysis, tokens: outside).map { Float($0) })
        self.makesClaim = space.makesClaim && !space.isUngrounded
    }

    /// Mean token features of the span, then its length, whether it contains a number or a name, and its share of
    /// its sentence.
    private static func spanFeatures(_ span: EditSpace.Span, _ analysis: AnswerAnalysis) -> [Float] {
        var mean = [Float](repeating: 0, count: TokenFeatures.count)
        for token in span.tokens {
            for column in 0..<TokenFeatures.count { mean[column] += analysis.features[token][column] }
        }
        let count = Float(max(span.tokens.count, 1))
        mean = mean.map { $0 / count }
        let tokens = span.tokens.map { analysis.tokens[$0] }
        let sentenceLength =
            analysis.tokensOfSentence.indices.contains(span.sentence)
            ? analysis.tokensOfSentence[span.sentence].count : span.tokens.count
        return mean + [
            Float(log1p(Double(span.tokens.count))),
            tokens.contains { $0.kind == .number } ? 1 : 0,
            tokens.contains(where: \.isCapitalized) ? 1 : 0,
            Float(span.tokens.count) / Float(max(sentenceLength, 1)),
        ]
    }

    /// Length of the replacement, whether it contains a number or a name, how many of its words the span shares,
    /// and how many of the span's neighbours the context repeats around it.
    private static func replacementFeatures(
        _ replacement: String, anchor: Int, span: EditSpace.Span, _ analysis: AnswerAnalysis
    ) -> [Float] {
        let words = Tokenizer.tokenize(replacement).filter { $0.kind != .punctuation }
        let spanWords = Set(span.tokens.map { analysis.tokens[$0].normalized })
        let shared = words.filter { spanWords.contains($0.normalized) }.count
        return [
            Float(log1p(Double(words.count))),
            words.contains { $0.kind == .number } ? 1 : 0,
            words.contains(where: \.isCapitalized) ? 1 : 0,
            Float(shared) / Float(max(words.count, 1)),
            Float(words.count - span.tokens.count) / 4,
            Float(anchor) / Float(2 * EditSpace.anchorWidth),
        ]
    }
}

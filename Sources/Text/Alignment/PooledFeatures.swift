/// Fixed-length summaries of an answer's token features, read by the logistic-regression baseline and by the
/// energy model.
public enum PooledFeatures {
    /// Number of values `pool` returns: mean, minimum and maximum of every feature column.
    public static let count = 3 * TokenFeatures.count

    /// Returns the mean, minimum and maximum of every feature column over the answer's content tokens.
    public static func pool(_ analysis: AnswerAnalysis) -> [Double] {
        let content = analysis.tokens.indices.filter { FeatureExtractor.isContent(analysis.tokens[$0]) }
        return pool(analysis, tokens: content.isEmpty ? Array(analysis.tokens.indices) : content)
    }

    /// Returns the mean, minimum and maximum of every feature column over the tokens at `tokens`; all zero when
    /// `tokens` is empty.
    public static func pool(_ analysis: AnswerAnalysis, tokens: [Int]) -> [Double] {
        let rows = tokens.map { analysis.features[$0] }
        var pooled: [Double] = []
        pooled.reserveCapacity(count)
        for column in 0..<TokenFeatures.count {
            let values = rows.map { Double($0[column]) }
            pooled.append(values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count))
            pooled.append(values.min() ?? 0)
            pooled.append(values.max() ?? 0)
        }
        return pooled
    }
}

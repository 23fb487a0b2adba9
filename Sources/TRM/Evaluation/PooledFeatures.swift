import Text

/// Fixed-length summaries of an answer's token features, for the logistic-regression baseline.
public enum PooledFeatures {
    /// Returns the mean, minimum and maximum of every feature column over the answer's content tokens.
    public static func pool(_ analysis: AnswerAnalysis) -> [Double] {
        let content = analysis.tokens.indices.filter { FeatureExtractor.isContent(analysis.tokens[$0]) }
        let rows = (content.isEmpty ? Array(analysis.tokens.indices) : content).map { analysis.features[$0] }
        var pooled: [Double] = []
        for column in 0..<TokenFeatures.count {
            let values = rows.map { Double($0[column]) }
            pooled.append(values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count))
            pooled.append(values.min() ?? 0)
            pooled.append(values.max() ?? 0)
        }
        return pooled
    }
}

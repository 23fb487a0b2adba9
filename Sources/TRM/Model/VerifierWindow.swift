import Tensor
import Text

/// One model input: a summary slot followed by up to `tokenSlots` answer tokens, as a features matrix.
///
/// Answers longer than one window are split at sentence boundaries where possible, and each window is
/// verified on its own.
public struct VerifierWindow: Sendable {
    /// `slots x features`; row 0 is the summary slot, rows 1… the tokens, zero rows pad the rest.
    public var features: Matrix
    /// Index into the analysis' tokens for each filled token slot, in slot order.
    public var tokenIndices: [Int]

    /// Splits an analysed answer into windows, packing whole sentences while they fit.
    ///
    /// With `sentences`, only those sentences, by index, go into the windows.
    public static func windows(
        _ analysis: AnswerAnalysis, configuration: TRMConfiguration, sentences: [Int]? = nil
    ) -> [VerifierWindow] {
        let members = sentences.map { $0.map { analysis.tokensOfSentence[$0] } } ?? analysis.tokensOfSentence
        return groups(members, capacity: configuration.tokenSlots).map { indices in
            VerifierWindow(
                features: matrix(indices, analysis, configuration), tokenIndices: indices)
        }
    }

    private static func groups(_ sentences: [[Int]], capacity: Int) -> [[Int]] {
        var groups: [[Int]] = []
        var current: [Int] = []
        for members in sentences {
            if !current.isEmpty, current.count + members.count > capacity {
                groups.append(current)
                current = []
            }
            for index in members {
                if current.count == capacity {
                    groups.append(current)
                    current = []
                }
                current.append(index)
            }
        }
        if !current.isEmpty || groups.isEmpty { groups.append(current) }
        return groups
    }

    private static func matrix(_ indices: [Int], _ analysis: AnswerAnalysis, _ configuration: TRMConfiguration)
        -> Matrix
    {
        let width = configuration.features
        var matrix = Matrix(rows: configuration.slots, columns: width)
        for (slot, index) in indices.enumerated() {
            for column in 0..<width {
                matrix[slot + 1, column] = analysis.features[index][column]
            }
        }

        // The summary slot is the mean of the content tokens, or of all tokens when none is content.
        let content = indices.filter { FeatureExtractor.isContent(analysis.tokens[$0]) }
        let pooled = content.isEmpty ? indices : content
        guard !pooled.isEmpty else { return matrix }
        for index in pooled {
            for column in 0..<width {
                matrix[0, column] += analysis.features[index][column] / Float(pooled.count)
            }
        }
        return matrix
    }
}

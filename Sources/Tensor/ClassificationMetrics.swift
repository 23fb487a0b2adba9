/// Threshold-free and thresholded measures of a binary classifier's scores.
public enum ClassificationMetrics {
    /// Computes the area under the ROC curve: the chance that a random positive outscores a random negative.
    ///
    /// Ties count one half. Returns nil when either class is absent.
    public static func auroc(scores: [Float], labels: [Int]) -> Double? {
        let pairs = zip(scores, labels).sorted { $0.0 < $1.0 }
        let positives = labels.filter { $0 == 1 }.count
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return nil }

        // Mann-Whitney U from mid-ranks, so tied scores share their rank.
        var rankSum = 0.0
        var start = 0
        while start < pairs.count {
            var end = start
            while end + 1 < pairs.count, pairs[end + 1].0 == pairs[start].0 { end += 1 }
            let midRank = Double(start + end) / 2 + 1
            rankSum += midRank * Double(pairs[start...end].filter { $0.1 == 1 }.count)
            start = end + 1
        }
        let u = rankSum - Double(positives * (positives + 1)) / 2
        return u / Double(positives * negatives)
    }

    /// Computes the mean of the true-positive and true-negative rates at `threshold` (score ≥ threshold is 1).
    public static func balancedAccuracy(scores: [Float], labels: [Int], threshold: Float) -> Double? {
        let positives = labels.filter { $0 == 1 }.count
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return nil }

        var truePositives = 0
        var trueNegatives = 0
        for (score, label) in zip(scores, labels) {
            if score >= threshold, label == 1 { truePositives += 1 }
            if score < threshold, label == 0 { trueNegatives += 1 }
        }
        return (Double(truePositives) / Double(positives) + Double(trueNegatives) / Double(negatives)) / 2
    }

    /// Returns the threshold that maximises balanced accuracy on these scores, for fitting on training data.
    public static func bestThreshold(scores: [Float], labels: [Int]) -> Float {
        let candidates = Set(scores).sorted()
        var best: (threshold: Float, accuracy: Double) = (0.5, -1)
        for (index, candidate) in candidates.enumerated() {
            let threshold = index == 0 ? candidate : (candidates[index - 1] + candidate) / 2
            let accuracy = balancedAccuracy(scores: scores, labels: labels, threshold: threshold) ?? 0
            if accuracy > best.accuracy { best = (threshold, accuracy) }
        }
        return best.threshold
    }

    /// Returns the threshold that maximises the mean over groups of each group's balanced accuracy.
    ///
    /// Fitting on the mean over sources, not on the pooled records, keeps one large or easy source from setting
    /// a threshold that fails on the others.
    public static func bestThreshold(scores: [Float], labels: [Int], groups: [String]) -> Float {
        let members = Dictionary(grouping: scores.indices, by: { groups[$0] })
        let candidates = Set(scores).sorted()
        var best: (threshold: Float, accuracy: Double) = (0.5, -1)
        for (index, candidate) in candidates.enumerated() {
            let threshold = index == 0 ? candidate : (candidates[index - 1] + candidate) / 2
            let accuracies = members.keys.sorted().compactMap { members[$0] }.compactMap { indices in
                balancedAccuracy(
                    scores: indices.map { scores[$0] }, labels: indices.map { labels[$0] }, threshold: threshold)
            }
            let mean = accuracies.isEmpty ? 0 : accuracies.reduce(0, +) / Double(accuracies.count)
            if mean > best.accuracy { best = (threshold, mean) }
        }
        return best.threshold
    }
}

import Foundation

/// A logistic regression on standardised features, fitted by full-batch gradient descent with L2.
///
/// Used as the evaluation baseline that reads the same alignment features as the verifier.
public struct LogisticRegression: Sendable {
    public private(set) var weights: [Double]
    public private(set) var bias: Double = 0
    private var means: [Double]
    private var scales: [Double]

    /// Fits the model to `rows` and 0/1 `labels`, with class-balanced weights.
    ///
    /// - Parameters:
    ///   - iterations: Gradient steps. Default: 500.
    ///   - learningRate: Step size. Default: 0.5.
    ///   - l2: Penalty on the weights. Default: 0.001.
    public init(rows: [[Double]], labels: [Int], iterations: Int = 500, learningRate: Double = 0.5, l2: Double = 0.001)
    {
        let width = rows.first?.count ?? 0
        means = (0..<width).map { column in rows.map { $0[column] }.reduce(0, +) / Double(max(rows.count, 1)) }
        scales = (0..<width).map { [means] column in
            let variance = rows.map { pow($0[column] - means[column], 2) }.reduce(0, +) / Double(max(rows.count, 1))
            return variance > 1e-12 ? variance.squareRoot() : 1
        }
        weights = [Double](repeating: 0, count: width)

        let standardized = rows.map(standardize)
        let positives = Double(labels.filter { $0 == 1 }.count)
        let negatives = Double(labels.count) - positives
        let classWeight = { (label: Int) in
            label == 1 ? Double(labels.count) / (2 * max(positives, 1)) : Double(labels.count) / (2 * max(negatives, 1))
        }
        for _ in 0..<iterations {
            var gradient = [Double](repeating: 0, count: width)
            var biasGradient = 0.0
            for (row, label) in zip(standardized, labels) {
                let error = classWeight(label) * (sigmoid(dot(row)) - Double(label))
                for column in 0..<width { gradient[column] += error * row[column] }
                biasGradient += error
            }
            let count = Double(max(labels.count, 1))
            for column in 0..<width {
                weights[column] -= learningRate * (gradient[column] / count + l2 * weights[column])
            }
            bias -= learningRate * biasGradient / count
        }
    }

    /// Returns the probability of label 1 for one feature row.
    public func probability(_ row: [Double]) -> Double {
        sigmoid(dot(standardize(row)))
    }

    private func standardize(_ row: [Double]) -> [Double] {
        zip(row, zip(means, scales)).map { value, statistics in (value - statistics.0) / statistics.1 }
    }

    private func dot(_ row: [Double]) -> Double {
        zip(row, weights).reduce(bias) { $0 + $1.0 * $1.1 }
    }

    private func sigmoid(_ x: Double) -> Double {
        1 / (1 + exp(-x))
    }
}

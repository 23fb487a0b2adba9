import Foundation

/// A histogram family: observations counted into cumulative buckets, with their sum and count, one set per
/// combination of label values.
public final class Histogram: @unchecked Sendable {
    private struct Series {
        /// Observations at or below each upper bound, not yet cumulative.
        var bucketCounts: [Int]
        var sum = 0.0
        var count = 0

        mutating func add(_ value: Double, bucket: Int) {
            bucketCounts[bucket] += 1
            sum += value
            count += 1
        }
    }

    public let name: String
    public let help: String
    public let labelNames: [String]
    /// Upper bounds of the buckets, ascending; the `+Inf` bucket is implied.
    public let upperBounds: [Double]
    // The lock guards `series`.
    private let lock = NSLock()
    private var series: [[String]: Series] = [:]

    /// Creates a histogram family.
    ///
    /// - Parameters:
    ///   - name: Metric name without the `_bucket`, `_sum` and `_count` suffixes.
    ///   - help: One line that describes what is observed, with its unit.
    ///   - labelNames: Names of the labels; `observe` takes one value per name, in this order.
    ///   - upperBounds: Bucket upper bounds. They are sorted, and duplicates and non-finite values are dropped.
    public init(name: String, help: String, labelNames: [String] = [], upperBounds: [Double]) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
        self.upperBounds = Array(Set(upperBounds.filter(\.isFinite))).sorted()
    }

    /// Counts one observation for `labelValues`. NaN is ignored.
    public func observe(_ value: Double, _ labelValues: [String] = []) {
        guard !value.isNaN, labelValues.count == labelNames.count else { return }
        let bucket = upperBounds.firstIndex { value <= $0 } ?? upperBounds.count
        let bucketCount = upperBounds.count + 1
        lock.withLock {
            // Changed in place through the subscript: a copy taken out and stored back made the bucket array
            // shared, so every observation copied it.
            series[labelValues, default: Series(bucketCounts: Array(repeating: 0, count: bucketCount))]
                .add(value, bucket: bucket)
        }
    }

    /// Number of observations for `labelValues`.
    public func count(_ labelValues: [String] = []) -> Int {
        lock.withLock { series[labelValues]?.count ?? 0 }
    }

    /// Renders the family: cumulative `_bucket` lines ending in `le="+Inf"`, then `_sum` and `_count`.
    func exposition() -> String {
        let snapshot = lock.withLock { series }
        var text = PrometheusText.header(name: name, help: help, type: "histogram")
        for labelValues in snapshot.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            guard let entry = snapshot[labelValues] else { continue }
            let labels = Array(zip(labelNames, labelValues))

            var cumulative = 0
            for (index, bucketCount) in entry.bucketCounts.enumerated() {
                cumulative += bucketCount
                let bound = index < upperBounds.count ? PrometheusText.number(upperBounds[index]) : "+Inf"
                text += PrometheusText.sample(name + "_bucket", labels + [("le", bound)], Double(cumulative))
            }
            text += PrometheusText.sample(name + "_sum", labels, entry.sum)
            text += PrometheusText.sample(name + "_count", labels, Double(entry.count))
        }
        return text
    }
}

import Foundation

/// A counter family: monotonically increasing totals, one per combination of label values.
public final class Counter: @unchecked Sendable {
    public let name: String
    public let help: String
    public let labelNames: [String]
    // The lock guards `values`.
    private let lock = NSLock()
    private var values: [[String]: Double] = [:]

    /// Creates a counter family.
    ///
    /// - Parameters:
    ///   - name: Metric name, ending in `_total` by Prometheus convention.
    ///   - help: One line that describes what is counted.
    ///   - labelNames: Names of the labels; `increment` takes one value per name, in this order.
    public init(name: String, help: String, labelNames: [String] = []) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
    }

    /// Adds `amount` to the total for `labelValues`. A negative or non-finite amount is ignored, so the total
    /// never decreases.
    public func increment(_ labelValues: [String] = [], by amount: Double = 1) {
        guard amount >= 0, amount.isFinite, labelValues.count == labelNames.count else { return }
        lock.withLock { values[labelValues, default: 0] += amount }
    }

    /// Returns the total for `labelValues`, or 0 before the first increment.
    public func value(_ labelValues: [String] = []) -> Double {
        lock.withLock { values[labelValues] ?? 0 }
    }

    /// Renders the family, with its samples sorted by label values so that scrapes are stable.
    func exposition() -> String {
        let snapshot = lock.withLock { values }
        var text = PrometheusText.header(name: name, help: help, type: "counter")
        for labelValues in snapshot.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let labels = Array(zip(labelNames, labelValues))
            text += PrometheusText.sample(name, labels, snapshot[labelValues] ?? 0)
        }
        return text
    }
}

import Foundation

/// Formats benchmark rows as Markdown and writes them between fixed markers of a file.
enum BenchTable {
    struct Row {
        var name: String
        var clients: Int
        /// Milliseconds per request.
        var latencies: [Double]
        var seconds: Double
    }

    static func markdown(_ rows: [Row]) -> String {
        var lines = [
            "| path | clients | requests | p50 ms | p90 ms | p99 ms | requests/s |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for row in rows {
            let sorted = row.latencies.sorted()
            func percentile(_ share: Double) -> String {
                guard !sorted.isEmpty else { return "n/a" }
                let index = min(Int((Double(sorted.count) * share).rounded(.up)) - 1, sorted.count - 1)
                return String(format: "%.1f", sorted[max(index, 0)])
            }
            let rate = String(format: "%.0f", Double(sorted.count) / max(row.seconds, 1e-9))
            lines.append(
                "| \(row.name) | \(row.clients) | \(sorted.count) | \(percentile(0.5)) | \(percentile(0.9)) | "
                    + "\(percentile(0.99)) | \(rate) |")
        }
        return lines.joined(separator: "\n")
    }

    static func write(_ table: String, command: String, to path: String) throws {
        let date = Date().formatted(.iso8601.year().month().day())
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let body = """
            Measured on \(date) with `\(command)`, release build, \(cores) cores, one BLAS thread per request.
            Latency is per request as the client sees it; the machine is shared, so compare rows of one run.

            \(table)
            """
        try MarkdownSection(name: "bench", heading: "Latency and throughput").write(body, to: path)
    }
}

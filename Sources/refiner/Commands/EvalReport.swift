import Foundation

/// Writes an evaluation table into the benchmarks file, with the date, the command and the checkpoint.
enum EvalReport {
    static func write(_ table: String, version: String, command: String, to path: String) throws {
        let date = Date().formatted(.iso8601.year().month().day())
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let body = """
            Measured on \(date) with `\(command)` (checkpoint \(version), \(cores) cores).
            Baselines are fitted on the training file. Every threshold for balanced accuracy is fitted on the
            training file, one for answers to a question and one for summaries, each maximising the mean balanced
            accuracy over its sources.

            \(table)
            """
        try MarkdownSection(name: "eval", heading: "Verifier quality").write(body, to: path)
    }
}

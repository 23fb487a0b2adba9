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
            accuracy over its sources. The summary thresholds of the verifier and of the logistic regression are
            fitted on each summary domain scored by a model trained without it (`refiner calibrate`).

            \(table)
            """
        try MarkdownSection(name: "eval", heading: "Verifier quality").write(body, to: path)
    }

    static func writeEnergy(_ table: String, paths: [String], steps: Int, command: String, to path: String) throws {
        let date = Date().formatted(.iso8601.year().month().day())
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let body = """
            Measured on \(date) with `\(command)` (\(steps) refinement steps, seed 1, \(cores) cores; checkpoints \(
            paths.map { "`\($0)`" }.joined(separator: ", "))).
            Closer, farther and exact: shares of unsupported answers with a reference whose refined text is nearer
            to the reference in word edit distance, farther from it, or equal to it. Changed: share of supported
            answers whose text changed. Flip rate: share of answers in which descent decoded to another choice,
            before the check that keeps it only if the energy fell. The naive repair replaces every span of up to
            \(EnergyEvaluation.naiveSpanLimit) words that has aligned context words; the reference-guided bound
            chooses the edits with the reference in hand, which bounds what any energy can reach in these edits.

            \(table)
            """
        try MarkdownSection(name: "ebm", heading: "Energy model and refinement").write(body, to: path)
    }
}

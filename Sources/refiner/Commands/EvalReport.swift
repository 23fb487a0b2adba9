import Foundation

/// Writes an evaluation table into a Markdown file between fixed markers, keeping the rest of the file.
enum EvalReport {
    static let begin = "<!-- eval:begin -->"
    static let end = "<!-- eval:end -->"

    static func write(_ table: String, version: String, command: String, to path: String) throws {
        let date = Date().formatted(.iso8601.year().month().day())
        let machine = ProcessInfo.processInfo.hostName
        let section = """
            \(begin)
            Measured on \(date) with `\(command)` (checkpoint \(version), \(ProcessInfo.processInfo.activeProcessorCount) cores, host \(machine)).
            Baselines are fitted on the training file. Every threshold for balanced accuracy is fitted on the training file, one for answers to a question and one for summaries, each maximising the mean over its sources.

            \(table)
            \(end)
            """
        let existing = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "# Benchmarks\n"
        let updated: String
        if let start = existing.range(of: begin), let stop = existing.range(of: end), start.lowerBound < stop.upperBound
        {
            updated = existing.replacingCharacters(in: start.lowerBound..<stop.upperBound, with: section)
        } else {
            updated = existing + "\n## Verifier quality\n\n" + section + "\n"
        }
        try updated.write(toFile: path, atomically: true, encoding: .utf8)
    }
}

import Foundation

/// A block of a Markdown file between two HTML comment markers, which a command rewrites in place.
struct MarkdownSection {
    /// Marker name: the block runs from `<!-- name:begin -->` to `<!-- name:end -->`.
    var name: String
    /// Heading written above the block when the file does not have it yet.
    var heading: String

    /// Replaces the block in the file at `path` with `body`, or appends it under `heading`; keeps the rest.
    func write(_ body: String, to path: String) throws {
        let begin = "<!-- \(name):begin -->"
        let end = "<!-- \(name):end -->"
        let block = begin + "\n" + body + "\n" + end
        let existing = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "# Benchmarks\n"

        let updated: String
        if let start = existing.range(of: begin), let stop = existing.range(of: end), start.lowerBound < stop.upperBound
        {
            updated = existing.replacingCharacters(in: start.lowerBound..<stop.upperBound, with: block)
        } else {
            updated = existing + "\n## \(heading)\n\n" + block + "\n"
        }
        try updated.write(toFile: path, atomically: true, encoding: .utf8)
    }
}

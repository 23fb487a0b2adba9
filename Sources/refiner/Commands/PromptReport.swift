import Foundation
import Service

/// The file `refiner optimize-prompt` writes: the best prompt, its scores, the front and the iterations.
///
/// `refinement.promptFile` reads its `prompt` key.
struct PromptReport {
    var result: PromptOptimizer.Result
    var data: String
    var budget: Int

    /// Writes the report as JSON, through a temporary file renamed into place.
    func write(to path: String) throws {
        let best = result.candidates[result.best]
        let object: [String: Any] = [
            "prompt": best.prompt,
            "scores": [
                "pareto_mean": rounded(best.mean),
                "per_record": Dictionary(
                    uniqueKeysWithValues: zip(result.paretoRecords, best.scores).map { id, score -> (String, Any) in
                        (id, score.map(rounded) ?? NSNull())
                    }
                ),
            ] as [String: Any],
            "seed_pareto_mean": rounded(result.candidates[0].mean),
            "front": result.front.map { member in
                [
                    "index": member.index, "wins": member.wins,
                    "pareto_mean": rounded(result.candidates[member.index].mean),
                    "prompt": result.candidates[member.index].prompt,
                ] as [String: Any]
            },
            "iterations": result.iterations.map { iteration in
                [
                    "iteration": iteration.number, "parent": iteration.parent,
                    "parent_minibatch": rounded(iteration.parentScore),
                    "child_minibatch": iteration.childScore.map { rounded($0) as Any } ?? NSNull(),
                    "kept": iteration.kept.map { $0 as Any } ?? NSNull(), "note": iteration.note,
                    "calls": iteration.calls,
                ] as [String: Any]
            },
            "calls": result.calls,
            "budget": budget,
            "data": data,
            "created": ISO8601DateFormatter().string(from: Date()),
        ]
        let json = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        try json.write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else {
            throw Arguments.ParseError(
                description: "cannot write --output \(path): \(String(cString: strerror(errno)))")
        }
    }

    private func rounded(_ value: Double) -> Double {
        (value * 10_000).rounded() / 10_000
    }
}

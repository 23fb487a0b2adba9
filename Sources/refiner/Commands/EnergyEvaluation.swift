import EBM
import Foundation
import Tensor
import Text

/// Per source figures of energy models and of the naive repair, on one labelled data file.
///
/// For each model: energy AUROC; on unsupported answers with a reference, the shares refined closer to it, farther
/// from it, and onto it exactly, in word edit distance; on supported answers, the share changed at all; the share
/// of requests in which descent decoded to another choice (`flip rate`); and the share of descent steps that
/// lowered the energy. The naive repair replaces every short span that has an aligned context replacement.
struct EnergyEvaluation {
    struct Row {
        var source: String
        var method: String
        var auroc: Double?
        var closer: Double
        var farther: Double
        var exact: Double
        var changed: Double
        var flipRate: Double?
        var descending: Double?
    }

    /// Longest span, in tokens, that the naive repair replaces.
    static let naiveSpanLimit = 4

    let rows: [Row]

    /// Measures each checkpoint on `records`, whose prepared examples are `examples`, in the same order.
    init(
        checkpoints: [(name: String, checkpoint: EBMCheckpoint)], records: [LabelledRecord],
        examples: [EnergyExample], extractor: FeatureExtractor, steps: Int
    ) {
        var rows: [Row] = []
        let sources = Set(examples.map(\.source)).sorted()
        for source in sources {
            let indices = examples.indices.filter { examples[$0].source == source }
            let members = indices.map { examples[$0] }
            let naive = members.map { example in
                let choices = example.space.spans.map { span in
                    span.tokens.count <= EnergyEvaluation.naiveSpanLimit
                        ? span.options.firstIndex { if case .replace = $0 { true } else { false } } ?? 0 : 0
                }
                return RepairOutcome(example, choices: choices)
            }
            rows.append(EnergyEvaluation.row(source, "naive repair", naive, auroc: nil, refined: false))
            // The best reachable: the edits chosen with the reference in hand, which bounds what any energy can do.
            let oracle = members.map { RepairOutcome($0, choices: $0.target ?? $0.space.keepAll) }
            rows.append(EnergyEvaluation.row(source, "reference-guided bound", oracle, auroc: nil, refined: false))
            for (name, checkpoint) in checkpoints {
                let network = EnergyNetwork(configuration: checkpoint.header.configuration)
                // Accepted edits are confirmed on the edited answer read afresh, as `/refine` confirms them.
                let outcomes = indices.parallelMap { index in
                    let record = records[index]
                    let contexts = ContextIndex(contexts: record.contexts)
                    return RepairOutcome(
                        examples[index], network: network, parameters: checkpoint.parameters,
                        schedule: checkpoint.schedule(hasQuestion: examples[index].hasQuestion), steps: steps,
                        seed: 1
                    ) { text in
                        let analysis = extractor.analyze(answer: text, question: record.question, contexts: contexts)
                        let space = EditSpace(
                            answer: text, analysis: analysis, contexts: contexts, question: record.question)
                        return network.energyAsWritten(
                            EnergyInput(space: space, analysis: analysis), checkpoint.parameters)
                    }
                }
                let energies = outcomes.map { $0.refinement?.originalEnergy ?? 0 }
                let auroc = ClassificationMetrics.auroc(scores: energies.map { -$0 }, labels: members.map(\.label))
                rows.append(EnergyEvaluation.row(source, name, outcomes, auroc: auroc, refined: true))
            }
        }
        self.rows = rows
    }

    private static func row(
        _ source: String, _ method: String, _ outcomes: [RepairOutcome], auroc: Double?, refined: Bool
    )
        -> Row
    {
        func share(_ flag: (RepairOutcome) -> Bool, among group: (RepairOutcome) -> Bool) -> Double {
            let members = outcomes.filter(group)
            return members.isEmpty ? 0 : Double(members.filter(flag).count) / Double(members.count)
        }
        let steps = outcomes.flatMap { outcome in
            zip(outcome.refinement?.stepEnergies ?? [], (outcome.refinement?.stepEnergies ?? []).dropFirst()).map {
                $1 < $0
            }
        }
        return Row(
            source: source, method: method, auroc: auroc,
            closer: share(\.closer, among: \.hasReference), farther: share(\.farther, among: \.hasReference),
            exact: share(\.exact, among: \.hasReference), changed: share(\.changed, among: \.isSupported),
            flipRate: refined ? share({ $0.refinement?.flipped ?? false }, among: { _ in true }) : nil,
            descending: refined && !steps.isEmpty ? Double(steps.filter { $0 }.count) / Double(steps.count) : nil)
    }

    func markdownTable() -> String {
        var lines = [
            "| source | method | energy AUROC | closer | farther | exact | changed | flip rate | steps lowering E |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for row in rows {
            lines.append(
                "| \(row.source) | \(row.method) | \(format(row.auroc)) | \(format(row.closer)) | "
                    + "\(format(row.farther)) | \(format(row.exact)) | \(format(row.changed)) | "
                    + "\(format(row.flipRate)) | \(format(row.descending)) |")
        }
        return lines.joined(separator: "\n")
    }

    private func format(_ value: Double?) -> String {
        value.map { String(format: "%.3f", $0) } ?? "–"
    }
}

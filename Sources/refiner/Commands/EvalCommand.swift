import EBM
import Foundation
import TRM
import Tensor
import Text

/// `refiner eval`: measures the verifier per source beside two baselines fitted on the training file.
enum EvalCommand {
    static let help = """
        Usage: refiner eval --data FILE [options]

        Prints, per source, the verifier's AUROC and balanced accuracy, and beside them two baselines fitted on
        the training file: answer length alone, and a logistic regression on the verifier's alignment features.

        Options:
          --data FILE         Labelled answers to evaluate (required).
          --train FILE        Data the baselines are fitted on. Default: train.jsonl beside --data.
          --checkpoint FILE   Verifier checkpoint. Default: Config/models/trm.ckpt.
          --ebm FILES         Energy checkpoints to measure, separated by commas, each named by its training
                              method in the table. Default: the files in Config/models/ebm-methods/.
          --steps N           Refinement steps per answer, 1-8. Default: 3.
          --markdown FILE     Also write the tables into this Markdown file, between eval and ebm markers.
          --wordnet DIR       WordNet database folder. Default: $REFINER_WORDNET_DIR or /usr/share/wordnet.
        """

    static func run(_ rawArguments: [String]) throws {
        let arguments = try Arguments(
            rawArguments, options: ["data", "train", "checkpoint", "markdown", "wordnet", "ebm", "steps"])
        if arguments.wantsHelp {
            print(help)
            return
        }
        guard let dataPath = arguments.string("data") else {
            throw Arguments.ParseError(description: "--data is required; see refiner eval --help")
        }
        let trainPath =
            arguments.string("train")
            ?? URL(fileURLWithPath: dataPath).deletingLastPathComponent().appendingPathComponent("train.jsonl").path
        // Work is spread over the cores by splitting batches, so each BLAS call stays on one thread.
        BLAS.setThreadCount(1)
        let checkpoint = try TRMCheckpoint.load(path: arguments.string("checkpoint") ?? "Config/models/trm.ckpt")
        let extractor = FeatureExtractor(wordNet: try TrainCommand.loadWordNet(arguments.string("wordnet")))

        let steps = try arguments.integer("steps", in: 1...8) ?? 3
        let energyPaths =
            arguments.string("ebm").map { $0.split(separator: ",").map(String.init) } ?? defaultEnergyPaths()
        let evaluated = try LabelledRecord.load(path: dataPath)
        let evaluation = try Evaluation(
            checkpoint: checkpoint, extractor: extractor, evaluated: evaluated,
            baselineTraining: LabelledRecord.load(path: trainPath))
        let table = evaluation.markdownTable()
        print(table)

        var energyTable: String?
        if !energyPaths.isEmpty {
            let checkpoints = try energyPaths.map { path in
                let checkpoint = try EBMCheckpoint.load(path: path)
                return (name: checkpoint.header.options.method.rawValue, checkpoint: checkpoint)
            }
            let examples = evaluated.parallelMap { EnergyExample(record: $0, extractor: extractor) }
            let table = EnergyEvaluation(
                checkpoints: checkpoints, records: evaluated, examples: examples, extractor: extractor, steps: steps
            ).markdownTable()
            print(table)
            energyTable = table
        }

        if let markdownPath = arguments.string("markdown") {
            let command = "refiner eval --data \(dataPath)"
            try EvalReport.write(table, version: checkpoint.header.version, command: command, to: markdownPath)
            if let energyTable {
                try EvalReport.writeEnergy(
                    energyTable, paths: energyPaths, steps: steps, command: command, to: markdownPath)
            }
            print("wrote the tables into \(markdownPath)")
        }
    }

    /// The energy checkpoints of every training method shipped in Config/models/ebm-methods, in method order.
    static func defaultEnergyPaths() -> [String] {
        EnergyTrainer.Method.allCases.map { "Config/models/ebm-methods/\($0.rawValue).ckpt" }
            .filter { FileManager.default.fileExists(atPath: $0) }
    }
}

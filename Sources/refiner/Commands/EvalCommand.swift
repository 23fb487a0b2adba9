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
          --markdown FILE     Also write the table into this Markdown file, between eval markers.
          --wordnet DIR       WordNet database folder. Default: $REFINER_WORDNET_DIR or /usr/share/wordnet.
        """

    static func run(_ rawArguments: [String]) throws {
        let arguments = try Arguments(
            rawArguments, options: ["data", "train", "checkpoint", "markdown", "wordnet"])
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

        let evaluation = try Evaluation(
            checkpoint: checkpoint, extractor: extractor, evaluated: LabelledRecord.load(path: dataPath),
            baselineTraining: LabelledRecord.load(path: trainPath))
        let table = evaluation.markdownTable()
        print(table)

        if let markdownPath = arguments.string("markdown") {
            let command = "refiner eval --data \(dataPath)"
            try EvalReport.write(table, version: checkpoint.header.version, command: command, to: markdownPath)
            print("wrote the table into \(markdownPath)")
        }
    }
}

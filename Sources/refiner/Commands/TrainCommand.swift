import Foundation
import TRM
import Tensor
import Text

/// `refiner train`: fits a model to a labelled data file and writes a checkpoint.
enum TrainCommand {
    static let help = """
        Usage: refiner train --target trm --data FILE --out FILE [options]

        Trains the TRM verifier on a JSON Lines file of labelled answers and writes a checkpoint atomically.

        Options:
          --target trm          Model to train. Only `trm` exists so far.
          --data FILE           Labelled answers, one JSON record per line (required).
          --out FILE            Checkpoint to write (required).
          --epochs N            Passes over the data, 1-200. Default: 10.
          --batch-size N        Examples per optimizer step, 1-1024. Default: 16.
          --learning-rate X     AdamW step size, 0-1. Default: 0.002.
          --seed N              Seed for initialisation and shuffling. Default: 1.
          --wordnet DIR         WordNet database folder. Default: $REFINER_WORDNET_DIR or /usr/share/wordnet.
        """

    static func run(_ rawArguments: [String]) throws {
        let arguments = try Arguments(
            rawArguments,
            options: ["target", "data", "out", "epochs", "batch-size", "learning-rate", "seed", "wordnet"])
        if arguments.wantsHelp {
            print(help)
            return
        }
        guard arguments.string("target") == "trm" else {
            throw Arguments.ParseError(description: "--target must be trm (the only trainable model so far)")
        }
        guard let dataPath = arguments.string("data"), let outPath = arguments.string("out") else {
            throw Arguments.ParseError(description: "--data and --out are required; see refiner train --help")
        }

        var options = TRMTrainer.Options()
        options.epochs = try arguments.integer("epochs", in: 1...200) ?? options.epochs
        options.batchSize = try arguments.integer("batch-size", in: 1...1024) ?? options.batchSize
        options.learningRate = try arguments.float("learning-rate", in: 0...1) ?? options.learningRate
        options.seed = UInt64(try arguments.integer("seed", in: 0...Int(Int32.max)) ?? 1)

        // Work is spread over the cores by splitting batches, so each BLAS call stays on one thread.
        BLAS.setThreadCount(1)
        let extractor = FeatureExtractor(wordNet: try loadWordNet(arguments.string("wordnet")))
        let checkpoint = try train(dataPath: dataPath, options: options, extractor: extractor)
        try checkpoint.save(path: outPath)
        print("wrote \(outPath) version=\(checkpoint.header.version) threshold=\(checkpoint.header.threshold)")
    }

    static func train(dataPath: String, options: TRMTrainer.Options, extractor: FeatureExtractor) throws
        -> TRMCheckpoint
    {
        let started = Date()
        let records = try LabelledRecord.load(path: dataPath)
        let configuration = TRMConfiguration()
        let windows = records.parallelMap { record in
            TrainingWindow.windows(record, extractor: extractor, configuration: configuration)
        }.flatMap { $0 }
        print("features: \(records.count) records, \(windows.count) windows in \(seconds(since: started)) s")

        let network = TRMNetwork(configuration: configuration)
        let reporter = ProgressReporter()
        let parameters = TRMTrainer(network: network, options: options).train(windows) { reporter.report($0) }

        let (metrics, threshold) = trainingMetrics(records, network, parameters, extractor)
        let hash = TRMCheckpoint.dataHash(FileManager.default.contents(atPath: dataPath) ?? Data())
        let stamp = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false))
        let header = TRMCheckpoint.Header(
            version: "trm-" + stamp.filter { $0.isNumber } + "-" + hash.prefix(8), createdAt: stamp,
            configuration: configuration, trainingDataHash: hash, options: options, metrics: metrics,
            threshold: threshold)
        print("trained in \(seconds(since: started)) s; training AUROC \(metrics["train_auroc"] ?? 0)")
        return TRMCheckpoint(header: header, parameters: parameters)
    }

    /// Scores the training records with the trained weights and fits the decision threshold on them.
    private static func trainingMetrics(
        _ records: [LabelledRecord], _ network: TRMNetwork, _ parameters: Parameters, _ extractor: FeatureExtractor
    ) -> ([String: Double], Float) {
        let scores = records.parallelMap { record in
            VerifierScoring.score(record, network: network, parameters: parameters, extractor: extractor)
        }
        let labels = records.map(\.label)
        let threshold = ClassificationMetrics.bestThreshold(
            scores: scores, labels: labels, groups: records.map(\.source))
        let metrics = [
            "train_auroc": ClassificationMetrics.auroc(scores: scores, labels: labels) ?? 0,
            "train_balanced_accuracy": ClassificationMetrics.balancedAccuracy(
                scores: scores, labels: labels, threshold: threshold) ?? 0,
        ]
        return (metrics, threshold)
    }

    static func loadWordNet(_ path: String?) throws -> WordNet {
        let directory = path ?? ProcessInfo.processInfo.environment["REFINER_WORDNET_DIR"] ?? "/usr/share/wordnet"
        return try WordNet.load(directory: directory)
    }

    static func seconds(since start: Date) -> String {
        String(format: "%.1f", Date().timeIntervalSince(start))
    }
}

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
          --target trm|ebm      Model to train: the verifier, or the energy model (see --target ebm --help).
          --data FILE           Labelled answers, one JSON record per line (required).
          --out FILE            Checkpoint to write (required).
          --epochs N            Passes over the data, 1-200. Default: 10.
          --batch-size N        Examples per optimizer step, 1-1024. Default: 16.
          --learning-rate X     AdamW step size, 0-1. Default: 0.002.
          --members N           Networks trained with different seeds, whose predictions are averaged, 1-8.
                                Default: 3.
          --seed N              Seed for initialisation, shuffling and augmentation. Default: 1.
          --no-augmentation     Train on the data file only, without synthetic copied and changed sentences.
          --wordnet DIR         WordNet database folder. Default: $REFINER_WORDNET_DIR or /usr/share/wordnet.
        """

    static func run(_ rawArguments: [String]) throws {
        // The energy model has options of its own, so its arguments go to its command unparsed.
        if let flag = rawArguments.firstIndex(of: "--target"), rawArguments.dropFirst(flag + 1).first == "ebm" {
            try EnergyTrainCommand.run(rawArguments)
            return
        }
        let arguments = try Arguments(
            rawArguments,
            options: [
                "target", "data", "out", "epochs", "batch-size", "learning-rate", "seed", "wordnet", "members",
            ],
            flags: ["no-augmentation"])
        if arguments.wantsHelp {
            print(help)
            return
        }
        guard arguments.string("target") == "trm" else {
            throw Arguments.ParseError(description: "--target must be trm or ebm")
        }
        guard let dataPath = arguments.string("data"), let outPath = arguments.string("out") else {
            throw Arguments.ParseError(description: "--data and --out are required; see refiner train --help")
        }

        var options = TRMTrainer.Options()
        options.epochs = try arguments.integer("epochs", in: 1...200) ?? options.epochs
        options.batchSize = try arguments.integer("batch-size", in: 1...1024) ?? options.batchSize
        options.learningRate = try arguments.float("learning-rate", in: 0...1) ?? options.learningRate
        options.members = try arguments.integer("members", in: 1...8) ?? options.members
        options.seed = UInt64(try arguments.integer("seed", in: 0...Int(Int32.max)) ?? 1)

        // Work is spread over the cores by splitting batches, so each BLAS call stays on one thread.
        BLAS.setThreadCount(1)
        let extractor = FeatureExtractor(wordNet: try loadWordNet(arguments.string("wordnet")))
        let checkpoint = try train(
            dataPath: dataPath, options: options, extractor: extractor, augment: !arguments.flag("no-augmentation"))
        try checkpoint.save(path: outPath)
        print("wrote \(outPath) version=\(checkpoint.header.version) thresholds=\(checkpoint.header.thresholds)")
    }

    static func train(
        dataPath: String, options: TRMTrainer.Options, extractor: FeatureExtractor, augment: Bool
    ) throws -> TRMCheckpoint {
        let started = Date()
        let records = try LabelledRecord.load(path: dataPath)
        let (network, members) = trainMembers(records, options: options, extractor: extractor, augment: augment)

        let (metrics, thresholds) = trainingMetrics(records, network, members, extractor)
        let hash = TRMCheckpoint.dataHash(FileManager.default.contents(atPath: dataPath) ?? Data())
        let stamp = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false))
        let header = TRMCheckpoint.Header(
            version: "trm-" + stamp.filter { $0.isNumber } + "-" + hash.prefix(8), createdAt: stamp,
            configuration: network.configuration, trainingDataHash: hash, options: options, metrics: metrics,
            thresholds: thresholds)
        print("trained in \(seconds(since: started)) s; training AUROC \(metrics["train_auroc"] ?? 0)")
        return TRMCheckpoint(header: header, members: members)
    }

    /// Trains `options.members` networks on `records`, each with its own seed, and returns their EMA weights.
    static func trainMembers(
        _ records: [LabelledRecord], options: TRMTrainer.Options, extractor: FeatureExtractor, augment: Bool
    ) -> (TRMNetwork, [Parameters]) {
        let started = Date()
        var augmentation = Augmentation(records: records, seed: options.seed)
        let synthetic = augment ? augmentation.records(from: records) : []
        print("augmentation: \(synthetic.count) synthetic records")
        let configuration = TRMConfiguration()
        let windows = (records + synthetic).parallelMap { record in
            TrainingWindow.windows(record, extractor: extractor, configuration: configuration)
        }.flatMap { $0 }
        print(
            "features: \(records.count + synthetic.count) records, \(windows.count) windows in \(seconds(since: started)) s"
        )

        let network = TRMNetwork(configuration: configuration)
        var members: [Parameters] = []
        for member in 0..<options.members {
            print("member \(member + 1) of \(options.members)")
            var memberOptions = options
            memberOptions.seed = options.seed &+ UInt64(member) &* 7919
            let reporter = ProgressReporter()
            members.append(TRMTrainer(network: network, options: memberOptions).train(windows) { reporter.report($0) })
        }
        return (network, members)
    }

    /// Scores the training records with the trained weights and fits the decision thresholds on them.
    private static func trainingMetrics(
        _ records: [LabelledRecord], _ network: TRMNetwork, _ members: [Parameters], _ extractor: FeatureExtractor
    ) -> ([String: Double], TaskThresholds) {
        let scores = records.parallelMap { record in
            VerifierScoring.score(record, network: network, members: members, extractor: extractor)
        }
        let labels = records.map(\.label)
        let hasQuestion = records.map(\.question.isPresentQuestion)
        let thresholds = TaskThresholds.fit(
            scores: scores, labels: labels, sources: records.map(\.source), hasQuestion: hasQuestion)
        let margins = thresholds.margins(scores: scores, hasQuestion: hasQuestion)
        let metrics = [
            "train_auroc": ClassificationMetrics.auroc(scores: scores, labels: labels) ?? 0,
            "train_balanced_accuracy": ClassificationMetrics.balancedAccuracy(
                scores: margins, labels: labels, threshold: 0) ?? 0,
        ]
        return (metrics, thresholds)
    }

    static func loadWordNet(_ path: String?) throws -> WordNet {
        let directory = path ?? ProcessInfo.processInfo.environment["REFINER_WORDNET_DIR"] ?? "/usr/share/wordnet"
        return try WordNet.load(directory: directory)
    }

    static func seconds(since start: Date) -> String {
        String(format: "%.1f", Date().timeIntervalSince(start))
    }
}

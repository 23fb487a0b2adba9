import Foundation
import TRM
import Tensor
import Text

/// `refiner calibrate`: refits a verifier checkpoint's decision thresholds on sources held out from training.
enum CalibrateCommand {
    static let help = """
        Usage: refiner calibrate --checkpoint FILE --data FILE [options]

        Refits the decision thresholds of a verifier checkpoint on sources it was not trained on. For each
        source of a task with two or more sources (the summary domains, say), one network is trained on every
        other record and scores the held-out source; the task's threshold is then fitted on those scores, so
        it reflects how the model scores a domain it has never seen. A task with one source keeps its
        threshold. The weights are unchanged; the checkpoint gets a new version.

        Options:
          --checkpoint FILE     Verifier checkpoint to calibrate (required).
          --data FILE           The labelled answers it was trained on (required).
          --out FILE            Where to write the calibrated checkpoint. Default: --checkpoint, replaced atomically.
          --epochs N            Passes over the data for each held-out network, 1-200. Default: the checkpoint's.
          --no-augmentation     Train the held-out networks without synthetic records.
          --wordnet DIR         WordNet database folder. Default: $REFINER_WORDNET_DIR or /usr/share/wordnet.
        """

    static func run(_ rawArguments: [String]) throws {
        let arguments = try Arguments(
            rawArguments, options: ["checkpoint", "data", "out", "epochs", "wordnet"], flags: ["no-augmentation"])
        if arguments.wantsHelp {
            print(help)
            return
        }
        guard let checkpointPath = arguments.string("checkpoint"), let dataPath = arguments.string("data") else {
            throw Arguments.ParseError(
                description: "--checkpoint and --data are required; see refiner calibrate --help")
        }
        var checkpoint = try TRMCheckpoint.load(path: checkpointPath)
        var options = checkpoint.header.options
        options.epochs = try arguments.integer("epochs", in: 1...200) ?? options.epochs
        options.members = 1

        BLAS.setThreadCount(1)
        let extractor = FeatureExtractor(wordNet: try TrainCommand.loadWordNet(arguments.string("wordnet")))
        let records = try LabelledRecord.load(path: dataPath)
        let augment = !arguments.flag("no-augmentation")
        let started = Date()

        let calibration = try HeldOutThresholds(
            labels: records.map(\.label), sources: records.map(\.source),
            hasQuestion: records.map(\.question.isPresentQuestion), fallback: checkpoint.header.thresholds
        ) { training, heldOut in
            let held = heldOut.map { records[$0] }
            print("holding out \(held.first?.source ?? "?"): training on \(training.count) records")
            var settings = TRMTrainingRun.Settings()
            settings.options = options
            settings.configuration = checkpoint.header.configuration
            settings.augment = augment
            let reporter = ProgressReporter()
            let trained = try TRMTrainingRun(extractor: extractor, settings: settings).run(
                training.map { records[$0] }, progress: { reporter.report($0) })
            reporter.finish()
            let network = TRMNetwork(configuration: trained.header.configuration)
            let members = trained.memberParameters()
            return held.parallelMap { record in
                VerifierScoring.score(record, network: network, members: members, extractor: extractor)
            }
        }

        for result in calibration.results {
            print(
                "held out \(result.source): \(result.records) records, AUROC \(format(result.auroc)), "
                    + "balanced accuracy \(format(result.balancedAccuracy))")
            checkpoint.header.metrics["held_out_auroc.\(result.source)"] = result.auroc
            checkpoint.header.metrics["held_out_balanced_accuracy.\(result.source)"] = result.balancedAccuracy
        }
        let before = checkpoint.header.thresholds
        checkpoint.header.thresholds = calibration.thresholds
        let stamp = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false))
        checkpoint.header.version =
            "trm-" + stamp.filter { $0.isNumber } + "-" + checkpoint.header.trainingDataHash.prefix(8)
        checkpoint.header.createdAt = stamp

        let outPath = arguments.string("out") ?? checkpointPath
        try checkpoint.save(path: outPath)
        print(
            "calibrated in \(TrainCommand.seconds(since: started)) s: thresholds \(before) -> \(calibration.thresholds); "
                + "wrote \(outPath) version=\(checkpoint.header.version)")
    }

    private static func format(_ value: Double?) -> String {
        value.map { String(format: "%.3f", $0) } ?? "n/a"
    }
}

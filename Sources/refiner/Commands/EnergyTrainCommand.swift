import EBM
import Foundation
import TRM
import Tensor
import Text

/// `refiner train --target ebm`: trains the energy model by contrastive divergence and writes a checkpoint.
enum EnergyTrainCommand {
    static let help = """
        Usage: refiner train --target ebm --data FILE --out FILE [options]

        Trains the energy model on a JSON Lines file of labelled answers: positives are supported answers and
        unsupported ones edited towards their references, negatives are unsupported answers and Langevin chain
        samples. Prints per epoch the loss, and on a held-out tenth of the records the energy gap and AUROC. Then
        fits refinement's step size and noise on the training records and writes the checkpoint atomically.

        Options:
          --method cd1|pcd|fpcd   Where the chains start: at the data, in persistent chains, or in persistent
                                  chains under fast weights. Default: pcd.
          --epochs N              Passes over the data, 1-200. Default: 12.
          --batch-size N          Examples per update, 1-1024. Default: 32.
          --learning-rate X       AdamW step size, 0-1. Default: 0.002.
          --seed N                Seed for initialisation, shuffling and chains. Default: 1.
          --pair-weight X         Weight of the ranking pairs within one answer's edits, 0-100. Default: 1.
          --wordnet DIR           WordNet database folder. Default: $REFINER_WORDNET_DIR or /usr/share/wordnet.
        """

    static func run(_ rawArguments: [String]) throws {
        let arguments = try Arguments(
            rawArguments,
            options: [
                "target", "data", "out", "method", "epochs", "batch-size", "learning-rate", "seed", "wordnet",
                "pair-weight",
            ])
        if arguments.wantsHelp {
            print(help)
            return
        }
        guard let dataPath = arguments.string("data"), let outPath = arguments.string("out") else {
            throw Arguments.ParseError(
                description: "--data and --out are required; see refiner train --target ebm --help")
        }
        var options = EnergyTrainer.Options()
        if let method = arguments.string("method") {
            guard let parsed = EnergyTrainer.Method(rawValue: method) else {
                throw Arguments.ParseError(description: "--method must be cd1, pcd or fpcd, not \(method)")
            }
            options.method = parsed
        }
        options.epochs = try arguments.integer("epochs", in: 1...200) ?? options.epochs
        options.batchSize = try arguments.integer("batch-size", in: 1...1024) ?? options.batchSize
        options.learningRate = try arguments.float("learning-rate", in: 0...1) ?? options.learningRate
        options.seed = UInt64(try arguments.integer("seed", in: 0...Int(Int32.max)) ?? 1)
        options.pairWeight = try arguments.float("pair-weight", in: 0...100) ?? options.pairWeight

        BLAS.setThreadCount(1)
        let extractor = FeatureExtractor(wordNet: try TrainCommand.loadWordNet(arguments.string("wordnet")))
        let started = Date()
        let records = try LabelledRecord.load(path: dataPath)
        var settings = EnergyTrainingRun.Settings()
        settings.options = options
        settings.dataHash = TRMCheckpoint.dataHash(FileManager.default.contents(atPath: dataPath) ?? Data())
        let run = EnergyTrainingRun(extractor: extractor, settings: settings)
        let heldOut = records.filter { EnergyTrainingRun.isHeldOut($0.id, fraction: settings.heldOutFraction) }.count
        print("training on \(records.count - heldOut) records, \(heldOut) held out")

        let checkpoint = try run.run(
            records,
            progress: { progress in
                guard let report = progress.epoch else {
                    if progress.fraction < 1 {
                        print("features extracted in \(TrainCommand.seconds(since: started)) s")
                    }
                    return
                }
                print(
                    String(
                        format: "epoch %d/%d loss %.4f held-out energy gap %.3f AUROC %.3f (%.0f s)", report.epoch,
                        progress.epochs, report.loss, report.energyGap, report.auroc ?? .nan,
                        Date().timeIntervalSince(started)))
            },
            schedules: printSchedules)
        try checkpoint.save(path: outPath)
        let header = checkpoint.header
        print(
            "wrote \(outPath) version=\(header.version) schedules \(header.schedule) and \(header.summarySchedule) "
                + "in \(TrainCommand.seconds(since: started)) s")
    }

    private static func printSchedules(_ report: EnergyTrainingRun.ScheduleReport) {
        print(report.hasQuestion ? "schedules for answers to a question:" : "schedules for summaries:")
        for outcome in report.outcomes {
            print(
                String(
                    format: "step size %6.1f noise %.1f start %.1f: closer %.3f farther %.3f changed %.3f",
                    outcome.schedule.stepSize, outcome.schedule.noise, outcome.schedule.startLogit,
                    outcome.closer, outcome.farther, outcome.changed))
        }
    }
}

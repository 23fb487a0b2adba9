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
          --wordnet DIR           WordNet database folder. Default: $REFINER_WORDNET_DIR or /usr/share/wordnet.
        """

    static func run(_ rawArguments: [String]) throws {
        let arguments = try Arguments(
            rawArguments,
            options: ["target", "data", "out", "method", "epochs", "batch-size", "learning-rate", "seed", "wordnet"])
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

        BLAS.setThreadCount(1)
        let extractor = FeatureExtractor(wordNet: try TrainCommand.loadWordNet(arguments.string("wordnet")))
        let started = Date()
        let records = try LabelledRecord.load(path: dataPath)
        let examples = records.parallelMap { EnergyExample(record: $0, extractor: extractor) }
        // A tenth of the records, chosen by a hash of their ids, is held out for the per-epoch figures.
        let heldOut = records.indices.filter { isHeldOut(records[$0].id) }
        let heldOutSet = Set(heldOut)
        let training = examples.indices.filter { !heldOutSet.contains($0) }.map { examples[$0] }
        let targets = training.filter { $0.target != nil }.count
        print(
            "features: \(examples.count) records (\(training.count) training, \(heldOut.count) held out), "
                + "\(targets) with a repair target, in \(TrainCommand.seconds(since: started)) s")

        let network = EnergyNetwork(configuration: EnergyConfiguration())
        let trainer = EnergyTrainer(network: network, options: options)
        let parameters = trainer.train(training, heldOut: heldOut.map { examples[$0] }) { report in
            print(
                String(
                    format: "epoch %d/%d loss %.4f held-out energy gap %.3f AUROC %.3f (%.0f s)", report.epoch,
                    options.epochs, report.loss, report.energyGap, report.auroc ?? .nan,
                    Date().timeIntervalSince(started)))
        }

        // Answers to a question and summaries get a schedule each, as they get a threshold each in the verifier.
        var schedules: [Bool: Refinement.Schedule] = [:]
        for hasQuestion in [true, false] {
            let task = training.filter { $0.hasQuestion == hasQuestion }
            guard !task.isEmpty else { continue }
            let (schedule, outcomes) = ScheduleFit.fit(
                task, network: network, parameters: parameters, steps: 3, seed: options.seed)
            print(hasQuestion ? "schedules for answers to a question:" : "schedules for summaries:")
            for outcome in outcomes {
                print(
                    String(
                        format: "step size %6.1f noise %.1f start %.1f: closer %.3f farther %.3f changed %.3f",
                        outcome.schedule.stepSize, outcome.schedule.noise, outcome.schedule.startLogit,
                        outcome.closer, outcome.farther, outcome.changed))
            }
            schedules[hasQuestion] = schedule
        }
        let fallback = Refinement.Schedule(stepSize: 1, noise: 0, startLogit: EnergyConfiguration().choiceLogit)
        let schedule = schedules[true] ?? schedules[false] ?? fallback
        let summarySchedule = schedules[false] ?? schedule
        let energies = training.map { example in
            network.energy(
                example.input, logits: network.configuration.logits(choosing: example.space.keepAll, in: example.input),
                parameters
            ).energy
        }
        let calibration = EnergyCalibration.fit(energies: energies, labels: training.map(\.label))
        let (gap, auroc) = EnergyTrainer.measure(heldOut.map { examples[$0] }, network: network, parameters: parameters)

        let hash = TRMCheckpoint.dataHash(FileManager.default.contents(atPath: dataPath) ?? Data())
        let stamp = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false))
        let header = EBMCheckpoint.Header(
            version: "ebm-\(options.method.rawValue)-" + stamp.filter { $0.isNumber } + "-" + hash.prefix(8),
            createdAt: stamp, configuration: network.configuration, trainingDataHash: hash, options: options,
            schedule: schedule, summarySchedule: summarySchedule, calibration: calibration,
            metrics: ["held_out_auroc": auroc ?? 0, "held_out_energy_gap": Double(gap)])
        try EBMCheckpoint(header: header, parameters: parameters).save(path: outPath)
        print(
            "wrote \(outPath) version=\(header.version) schedules \(schedule) and \(summarySchedule) "
                + "in \(TrainCommand.seconds(since: started)) s")
    }

    /// True for about one record in ten, fixed by the record's id so every run holds out the same ones.
    static func isHeldOut(_ id: String) -> Bool {
        (UInt64(TRMCheckpoint.dataHash(Data(id.utf8)), radix: 16) ?? 0) % 10 == 0
    }
}

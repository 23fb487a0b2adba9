import Foundation
import Service
import TRM
import Tensor
import Text

/// `refiner train`: fits a model to a labelled data file and writes a checkpoint.
enum TrainCommand {
    static let help = """
        Usage: refiner train --target trm --data FILE (--out FILE | --checkpoint-dir DIR) [options]

        Trains the TRM verifier on a JSON Lines file of labelled answers and writes a checkpoint atomically.
        Progress is a bar on a terminal and one plain line per epoch or 10 seconds otherwise.

        Options:
          --target trm|ebm|refusal
                                Model to train: the verifier, the energy model (see --target ebm --help) or the
                                refusal classifier (see --target refusal --help).
          --data FILE           Labelled answers, one JSON record per line (required).
          --out FILE            Checkpoint file to write.
          --checkpoint-dir DIR  Write a new version of --model into this folder as MODEL@VERSION.ckpt, which
                                serving replicas sharing the folder load, and remove old versions past --keep.
          --model NAME          Model name for --checkpoint-dir. Default: default.
          --keep N              Versions of the model kept in --checkpoint-dir, 1-1000. Default: 3.
          --resume FILE         Continue training from this checkpoint's weights. Its network sizes and member
                                count are kept; the optimizer state starts afresh, since checkpoints do not hold it.
          --epochs N            Passes over the data, 1-200. Default: 10.
          --batch-size N        Examples per optimizer step, 1-1024. Default: 16.
          --learning-rate X     AdamW step size, 0-1. Default: 0.002.
          --members N           Networks trained with different seeds, whose predictions are averaged, 1-8.
                                Default: 3. Ignored with --resume.
          --held-out X          Share of the records kept out of training and measured, 0-0.5. Default: 0.
          --seed N              Seed for initialisation, shuffling and augmentation. Default: 1.
          --no-augmentation     Train on the data file only, without synthetic copied and changed sentences.
          --wordnet DIR         WordNet database folder. Default: $REFINER_WORDNET_DIR or /usr/share/wordnet.
        """

    static func run(_ rawArguments: [String]) throws {
        // The energy model has options of its own, so its arguments go to its command unparsed.
        if let flag = rawArguments.firstIndex(of: "--target") {
            switch rawArguments.dropFirst(flag + 1).first {
            case "ebm":
                try EnergyTrainCommand.run(rawArguments)
                return
            case "refusal":
                try RefusalTrainCommand.run(rawArguments)
                return
            default: break
            }
        }
        let arguments = try Arguments(
            rawArguments,
            options: [
                "target", "data", "out", "epochs", "batch-size", "learning-rate", "seed", "wordnet", "members",
                "resume", "checkpoint-dir", "model", "keep", "held-out",
            ],
            flags: ["no-augmentation"])
        if arguments.wantsHelp {
            print(help)
            return
        }
        guard arguments.string("target") == "trm" else {
            throw Arguments.ParseError(description: "--target must be trm, ebm or refusal")
        }
        let destination = try Destination(arguments)
        guard let dataPath = arguments.string("data") else {
            throw Arguments.ParseError(description: "--data is required; see refiner train --help")
        }
        let settings = try settings(arguments, dataPath: dataPath)

        // Work is spread over the cores by splitting batches, so each BLAS call stays on one thread.
        BLAS.setThreadCount(1)
        let extractor = FeatureExtractor(wordNet: try loadWordNet(arguments.string("wordnet")))
        let checkpoint = try train(dataPath: dataPath, settings: settings, extractor: extractor)
        let path = try destination.write(checkpoint)
        print("wrote \(path) version=\(checkpoint.header.version) thresholds=\(checkpoint.header.thresholds)")
    }

    /// Reads the training settings from the options, and the resume checkpoint when one is named.
    private static func settings(_ arguments: Arguments, dataPath: String) throws -> TRMTrainingRun.Settings {
        var settings = TRMTrainingRun.Settings()
        var options = settings.options
        options.epochs = try arguments.integer("epochs", in: 1...200) ?? options.epochs
        options.batchSize = try arguments.integer("batch-size", in: 1...1024) ?? options.batchSize
        options.learningRate = try arguments.float("learning-rate", in: 0...1) ?? options.learningRate
        options.members = try arguments.integer("members", in: 1...8) ?? options.members
        options.seed = UInt64(try arguments.integer("seed", in: 0...Int(Int32.max)) ?? 1)
        settings.options = options
        settings.heldOutFraction = Double(try arguments.float("held-out", in: 0...0.5) ?? 0)
        settings.augment = !arguments.flag("no-augmentation")
        settings.dataHash = TRMCheckpoint.dataHash(FileManager.default.contents(atPath: dataPath) ?? Data())
        if let resume = arguments.string("resume") {
            settings.resume = try TRMCheckpoint.load(path: resume)
            print("resuming from \(resume) version=\(settings.resume?.header.version ?? "")")
        }
        return settings
    }

    static func train(
        dataPath: String, settings: TRMTrainingRun.Settings, extractor: FeatureExtractor
    ) throws -> TRMCheckpoint {
        let started = Date()
        let records = try LabelledRecord.load(path: dataPath)
        print("data: \(records.count) records from \(dataPath)")
        let reporter = ProgressReporter()
        let run = TRMTrainingRun(extractor: extractor, settings: settings)
        let checkpoint = try run.run(records, isCancelled: { false }) { progress in
            reporter.report(progress)
        }
        reporter.finish()
        let metrics = checkpoint.header.metrics.sorted { $0.key < $1.key }
            .map { "\($0.key)=\(String(format: "%.4f", $0.value))" }.joined(separator: " ")
        print("trained in \(seconds(since: started)) s; \(metrics)")
        return checkpoint
    }

    static func loadWordNet(_ path: String?) throws -> WordNet {
        let directory = path ?? ProcessInfo.processInfo.environment["REFINER_WORDNET_DIR"] ?? "/usr/share/wordnet"
        return try WordNet.load(directory: directory)
    }

    static func seconds(since start: Date) -> String {
        String(format: "%.1f", Date().timeIntervalSince(start))
    }
}

/// The destination of `refiner train`: one checkpoint file, or a new version in a checkpoint folder.
private enum Destination {
    case file(String)
    case folder(CheckpointStore, model: String, keep: Int)

    init(_ arguments: Arguments) throws {
        switch (arguments.string("out"), arguments.string("checkpoint-dir")) {
        case (.some(let path), .none):
            self = .file(path)
        case (.none, .some(let directory)):
            let model = arguments.string("model") ?? "default"
            guard CheckpointStore.isValidModelName(model) else {
                throw Arguments.ParseError(
                    description: "invalid --model \(model): use 1 to 64 ASCII letters, digits, _ or -")
            }
            let keep = try arguments.integer("keep", in: 1...1000) ?? 3
            self = .folder(CheckpointStore(directory: directory), model: model, keep: keep)
        default:
            throw Arguments.ParseError(description: "give exactly one of --out and --checkpoint-dir")
        }
    }

    /// Writes the checkpoint atomically and returns its path.
    func write(_ checkpoint: TRMCheckpoint) throws -> String {
        switch self {
        case .file(let path):
            try checkpoint.save(path: path)
            return path
        case .folder(let store, let model, let keep):
            let path = try store.save(checkpoint, model: model)
            for removed in store.prune(model: model, keep: keep, inUse: [checkpoint.header.version]) {
                print("removed \(removed)")
            }
            return path
        }
    }
}

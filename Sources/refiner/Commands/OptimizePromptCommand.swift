import EBM
import Foundation
import Service
import TRM
import Tensor
import Text
import Upstream

/// `refiner optimize-prompt`: evolves the generation prompt against the upstream, GEPA style.
enum OptimizePromptCommand {
    static let help = """
        Usage: refiner optimize-prompt --data FILE --budget N [options]

        Evolves the system prompt that asks the upstream LLM for answers. Each prompt is scored per record by the
        verifier's support and relevance and by the energy, combined with the weights of the configuration. A
        parent is drawn from the Pareto front by the records it wins, the upstream reflects on its answers to a
        minibatch and proposes a child, and the child is kept only if it beats the parent on that minibatch.
        Prints the scores of every iteration and writes the best prompt, with its scores, to --output; point
        refinement.promptFile or REFINER_PROMPT_FILE at that file to serve it.

        Options:
          --data FILE         JSON Lines records with contexts and an optional question (required).
          --budget N          Upstream calls the whole run may make, 1-100000 (required).
          --records N         Records read from --data, after a seeded shuffle. Default: 40.
          --minibatch N       Records per iteration's minibatch. Default: 3.
          --pareto N          Records every kept prompt is scored on. Default: 8.
          --seed N            Seed of the shuffle, the minibatches and the parent draws. Default: 0.
          --output FILE       Where the best prompt goes. Default: Config/prompt.json.
          --config FILE       Configuration file. Default: Config/default.json.
          --checkpoint DIR    Folder with trm.ckpt and ebm.ckpt. Default: the configuration's.
          --wordnet DIR       WordNet database folder. Default: $REFINER_WORDNET_DIR or /usr/share/wordnet.

        Environment: REFINER_UPSTREAM_URL (required unless the file sets upstream.url), REFINER_UPSTREAM_MODEL,
        REFINER_UPSTREAM_API_KEY.
        """

    static func run(_ rawArguments: [String]) async throws {
        let arguments = try Arguments(
            rawArguments,
            options: [
                "data", "budget", "records", "minibatch", "pareto", "seed", "output", "config", "checkpoint",
                "wordnet",
            ])
        if arguments.wantsHelp {
            print(help)
            return
        }
        guard let dataPath = arguments.string("data") else {
            throw Arguments.ParseError(description: "--data is required; see refiner optimize-prompt --help")
        }
        guard let budget = try arguments.integer("budget", in: 1...100_000) else {
            throw Arguments.ParseError(description: "--budget is required; see refiner optimize-prompt --help")
        }
        var settings = PromptOptimizer.Settings(budget: budget)
        settings.minibatchSize = try arguments.integer("minibatch", in: 1...64) ?? settings.minibatchSize
        settings.paretoSize = try arguments.integer("pareto", in: 1...1000) ?? settings.paretoSize
        settings.seed = UInt64(try arguments.integer("seed", in: 0...Int(Int32.max)) ?? 0)
        let recordLimit = try arguments.integer("records", in: 2...100_000) ?? 40
        let outputPath = arguments.string("output") ?? "Config/prompt.json"

        let configuration = try ServeCommand.loadConfiguration(arguments)
        guard configuration.upstream.isConfigured else {
            throw Arguments.ParseError(
                description: "no upstream is configured: set REFINER_UPSTREAM_URL, such as http://127.0.0.1:9000/v1")
        }
        let records = try loadRecords(dataPath, limit: recordLimit, seed: settings.seed)
        let optimizer = try makeOptimizer(arguments, configuration: configuration, settings: settings)
        let seedPrompt = try configuration.refinement.resolvedGenerationPrompt()

        try checkWritable(outputPath)

        let result = try await optimizer.run(seedPrompt: seedPrompt, records: records) { iteration, pool in
            if iteration.number == 0 {
                print("optimizing the generation prompt on \(records.count) records, budget \(budget) upstream calls")
            }
            print(line(iteration, pool: pool))
        }
        try PromptReport(result: result, data: dataPath, budget: budget).write(to: outputPath)
        print(summary(result, output: outputPath))
    }

    private static func makeOptimizer(
        _ arguments: Arguments, configuration: ServiceConfiguration, settings: PromptOptimizer.Settings
    ) throws -> PromptOptimizer {
        BLAS.setThreadCount(1)
        let directory = arguments.string("checkpoint") ?? configuration.models.checkpointDirectory
        let extractor = FeatureExtractor(
            wordNet: try TrainCommand.loadWordNet(arguments.string("wordnet") ?? configuration.models.wordNetDirectory))
        let verifier = Verifier(
            name: "default",
            checkpoint: try TRMCheckpoint.load(path: "\(directory)/\(configuration.models.verifierCheckpoint)"),
            extractor: extractor)
        let energyModel = EnergyModel(
            name: "default",
            checkpoint: try EBMCheckpoint.load(path: "\(directory)/\(configuration.models.energyCheckpoint)"),
            extractor: extractor)
        // Each call's info line would bury the iteration lines; retries and failures still show.
        var logger = configuration.makeLogger(label: "upstream")
        logger.level = max(logger.level, .warning)
        return PromptOptimizer(
            upstream: UpstreamClient(configuration: configuration.upstream, logger: logger),
            scorer: PromptScorer(
                verifier: verifier, energyModel: energyModel, weights: configuration.refinement.weights),
            prompts: RefinementPrompts(maxPassageCharacters: configuration.refinement.maxPromptCharacters),
            settings: settings)
    }

    /// Checks that `path`'s folder exists and is writable, before any upstream call is spent.
    private static func checkWritable(_ path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw Arguments.ParseError(description: "--output \(path): the folder \(folder) does not exist")
        }
        guard access(folder, W_OK) == 0 else {
            throw Arguments.ParseError(description: "--output \(path): the folder \(folder) is not writable")
        }
    }

    /// Reads records with contexts from a JSON Lines file, shuffles them with the seed and keeps `limit`.
    static func loadRecords(_ path: String, limit: Int, seed: UInt64) throws -> [PromptOptimizer.Record] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Arguments.ParseError(description: "cannot read --data \(path)")
        }
        var records: [PromptOptimizer.Record] = []
        for (number, line) in text.split(separator: "\n").enumerated() where !line.allSatisfy(\.isWhitespace) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let contexts = object["contexts"] as? [String], !contexts.isEmpty
            else {
                throw Arguments.ParseError(
                    description: "\(path) line \(number + 1) is not a JSON object with a contexts list of strings")
            }
            let id = object["id"] as? String ?? "line-\(number + 1)"
            records.append(PromptOptimizer.Record(id: id, question: object["question"] as? String, contexts: contexts))
        }
        var generator = SeededGenerator(seed: seed)
        return Array(records.shuffled(using: &generator).prefix(limit))
    }

    private static func line(_ iteration: PromptOptimizer.Iteration, pool: [PromptOptimizer.Candidate]) -> String {
        let front = PromptOptimizer.front(pool).map { "\($0.index) wins \($0.wins)" }.joined(separator: ", ")
        guard iteration.number > 0 else {
            return "seed: Pareto mean \(format(pool[0].mean)) [calls \(iteration.calls)]"
        }
        var text =
            "iteration \(iteration.number): parent \(iteration.parent) minibatch \(format(iteration.parentScore))"
        if let child = iteration.childScore { text += " -> child \(format(child))" }
        text += ", \(iteration.note)"
        if let kept = iteration.kept { text += "; prompt \(kept) Pareto mean \(format(pool[kept].mean))" }
        return text + "; front {\(front)} [calls \(iteration.calls)]"
    }

    private static func summary(_ result: PromptOptimizer.Result, output: String) -> String {
        let best = result.candidates[result.best]
        return """
            best prompt \(result.best) of \(result.candidates.count), Pareto mean \(format(best.mean)) (seed \
            \(format(result.candidates[0].mean))), \(result.calls) upstream calls; wrote \(output)
            """
    }

    static func format(_ value: Double) -> String {
        String(format: "%.3f", value)
    }
}

import Foundation

OpenBLASCoreType.restartIfNeeded()

let usage = """
    Usage: refiner <command> [options]

    Commands:
      serve   Start the HTTP service.
      train   Train a model from a JSON Lines data file and write a checkpoint.
      calibrate
              Refit a verifier's decision thresholds on sources held out from training.
      eval    Measure the verifier and two baselines on a labelled data file.
      bench   Measure /verify latency and verifier throughput.
      optimize-prompt
              Evolve the upstream's generation prompt from verifier and energy feedback.

    Run `refiner <command> --help` for the options of a command.
    """

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    FileHandle.standardError.write(Data((usage + "\n").utf8))
    exit(2)
}
let rest = Array(arguments.dropFirst())

do {
    switch command {
    case "serve":
        try await ServeCommand.run(rest)
    case "train":
        try TrainCommand.run(rest)
    case "calibrate":
        try CalibrateCommand.run(rest)
    case "eval":
        try EvalCommand.run(rest)
    case "bench":
        try await BenchCommand.run(rest)
    case "optimize-prompt":
        try await OptimizePromptCommand.run(rest)
    case "--help", "-h", "help":
        print(usage)
    default:
        FileHandle.standardError.write(Data("unknown command \(command)\n\n\(usage)\n".utf8))
        exit(2)
    }
} catch let error as Arguments.ParseError {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}

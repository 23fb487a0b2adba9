import Foundation
import TRM

/// Prints training progress: a line rewritten in place on a terminal, plain lines otherwise.
final class ProgressReporter: @unchecked Sendable {
    // Only the training loop calls `report`, from one thread.
    private let isTerminal = isatty(STDOUT_FILENO) == 1
    private var lastPrinted = Date.distantPast

    func report(_ progress: TrainingProgress) {
        let finishedEpoch = progress.step == progress.stepsPerEpoch
        guard finishedEpoch || Date().timeIntervalSince(lastPrinted) >= (isTerminal ? 0.2 : 10) else { return }
        lastPrinted = Date()

        let line = String(
            format: "epoch %d/%d step %d/%d loss %.4f examples/s %.0f time left %.0f s", progress.epoch,
            progress.epochs, progress.step, progress.stepsPerEpoch, progress.loss, progress.examplesPerSecond,
            progress.secondsLeft)
        if isTerminal {
            print("\r" + line, terminator: finishedEpoch ? "\n" : "")
        } else {
            print(line)
        }
        fflush(nil)
    }
}

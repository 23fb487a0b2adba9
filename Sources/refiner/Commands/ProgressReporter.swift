import Foundation
import TRM

/// Prints training progress: a bar redrawn in place on a terminal, plain lines otherwise.
final class ProgressReporter: @unchecked Sendable {
    // Only the training loop calls `report` and `finish`, from one thread.
    private let isTerminal: Bool
    private var lastPrinted = Date.distantPast
    private var drewBar = false
    /// Cells of the bar between its brackets.
    static let barWidth = 30

    init(isTerminal: Bool = isatty(STDOUT_FILENO) == 1) {
        self.isTerminal = isTerminal
    }

    func report(_ progress: TRMTrainingRun.Progress) {
        guard let step = progress.step else { return }
        let finishedEpoch = step.step == step.stepsPerEpoch
        guard finishedEpoch || Date().timeIntervalSince(lastPrinted) >= (isTerminal ? 0.2 : 10) else { return }
        lastPrinted = Date()

        let details = String(
            format: "member %d/%d epoch %d/%d step %d/%d loss %.4f examples/s %.0f member time left %.0f s",
            progress.member, progress.members, step.epoch, step.epochs, step.step, step.stepsPerEpoch, step.loss,
            step.examplesPerSecond, step.secondsLeft)
        if isTerminal {
            print("\r\u{1B}[2K" + Self.bar(progress.fraction) + " " + details, terminator: "")
            drewBar = true
        } else {
            print(String(format: "progress %.1f%% ", progress.fraction * 100) + details)
        }
        fflush(nil)
    }

    /// Ends the bar's line, so the next output starts on a fresh one.
    func finish() {
        if drewBar { print("") }
        drewBar = false
    }

    /// Returns a bar such as `[#########.....] 62%` for a fraction from 0 to 1.
    static func bar(_ fraction: Double) -> String {
        let clamped = min(max(fraction.isFinite ? fraction : 0, 0), 1)
        let filled = Int((clamped * Double(barWidth)).rounded(.down))
        let cells = String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled)
        return "[\(cells)] " + String(format: "%3.0f%%", clamped * 100)
    }
}

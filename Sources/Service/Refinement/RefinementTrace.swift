import Foundation

/// The stages `/refine` ran, each with its duration and result, timed from one stage's end to the next's.
struct RefinementTrace: Sendable {
    struct Stage: Sendable, Encodable, Equatable {
        var stage: String
        var durationMs: Double
        var result: String

        enum CodingKeys: String, CodingKey {
            case stage
            case durationMs = "duration_ms"
            case result
        }
    }

    private(set) var stages: [Stage] = []
    private var lastLap = ContinuousClock.now

    /// Records a stage that ended now and began where the previous one ended.
    mutating func lap(_ stage: String, _ result: String) {
        let now = ContinuousClock.now
        let elapsed = now - lastLap
        lastLap = now
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        stages.append(Stage(stage: stage, durationMs: (milliseconds * 10).rounded() / 10, result: result))
    }
}

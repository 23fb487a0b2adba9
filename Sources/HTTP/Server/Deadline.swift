/// A point on the monotonic clock by which a socket operation must finish.
struct Deadline: Sendable {
    let instant: ContinuousClock.Instant

    /// Maximum delay a deadline can have, about 31,700 years, so converting huge timeouts cannot overflow.
    static let maxMilliseconds = 1e15

    /// Creates a deadline `seconds` from now, rounded up to whole milliseconds.
    static func after(seconds: Double) -> Deadline {
        let milliseconds = min(max(seconds * 1000, 0), maxMilliseconds).rounded(.up)
        return Deadline(instant: .now + .milliseconds(Int64(milliseconds)))
    }

    var hasPassed: Bool { instant <= .now }

    /// Returns the milliseconds left, rounded up, for `poll`: 0 once passed, at most `Int32.max`.
    func pollTimeout() -> Int32 {
        let remaining = instant - .now
        guard remaining > .zero else { return 0 }

        let (seconds, attoseconds) = remaining.components
        let milliseconds = seconds.multipliedReportingOverflow(by: 1000)
        guard !milliseconds.overflow, milliseconds.partialValue < Int64(Int32.max) - 1 else { return Int32.max }
        let fraction = (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(milliseconds.partialValue + fraction)
    }
}

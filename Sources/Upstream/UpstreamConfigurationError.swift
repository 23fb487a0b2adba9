/// An invalid field of `UpstreamClient.Configuration`, found by `validate()`.
public struct UpstreamConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field's name as the `upstream` section of the configuration file spells it.
    public var field: String
    /// The problem with the value, such as "must be positive, got -1".
    public var problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { "invalid upstream configuration: \(field) \(problem)" }
}

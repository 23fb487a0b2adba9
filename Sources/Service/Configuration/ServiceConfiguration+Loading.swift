import Foundation
import Logging

/// A configuration file or override that cannot be used, with what to fix.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

extension ServiceConfiguration {
    /// Reads a JSON configuration file; keys it leaves out keep their defaults.
    ///
    /// - Throws: `ConfigurationError` naming the file and the invalid key.
    public static func load(path: String) throws -> ServiceConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(description: "cannot read configuration file \(path)")
        }
        let configuration: ServiceConfiguration
        do {
            configuration = try JSONDecoder().decode(ServiceConfiguration.self, from: data)
        } catch {
            throw ConfigurationError(description: "invalid configuration file \(path): \(error)")
        }
        do {
            try configuration.validate()
        } catch {
            throw ConfigurationError(description: "invalid configuration file \(path): \(error)")
        }
        return configuration
    }

    /// Checks the values a file or the environment may set wrongly: log level and format, positive limits, and
    /// the polling, retention and training settings.
    ///
    /// - Throws: `ConfigurationError` naming the key and the accepted values.
    public func validate() throws {
        guard Logger.Level(name: logging.level) != nil else {
            throw ConfigurationError(
                description: "logging.level \(logging.level) is invalid: use trace, debug, info, notice, warning, "
                    + "error or critical")
        }
        guard Logger.Format(rawValue: logging.format) != nil else {
            throw ConfigurationError(description: "logging.format \(logging.format) is invalid: use logfmt or json")
        }
        let limits = [
            ("limits.maxContexts", self.limits.maxContexts),
            ("limits.maxContextCharacters", self.limits.maxContextCharacters),
            ("limits.maxAnswerCharacters", self.limits.maxAnswerCharacters),
            ("limits.maxQuestionCharacters", self.limits.maxQuestionCharacters),
        ]
        for (key, value) in limits where value <= 0 {
            throw ConfigurationError(description: "\(key) must be positive, got \(value)")
        }
        try validateTraining()
        try refinement.validate()
    }

    /// Applies the `REFINER_*` environment variables over the file's values.
    ///
    /// - Throws: `ConfigurationError` naming a variable whose value is invalid.
    public mutating func applyEnvironment(_ environment: [String: String]) throws {
        if let host = environment["REFINER_HOST"] { server.host = host }
        if let port = environment["REFINER_PORT"] { server.port = try Self.port(port, source: "REFINER_PORT") }
        if let level = environment["REFINER_LOG_LEVEL"] {
            guard Logger.Level(name: level) != nil else {
                throw ConfigurationError(
                    description:
                        "invalid REFINER_LOG_LEVEL \(level): use trace, debug, info, notice, warning, error or critical"
                )
            }
            logging.level = level.lowercased()
        }
        if let format = environment["REFINER_LOG_FORMAT"] {
            guard Logger.Format(rawValue: format) != nil else {
                throw ConfigurationError(description: "invalid REFINER_LOG_FORMAT \(format): use logfmt or json")
            }
            logging.format = format
        }
        if let directory = environment["REFINER_CHECKPOINT_DIR"] { models.checkpointDirectory = directory }
        if let directory = environment["REFINER_WORDNET_DIR"] { models.wordNetDirectory = directory }
        if let file = environment["REFINER_OPENAPI_FILE"] { api.openAPIFile = file }
        if let directory = environment["REFINER_DATA_DIR"] { training.dataDirectory = directory }
        if let token = environment["REFINER_ADMIN_TOKEN"] {
            training.adminToken = token.isEmpty ? nil : token
        }
        if let url = environment["REFINER_UPSTREAM_URL"] { upstream.url = url }
        if let model = environment["REFINER_UPSTREAM_MODEL"], !model.isEmpty { upstream.model = model }
        if let key = environment["REFINER_UPSTREAM_API_KEY"] { upstream.apiKey = key.isEmpty ? nil : key }
        if let file = environment["REFINER_PROMPT_FILE"] { refinement.promptFile = file.isEmpty ? nil : file }
    }

    private func validateTraining() throws {
        guard models.pollIntervalSeconds.isFinite, models.pollIntervalSeconds >= 0.05 else {
            throw ConfigurationError(
                description: "models.pollIntervalSeconds must be at least 0.05, got \(models.pollIntervalSeconds)")
        }
        let counts = [
            ("models.retainedVersions", models.retainedVersions, 1),
            ("training.queueLength", training.queueLength, 0),
            ("training.maxExamples", training.maxExamples, 2),
            ("training.retainedJobs", training.retainedJobs, 1),
        ]
        for (key, value, minimum) in counts where value < minimum {
            throw ConfigurationError(description: "\(key) must be at least \(minimum), got \(value)")
        }
        guard (0...0.5).contains(training.heldOutFraction) else {
            throw ConfigurationError(
                description: "training.heldOutFraction must be from 0 to 0.5, got \(training.heldOutFraction)")
        }
    }

    /// Parses a TCP port number, 0-65535.
    public static func port(_ text: String, source: String) throws -> Int {
        guard let port = Int(text), (0...65_535).contains(port) else {
            throw ConfigurationError(description: "invalid \(source) \(text): expected a port number from 0 to 65535")
        }
        return port
    }
}

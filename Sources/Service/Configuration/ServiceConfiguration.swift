import HTTP
import Logging
import Upstream

/// Everything the service reads at start: server, input limits, models, training jobs and logging.
///
/// Values come from `Config/default.json` (or the file given with `--config`), then from environment variables,
/// then from command-line flags; each later source overrides the earlier ones.
public struct ServiceConfiguration: Sendable, Codable, Equatable {
    /// Listening address, size limits and timeouts of the HTTP server.
    public struct Server: Sendable, Codable, Equatable {
        /// Default: `127.0.0.1`. Environment: `REFINER_HOST`.
        public var host = "127.0.0.1"
        /// Default: 8080. Environment: `REFINER_PORT`.
        public var port = 8080
        /// Default: 8,192 bytes.
        public var maxRequestLineBytes = 8192
        /// Default: 32,768 bytes for the whole header section.
        public var maxHeaderBytes = 32_768
        /// Default: 1,048,576 bytes.
        public var maxBodyBytes = 1_048_576
        /// Deadline for the whole header section. Default: 10 seconds.
        public var headerTimeoutSeconds = 10.0
        /// Deadline for the whole body. Default: 30 seconds.
        public var bodyTimeoutSeconds = 30.0
        /// Keep-alive idle time before the server closes a connection. Default: 60 seconds.
        public var idleTimeoutSeconds = 60.0
        /// Default: 1,024 open connections.
        public var maxConnections = 1024

        public init() {}
    }

    /// Input limits of the JSON API; a request past one gets 400 naming the field.
    public struct Limits: Sendable, Codable, Equatable {
        /// Default: 32 contexts per request.
        public var maxContexts = 32
        /// Default: 20,000 characters per context.
        public var maxContextCharacters = 20_000
        /// Default: 4,000 characters per answer.
        public var maxAnswerCharacters = 4000
        /// Default: 2,000 characters per question.
        public var maxQuestionCharacters = 2000

        public init() {}
    }

    /// Locations of the checkpoints and of the WordNet database.
    public struct Models: Sendable, Codable, Equatable {
        /// Folder of checkpoint files. Default: `Config/models`. Environment: `REFINER_CHECKPOINT_DIR`.
        public var checkpointDirectory = "Config/models"
        /// File name of the `default` verifier within the folder. Default: `trm.ckpt`.
        public var verifierCheckpoint = "trm.ckpt"
        /// Energy model checkpoint of the default model, relative to `checkpointDirectory`. Default: `ebm.ckpt`.
        public var energyCheckpoint = "ebm.ckpt"
        /// WordNet 3.0 database folder. Default: `/usr/share/wordnet`. Environment: `REFINER_WORDNET_DIR`.
        public var wordNetDirectory = "/usr/share/wordnet"
        /// Time between two scans of the checkpoint folder for new versions. Default: 5 seconds.
        public var pollIntervalSeconds = 5.0
        /// Versions kept per model when a training job writes a new one; older ones are removed unless served.
        /// Default: 3.
        public var retainedVersions = 3

        public init() {}
    }

    /// Training jobs started over HTTP.
    public struct Training: Sendable, Codable, Equatable {
        /// Folder that `dataset` paths of `POST /train` are resolved in. Default: `data`. Environment:
        /// `REFINER_DATA_DIR`.
        public var dataDirectory = "data"
        /// Jobs that may wait behind the running one; past it `POST /train` gets 429. Default: 4.
        public var queueLength = 4
        /// Share of a job's examples kept out of training and used to measure the result. Default: 0.2.
        public var heldOutFraction = 0.2
        /// Examples per job, inline or from a dataset file. Default: 20,000.
        public var maxExamples = 20_000
        /// Finished jobs whose status stays available. Default: 100.
        public var retainedJobs = 100
        /// Bearer token that `/train` requires; nil disables training over HTTP. Read only from the environment
        /// variable `REFINER_ADMIN_TOKEN`, never from a file, and never logged.
        public var adminToken: String?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case dataDirectory, queueLength, heldOutFraction, maxExamples, retainedJobs
        }
    }

    /// Log level and line format.
    public struct Logging: Sendable, Codable, Equatable {
        /// One of trace, debug, info, notice, warning, error, critical. Default: info. Environment:
        /// `REFINER_LOG_LEVEL`.
        public var level = "info"
        /// `logfmt` or `json`. Default: logfmt. Environment: `REFINER_LOG_FORMAT`.
        public var format = "logfmt"

        public init() {}
    }

    /// Files the API serves about itself.
    public struct API: Sendable, Codable, Equatable {
        /// OpenAPI document served at `GET /openapi.yaml`, read once at start. Default: `openapi.yaml`.
        /// Environment: `REFINER_OPENAPI_FILE`.
        public var openAPIFile = "openapi.yaml"

        public init() {}
    }

    public var server = Server()
    public var limits = Limits()
    public var models = Models()
    public var training = Training()
    public var logging = Logging()
    public var api = API()
    /// The upstream LLM; its `url` is empty when none is configured. Environment: `REFINER_UPSTREAM_URL`,
    /// `REFINER_UPSTREAM_MODEL`, `REFINER_UPSTREAM_API_KEY`.
    public var upstream = UpstreamClient.Configuration()
    public var refinement = Refinement()

    public init() {}

    /// The HTTP server's configuration derived from `server`.
    public var httpConfiguration: HTTPServer.Configuration {
        HTTPServer.Configuration(
            host: server.host, port: server.port, maxRequestLineBytes: server.maxRequestLineBytes,
            maxHeaderBytes: server.maxHeaderBytes, maxBodyBytes: server.maxBodyBytes,
            headerTimeout: server.headerTimeoutSeconds, bodyTimeout: server.bodyTimeoutSeconds,
            idleTimeout: server.idleTimeoutSeconds, maxConnections: server.maxConnections)
    }

    /// Creates a logger with the configured level and line format.
    public func makeLogger(label: String) -> Logger {
        Logger(
            label: label, level: Logger.Level(name: logging.level) ?? .info,
            format: Logger.Format(rawValue: logging.format) ?? .logfmt)
    }
}

// Decoding that keeps the default of every key a configuration file leaves out, so a file may set only the
// values it changes.

extension KeyedDecodingContainer {
    fileprivate func value<Value: Decodable>(_ key: Key, or fallback: Value) throws -> Value {
        try decodeIfPresent(Value.self, forKey: key) ?? fallback
    }
}

extension ServiceConfiguration {
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ServiceConfiguration()
        server = try container.value(.server, or: defaults.server)
        limits = try container.value(.limits, or: defaults.limits)
        models = try container.value(.models, or: defaults.models)
        training = try container.value(.training, or: defaults.training)
        logging = try container.value(.logging, or: defaults.logging)
        api = try container.value(.api, or: defaults.api)
        upstream = try container.value(.upstream, or: defaults.upstream)
        refinement = try container.value(.refinement, or: defaults.refinement)
    }
}

extension ServiceConfiguration.Server {
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        host = try container.value(.host, or: defaults.host)
        port = try container.value(.port, or: defaults.port)
        maxRequestLineBytes = try container.value(.maxRequestLineBytes, or: defaults.maxRequestLineBytes)
        maxHeaderBytes = try container.value(.maxHeaderBytes, or: defaults.maxHeaderBytes)
        maxBodyBytes = try container.value(.maxBodyBytes, or: defaults.maxBodyBytes)
        headerTimeoutSeconds = try container.value(.headerTimeoutSeconds, or: defaults.headerTimeoutSeconds)
        bodyTimeoutSeconds = try container.value(.bodyTimeoutSeconds, or: defaults.bodyTimeoutSeconds)
        idleTimeoutSeconds = try container.value(.idleTimeoutSeconds, or: defaults.idleTimeoutSeconds)
        maxConnections = try container.value(.maxConnections, or: defaults.maxConnections)
    }
}

extension ServiceConfiguration.Limits {
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        maxContexts = try container.value(.maxContexts, or: defaults.maxContexts)
        maxContextCharacters = try container.value(.maxContextCharacters, or: defaults.maxContextCharacters)
        maxAnswerCharacters = try container.value(.maxAnswerCharacters, or: defaults.maxAnswerCharacters)
        maxQuestionCharacters = try container.value(.maxQuestionCharacters, or: defaults.maxQuestionCharacters)
    }
}

extension ServiceConfiguration.Models {
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        checkpointDirectory = try container.value(.checkpointDirectory, or: defaults.checkpointDirectory)
        verifierCheckpoint = try container.value(.verifierCheckpoint, or: defaults.verifierCheckpoint)
        energyCheckpoint = try container.value(.energyCheckpoint, or: defaults.energyCheckpoint)
        wordNetDirectory = try container.value(.wordNetDirectory, or: defaults.wordNetDirectory)
        pollIntervalSeconds = try container.value(.pollIntervalSeconds, or: defaults.pollIntervalSeconds)
        retainedVersions = try container.value(.retainedVersions, or: defaults.retainedVersions)
    }
}

extension ServiceConfiguration.Training {
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        dataDirectory = try container.value(.dataDirectory, or: defaults.dataDirectory)
        queueLength = try container.value(.queueLength, or: defaults.queueLength)
        heldOutFraction = try container.value(.heldOutFraction, or: defaults.heldOutFraction)
        maxExamples = try container.value(.maxExamples, or: defaults.maxExamples)
        retainedJobs = try container.value(.retainedJobs, or: defaults.retainedJobs)
    }
}

extension ServiceConfiguration.API {
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        openAPIFile = try container.value(.openAPIFile, or: Self().openAPIFile)
    }
}

extension ServiceConfiguration.Logging {
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        level = try container.value(.level, or: defaults.level)
        format = try container.value(.format, or: defaults.format)
    }
}

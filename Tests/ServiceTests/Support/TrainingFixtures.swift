import EBM
import Foundation
import HTTP
import Logging
import Service
import TRM
import Tensor
import Text

/// The feature extractor over the system's WordNet, loaded once for every test that builds a registry.
let sharedExtractor = Result { FeatureExtractor(wordNet: try WordNet.load()) }

/// Returns a verifier configuration small enough that a training job on a few dozen examples takes seconds.
func tinyTRMConfiguration() -> TRMConfiguration {
    var configuration = TRMConfiguration()
    configuration.slots = 8
    configuration.width = 4
    configuration.tokenHidden = 4
    configuration.channelHidden = 4
    configuration.blocks = 1
    configuration.latentSteps = 1
    configuration.recursions = 1
    configuration.supervisionSteps = 1
    return configuration
}

/// Returns a valid checkpoint of the tiny network under `version`, with weights drawn from `seed`.
func tinyCheckpoint(version: String, seed: UInt64 = 1) -> TRMCheckpoint {
    let configuration = tinyTRMConfiguration()
    let parameters = TRMNetwork(configuration: configuration).initialParameters(seed: seed)
    let header = TRMCheckpoint.Header(
        version: version, createdAt: "2026-01-01T00:00:00Z", configuration: configuration, trainingDataHash: "0",
        options: TRMTrainer.Options(), metrics: [:],
        thresholds: TaskThresholds.fit(
            scores: [0.2, 0.8], labels: [0, 1], sources: ["a", "a"], hasQuestion: [false, false]))
    return TRMCheckpoint(header: header, parameters: parameters)
}

/// Returns an energy network configuration small enough that a training job on a few dozen examples takes seconds.
func tinyEnergyConfiguration() -> EnergyConfiguration {
    var configuration = EnergyConfiguration()
    configuration.width = 6
    return configuration
}

/// Returns a valid energy checkpoint of the tiny network under `version`, with weights drawn from `seed`.
func tinyEnergyCheckpoint(version: String, seed: UInt64 = 1) -> EBMCheckpoint {
    let configuration = tinyEnergyConfiguration()
    let schedule = Refinement.Schedule(stepSize: 1, noise: 0, startLogit: configuration.choiceLogit)
    let header = EBMCheckpoint.Header(
        version: version, createdAt: "2026-01-01T00:00:00Z", configuration: configuration, trainingDataHash: "0",
        options: EnergyTrainer.Options(), schedule: schedule,
        calibration: EnergyCalibration(slope: -1, intercept: 0), metrics: [:])
    return EBMCheckpoint(
        header: header, parameters: EnergyNetwork(configuration: configuration).initialParameters(seed: seed))
}

/// Returns `count` labelled records, alternating supported and unsupported, with numbers that differ between them.
func syntheticRecords(count: Int) -> [LabelledRecord] {
    let places = ["Ohio", "Texas", "Bavaria", "Osaka", "Ontario", "Lyon"]
    return (0..<count).map { index in
        let place = places[index % places.count]
        let made = 100 + index * 7
        let context =
            "The plant in \(place) made \(made) cars in \(1990 + index % 30). It employs \(index + 40) people."
        let supported = index % 2 == 0
        let answer = supported ? "The \(place) plant made \(made) cars." : "The \(place) plant made \(made + 311) cars."
        return LabelledRecord(
            id: "synthetic-\(index)", source: "synthetic", question: nil, contexts: [context], answer: answer,
            label: supported ? 1 : 0, reference: supported ? nil : "The \(place) plant made \(made) cars.")
    }
}

/// Encodes records as the JSON objects `POST /train` takes in `examples`.
func exampleObjects(_ records: [LabelledRecord]) -> [[String: Any]] {
    records.map { record in
        var object: [String: Any] = [
            "id": record.id, "source": record.source, "contexts": record.contexts, "answer": record.answer,
            "label": record.label,
        ]
        if let question = record.question { object["question"] = question }
        if let reference = record.reference { object["reference"] = reference }
        return object
    }
}

/// A fresh temporary folder, removed with its contents when the value is released.
final class TemporaryDirectory: Sendable {
    let path: String

    init(_ label: String) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Returns the path of `name` inside the folder.
    func file(_ name: String) -> String {
        URL(fileURLWithPath: path).appendingPathComponent(name).path
    }

    /// Names of every entry in the folder, hidden ones included, sorted.
    func entries() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A service of its own with training enabled, tiny TRM and EBM engines, and temporary checkpoint and data folders.
///
/// The shipped checkpoints are copied into the checkpoint folder as the default models' starting versions.
struct TrainingService: Sendable {
    static let token = "test-admin-token-5e1f"

    let server: HTTPServer
    let port: Int
    let service: RefinerService
    let checkpoints: TemporaryDirectory
    let data: TemporaryDirectory
    let logs: LogSink

    static func start(queueLength: Int = 2, token: String? = TrainingService.token, heldOutFraction: Double = 0.2)
        async throws -> TrainingService
    {
        let checkpoints = try TemporaryDirectory("train-checkpoints")
        let data = try TemporaryDirectory("train-data")
        for name in ["trm.ckpt", "ebm.ckpt"] {
            let shipped = try repositoryRoot().appendingPathComponent("Config/models/\(name)").path
            try FileManager.default.copyItem(atPath: shipped, toPath: checkpoints.file(name))
        }

        var configuration = ServiceConfiguration()
        configuration.server.port = 0
        configuration.server.maxBodyBytes = 4 << 20
        configuration.models.checkpointDirectory = checkpoints.path
        configuration.models.retainedVersions = 2
        configuration.training.dataDirectory = data.path
        configuration.training.queueLength = queueLength
        configuration.training.heldOutFraction = heldOutFraction
        configuration.training.adminToken = token
        let logs = LogSink.memory()
        let logger = Logger(label: "training-tests", level: .info, format: .logfmt, sink: logs)

        let registry = ModelRegistry()
        try await registry.loadDefault(configuration.models, logger: logger, extractor: sharedExtractor.get())
        let engine = TRMTrainingEngine(
            registry: registry, logger: logger, retainedVersions: configuration.models.retainedVersions,
            configuration: tinyTRMConfiguration())
        let energyEngine = EBMTrainingEngine(
            registry: registry, logger: logger, retainedVersions: configuration.models.retainedVersions,
            configuration: tinyEnergyConfiguration())
        let service = RefinerService(
            configuration: configuration, registry: registry, logger: logger, trainingEngines: [engine, energyEngine])
        let server = HTTPServer(configuration: configuration.httpConfiguration, logger: logger) { request in
            await service.handle(request)
        }
        let port = try server.start()
        return TrainingService(
            server: server, port: port, service: service, checkpoints: checkpoints, data: data, logs: logs)
    }

    /// Sends a request with the admin token, or with `authorization` in its place when given.
    func send(
        _ method: String, _ path: String, body: [String: Any]? = nil, authorization: String? = "Bearer \(token)"
    ) async throws -> RawResponse {
        var headers: [String: String] = [:]
        if let authorization { headers["Authorization"] = authorization }
        var bytes: [UInt8] = []
        if let body {
            headers["Content-Type"] = "application/json"
            bytes = Array(try JSONSerialization.data(withJSONObject: body))
        }
        return try await RawHTTPClient.send(port: port, RawRequest(method, path, headers: headers, body: bytes))
    }

    /// Polls a job until it finishes or `timeout` seconds pass, and returns its last status.
    func waitForJob(_ statusURL: String, timeout: Double = 120) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let status = try await send("GET", statusURL).json()
            let state = status["state"] as? String ?? ""
            if ["succeeded", "failed", "cancelled"].contains(state) || Date() > deadline { return status }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Polls a job until it runs and has made at least one optimizer step.
    func waitUntilStepping(_ statusURL: String, timeout: Double = 60) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let status = try await send("GET", statusURL).json()
            if (status["step"] as? Int ?? 0) > 0 || status["state"] as? String != "running" || Date() > deadline {
                return status
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Polls a job until it runs and has finished at least one epoch.
    func waitUntilEpoch(_ statusURL: String, timeout: Double = 60) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let status = try await send("GET", statusURL).json()
            if (status["epoch"] as? Int ?? 0) > 0 || status["state"] as? String != "running" || Date() > deadline {
                return status
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Polls a job until it runs and has done at least `share` of its work, 0-1.
    func waitUntilProgress(_ statusURL: String, atLeast share: Double, timeout: Double = 120) async throws
        -> [String: Any]
    {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let status = try await send("GET", statusURL).json()
            let progress = status["progress"] as? Double ?? 0
            if progress >= share || status["state"] as? String != "running" || Date() > deadline {
                return status
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    func shutdown() async {
        server.shutdown()
        await server.waitUntilStopped()
    }
}

import Foundation
import HTTP
import Logging
import Service
import TRM
import Text

/// Returns the folder of `Package.swift` above this file.
func repositoryRoot(file: String = #filePath) throws -> URL {
    var folder = URL(fileURLWithPath: file).deletingLastPathComponent()
    while folder.path != "/" {
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
            return folder
        }
        folder = folder.deletingLastPathComponent()
    }
    throw RawClientError(description: "no Package.swift above \(file)")
}

/// The service on a real HTTP server on 127.0.0.1, with the shipped checkpoint and the system's WordNet.
///
/// The server runs until the test process exits, because every suite shares it.
struct ServiceHarness: Sendable {
    let server: HTTPServer
    let port: Int
    /// Version in the header of the checkpoint the service loaded.
    let checkpointVersion: String
    let configuration: ServiceConfiguration

    /// Loads the models, then starts the server on a port the kernel picks.
    ///
    /// The checkpoint is copied to a temporary folder first, so a training run that replaces the shipped file
    /// cannot change it between the service's load and the test's own read of its version.
    ///
    /// - Parameters:
    ///   - adjust: Changes the configuration before the service starts, such as its upstream.
    ///   - sink: Where log lines go, at level info and above; nil logs only errors, to standard error.
    static func start(
        adjust: (inout ServiceConfiguration) -> Void = { _ in }, sink: LogSink? = nil
    ) async throws -> ServiceHarness {
        let shipped = try repositoryRoot().appendingPathComponent("Config/models/trm.ckpt")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("service-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: shipped, to: folder.appendingPathComponent("trm.ckpt"))
        try FileManager.default.copyItem(
            at: try repositoryRoot().appendingPathComponent("Config/models/ebm.ckpt"),
            to: folder.appendingPathComponent("ebm.ckpt"))

        var configuration = ServiceConfiguration()
        configuration.server.host = "127.0.0.1"
        configuration.server.port = 0
        configuration.models.checkpointDirectory = folder.path
        configuration.models.verifierCheckpoint = "trm.ckpt"
        configuration.logging.level = "error"
        adjust(&configuration)
        let logger =
            sink.map { Logger(label: "service-tests", level: .info, format: .logfmt, sink: $0) }
            ?? configuration.makeLogger(label: "service-tests")

        let registry = ModelRegistry()
        try await registry.loadDefault(configuration.models, logger: logger)
        let version = try TRMCheckpoint.load(path: folder.appendingPathComponent("trm.ckpt").path).header.version

        let service = RefinerService(configuration: configuration, registry: registry, logger: logger)
        let server = HTTPServer(
            configuration: configuration.httpConfiguration, logger: logger, headCheck: service.checkHead,
            immediateHandler: service.handleImmediately
        ) { request in
            await service.handle(request)
        }
        let port = try server.start()
        return ServiceHarness(server: server, port: port, checkpointVersion: version, configuration: configuration)
    }
}

/// Starts the shared service on first use; later and concurrent callers get the same one.
actor ServiceFixture {
    static let shared = ServiceFixture()

    private var startup: Task<ServiceHarness, Error>?

    func harness() async throws -> ServiceHarness {
        let task = startup ?? Task { try await ServiceHarness.start() }
        startup = task
        return try await task.value
    }
}

/// The labelled records of the development set that sits beside the repository, read once.
let developmentRecords = Result {
    let path = try repositoryRoot().deletingLastPathComponent().appendingPathComponent("shared/data/dev.jsonl").path
    return try LabelledRecord.load(path: path)
}

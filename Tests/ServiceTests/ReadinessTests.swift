import Foundation
import HTTP
import Service
import TRM
import Testing

/// Calls the service's handler directly, without a server, for states the shared server never reaches.
@Suite struct ReadinessTests {
    private func makeService(_ registry: ModelRegistry) -> RefinerService {
        var configuration = ServiceConfiguration()
        configuration.logging.level = "critical"
        return RefinerService(
            configuration: configuration, registry: registry, logger: configuration.makeLogger(label: "readiness"))
    }

    private func request(_ method: String, _ path: String, body: String = "") -> HTTPRequest {
        HTTPRequest(
            method: method, target: path, path: path, headers: ["Content-Type": "application/json"],
            body: Array(body.utf8), requestID: "readiness-1")
    }

    private func json(_ response: HTTPResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
    }

    @Test func readyIs503WhileLoading() async throws {
        let service = makeService(ModelRegistry())

        let response = await service.handle(request("GET", "/ready"))

        #expect(response.status == 503)
        #expect(try json(response)["status"] as? String == "loading")
    }

    @Test func healthIs200WhileLoading() async {
        let service = makeService(ModelRegistry())

        let response = await service.handle(request("GET", "/health"))

        #expect(response.status == 200)
    }

    @Test func verifyIs503WhileLoading() async throws {
        let service = makeService(ModelRegistry())

        let response = await service.handle(
            request("POST", "/verify", body: #"{"contexts": ["Sales rose."], "answer": "Sales rose."}"#))
        let error = try #require(try json(response)["error"] as? [String: Any])

        #expect(response.status == 503)
        #expect(error["code"] as? String == "not_ready")
        #expect(error["request_id"] as? String == "readiness-1")
    }

    @Test func readyAnswersWhileWordNetLoads() async throws {
        let registry = ModelRegistry()
        var configuration = ServiceConfiguration()
        configuration.models.checkpointDirectory = try repositoryRoot().appendingPathComponent("Config/models").path
        configuration.logging.level = "critical"
        let models = configuration.models
        let logger = configuration.makeLogger(label: "readiness")
        let service = makeService(registry)

        // WordNet takes over 100 ms to read; a registry that read it inside the actor made /ready wait for it.
        let load = Task { try await registry.loadDefault(models, logger: logger) }
        try await Task.sleep(for: .milliseconds(20))
        let during = await service.handle(request("GET", "/ready"))
        try await load.value
        let after = await service.handle(request("GET", "/ready"))

        #expect(during.status == 503)
        #expect(try json(during)["status"] as? String == "loading")
        #expect(after.status == 200)
    }

    /// A broken energy checkpoint leaves `/verify` serving, but `/ready` answers 503, so a readiness probe does not
    /// route `/score` and `/refine` traffic to an instance that rejects it.
    @Test func readyIsDegradedWithoutEnergyModel() async throws {
        let registry = ModelRegistry()
        var configuration = ServiceConfiguration()
        configuration.models.checkpointDirectory = try repositoryRoot().appendingPathComponent("Config/models").path
        configuration.models.energyCheckpoint = "missing-\(UUID().uuidString).ckpt"
        configuration.logging.level = "critical"
        let service = makeService(registry)
        try await registry.loadDefault(configuration.models, logger: configuration.makeLogger(label: "readiness"))

        let ready = await service.handle(request("GET", "/ready"))
        let verify = await service.handle(
            request("POST", "/verify", body: #"{"contexts": ["Sales rose."], "answer": "Sales rose."}"#))
        let body = try json(ready)

        #expect(ready.status == 503)
        #expect(body["status"] as? String == "degraded")
        #expect((body["error"] as? String)?.contains("/score") == true)
        #expect((body["models"] as? [String: String])?["default"] != nil)
        #expect(verify.status == 200)
    }

    /// `/score` needs only the energy model, so a broken verifier checkpoint leaves it serving.
    @Test func scoreServesWithBrokenVerifier() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("broken-verifier-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("not a checkpoint".utf8).write(to: folder.appendingPathComponent("trm.ckpt"))
        try FileManager.default.copyItem(
            at: try repositoryRoot().appendingPathComponent("Config/models/ebm.ckpt"),
            to: folder.appendingPathComponent("ebm.ckpt"))
        let registry = ModelRegistry()
        var configuration = ServiceConfiguration()
        configuration.models.checkpointDirectory = folder.path
        configuration.logging.level = "critical"
        let models = configuration.models
        let logger = configuration.makeLogger(label: "readiness")
        let service = makeService(registry)

        await #expect(throws: (any Error).self) { try await registry.loadDefault(models, logger: logger) }
        let item = #"{"contexts": ["Sales rose."], "answer": "Sales rose."}"#
        let score = await service.handle(request("POST", "/score", body: item))
        let verify = await service.handle(request("POST", "/verify", body: item))
        let ready = await service.handle(request("GET", "/ready"))
        let body = try json(ready)

        #expect(score.status == 200)
        #expect(try json(score)["energy"] is Double)
        #expect(verify.status == 503)
        #expect(ready.status == 503)
        #expect(body["status"] as? String == "failed")
        #expect((body["energy_models"] as? [String: String])?["default"] != nil)

        // A good version dropped into the folder is served at the next poll, and readiness comes back with it.
        let shipped = try repositoryRoot().appendingPathComponent("Config/models/trm.ckpt")
        let version = try TRMCheckpoint.load(path: shipped.path).header.version
        try FileManager.default.copyItem(at: shipped, to: folder.appendingPathComponent("default@\(version).ckpt"))
        _ = await registry.reload(logger: logger)
        let recovered = await service.handle(request("GET", "/ready"))

        #expect(recovered.status == 200)
        #expect(try json(recovered)["status"] as? String == "ready")
        #expect(await service.handle(request("POST", "/verify", body: item)).status == 200)
    }

    @Test func failedLoadIsReportedByReady() async throws {
        let registry = ModelRegistry()
        var configuration = ServiceConfiguration()
        configuration.models.wordNetDirectory = "/nonexistent-\(UUID().uuidString)"
        configuration.logging.level = "critical"
        let models = configuration.models
        let logger = configuration.makeLogger(label: "readiness")
        let service = makeService(registry)

        await #expect(throws: (any Error).self) { try await registry.loadDefault(models, logger: logger) }
        let response = await service.handle(request("GET", "/ready"))
        let body = try json(response)

        #expect(response.status == 503)
        #expect(body["status"] as? String == "failed")
        #expect((body["error"] as? String)?.isEmpty == false)
    }

    /// After the default verifier failed, `/score` names that failure, not a missing energy checkpoint.
    @Test func scoreAfterFailedLoadNamesTheFailure() async throws {
        let registry = ModelRegistry()
        var configuration = ServiceConfiguration()
        configuration.models.wordNetDirectory = "/nonexistent-\(UUID().uuidString)"
        configuration.logging.level = "critical"
        let service = makeService(registry)
        _ = try? await registry.loadDefault(
            configuration.models, logger: configuration.makeLogger(label: "readiness"))

        let response = await service.handle(
            request("POST", "/score", body: #"{"contexts": ["Sales rose."], "answer": "Sales rose."}"#))
        let error = try #require(try json(response)["error"] as? [String: Any])

        #expect(response.status == 503)
        #expect(error["code"] as? String == "model_unavailable")
        #expect((error["message"] as? String)?.contains("GET /ready") == true)
    }
}

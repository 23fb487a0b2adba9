import Foundation
import HTTP
import Service
import Testing

/// `GET /openapi.yaml`, called on the service's handler directly.
@Suite struct OpenAPIEndpointTests {
    private func service(openAPIFile: String) -> RefinerService {
        var configuration = ServiceConfiguration()
        configuration.logging.level = "critical"
        configuration.api.openAPIFile = openAPIFile
        return RefinerService(
            configuration: configuration, registry: ModelRegistry(), logger: configuration.makeLogger(label: "openapi"))
    }

    private func get(_ path: String) -> HTTPRequest {
        HTTPRequest(method: "GET", target: path, path: path, requestID: "openapi-1")
    }

    @Test func servesTheShippedDocument() async throws {
        let path = try repositoryRoot().appendingPathComponent("openapi.yaml").path
        let shipped = try #require(FileManager.default.contents(atPath: path))

        let response = await service(openAPIFile: path).handle(get("/openapi.yaml"))

        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "application/yaml")
        #expect(response.body == Array(shipped))
    }

    @Test func missingDocumentGets404NamingTheKey() async throws {
        let response = await service(openAPIFile: "/nonexistent-\(UUID().uuidString).yaml").handle(get("/openapi.yaml"))
        let body = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        let error = try #require(body["error"] as? [String: Any])

        #expect(response.status == 404)
        #expect(error["code"] as? String == "not_found")
        #expect((error["message"] as? String)?.contains("api.openAPIFile") == true)
    }

    /// Every route the service serves is a path of the document, so the contract tests cover each one.
    @Test(arguments: ["/health", "/ready", "/verify", "/metrics", "/openapi.yaml"])
    func documentDescribesRoute(path: String) async throws {
        let file = try repositoryRoot().appendingPathComponent("openapi.yaml").path
        let text = try String(contentsOfFile: file, encoding: .utf8)

        let response = await service(openAPIFile: file).handle(get(path))

        #expect(response.status != 404)
        #expect(text.contains("\n  \(path):\n"))
    }

    @Test func fileKeyAndEnvironmentSetThePath() throws {
        var configuration = ServiceConfiguration()
        #expect(configuration.api.openAPIFile == "openapi.yaml")

        try configuration.applyEnvironment(["REFINER_OPENAPI_FILE": "/app/openapi.yaml"])

        #expect(configuration.api.openAPIFile == "/app/openapi.yaml")
    }
}

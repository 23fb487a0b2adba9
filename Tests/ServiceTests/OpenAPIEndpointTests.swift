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

    /// The document's paths and the service's routes are the same set, so schemathesis tests every route and
    /// the document promises none that the service lacks.
    @Test func documentPathsMatchRoutes() throws {
        let file = try repositoryRoot().appendingPathComponent("openapi.yaml").path
        let text = try String(contentsOfFile: file, encoding: .utf8)

        // Paths are the keys indented by two spaces under `paths:`, which ends at the next top-level key.
        var documented: [String] = []
        var inPaths = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") && !line.isEmpty {
                inPaths = line == "paths:"
            } else if inPaths, line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                documented.append(String(line.dropFirst(2).dropLast()))
            }
        }

        #expect(documented.sorted() == service(openAPIFile: file).routePaths)
        #expect(documented.contains("/verify"))
    }

    @Test func fileKeyAndEnvironmentSetThePath() throws {
        var configuration = ServiceConfiguration()
        #expect(configuration.api.openAPIFile == "openapi.yaml")

        try configuration.applyEnvironment(["REFINER_OPENAPI_FILE": "/app/openapi.yaml"])

        #expect(configuration.api.openAPIFile == "/app/openapi.yaml")
    }
}

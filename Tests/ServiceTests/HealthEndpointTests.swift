import Foundation
import Testing

@Suite struct HealthEndpointTests {
    @Test func healthAnswersOK() async throws {
        let service = try await ServiceFixture.shared.harness()

        let response = try await RawHTTPClient.send(port: service.port, RawRequest("GET", "/health"))

        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"status":"ok"}"#)
        #expect(response.header("Content-Type") == "application/json")
    }

    @Test func readyListsCheckpointVersion() async throws {
        let service = try await ServiceFixture.shared.harness()

        let response = try await RawHTTPClient.send(port: service.port, RawRequest("GET", "/ready"))
        let body = try response.json()
        let models = try #require(body["models"] as? [String: Any])

        #expect(response.status == 200)
        #expect(body["status"] as? String == "ready")
        #expect(models["default"] as? String == service.checkpointVersion)
        #expect(models.count == 1)
    }

    @Test(arguments: ["abc-123", "trace.id:42_x", "A", String(repeating: "z", count: 128)])
    func safeRequestIDIsEchoed(id: String) async throws {
        let service = try await ServiceFixture.shared.harness()

        let response = try await RawHTTPClient.send(
            port: service.port, RawRequest("GET", "/health", headers: ["X-Request-Id": id]))

        #expect(response.header("X-Request-Id") == id)
    }

    @Test(arguments: ["has space", "quote\"d", "semi;colon", "", String(repeating: "z", count: 129), "é"])
    func unsafeRequestIDIsReplaced(id: String) async throws {
        let service = try await ServiceFixture.shared.harness()

        let response = try await RawHTTPClient.send(
            port: service.port, RawRequest("GET", "/health", headers: ["X-Request-Id": id]))
        let replacement = try #require(response.header("X-Request-Id"))

        #expect(replacement != id)
        #expect(replacement.count == 32)
        #expect(replacement.allSatisfy { $0.isHexDigit })
        #expect(replacement == replacement.lowercased())
    }

    @Test func missingRequestIDIsGenerated() async throws {
        let service = try await ServiceFixture.shared.harness()

        let first = try await RawHTTPClient.send(port: service.port, RawRequest("GET", "/health"))
        let second = try await RawHTTPClient.send(port: service.port, RawRequest("GET", "/health"))

        #expect(first.header("X-Request-Id")?.count == 32)
        #expect(first.header("X-Request-Id") != second.header("X-Request-Id"))
    }

    @Test func errorBodyCarriesEchoedRequestID() async throws {
        let service = try await ServiceFixture.shared.harness()

        let response = try await RawHTTPClient.send(
            port: service.port, RawRequest("GET", "/nowhere", headers: ["X-Request-Id": "error-id-7"]))

        #expect(response.header("X-Request-Id") == "error-id-7")
        #expect(try response.error().requestID == "error-id-7")
    }

    @Test func errorBodyCarriesReplacedRequestID() async throws {
        let service = try await ServiceFixture.shared.harness()

        let response = try await RawHTTPClient.send(
            port: service.port, RawRequest("GET", "/nowhere", headers: ["X-Request-Id": "not safe"]))
        let header = try #require(response.header("X-Request-Id"))

        #expect(header != "not safe")
        #expect(try response.error().requestID == header)
    }
}

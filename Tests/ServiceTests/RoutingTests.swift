import Foundation
import Testing

@Suite struct RoutingTests {
    @Test(arguments: ["/nowhere", "/verify/", "/Health", "/health/extra"])
    func unknownPathGets404(path: String) async throws {
        let service = try await ServiceFixture.shared.harness()

        let response = try await RawHTTPClient.send(port: service.port, RawRequest("GET", path))
        let error = try response.error()

        #expect(response.status == 404)
        #expect(error.code == "not_found")
        #expect(error.message.contains(path))
    }

    @Test func getVerifyGets405AllowingPost() async throws {
        let service = try await ServiceFixture.shared.harness()

        let response = try await RawHTTPClient.send(port: service.port, RawRequest("GET", "/verify"))

        #expect(response.status == 405)
        #expect(response.header("Allow") == "OPTIONS, POST")
        #expect(try response.error().code == "method_not_allowed")
    }

    @Test func postHealthGets405AllowingGetAndHead() async throws {
        let service = try await ServiceFixture.shared.harness()

        let response = try await RawHTTPClient.send(port: service.port, RawRequest("POST", "/health"))

        #expect(response.status == 405)
        #expect(response.header("Allow") == "GET, HEAD, OPTIONS")
    }

    @Test func headHealthSendsLengthWithoutBody() async throws {
        let service = try await ServiceFixture.shared.harness()

        // A body after the HEAD response would be read as the start of the second response and fail its parse.
        let responses = try await RawHTTPClient.exchange(
            port: service.port, [RawRequest("HEAD", "/health"), RawRequest("GET", "/health")])
        let head = try #require(responses.first)
        let get = try #require(responses.last)

        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.header("Content-Length") == String(get.body.count))
        #expect(get.status == 200)
        #expect(get.body.count == 15)
    }

    @Test func queryIsIgnoredByRouting() async throws {
        let service = try await ServiceFixture.shared.harness()

        let response = try await RawHTTPClient.send(port: service.port, RawRequest("GET", "/health?verbose=1"))

        #expect(response.status == 200)
    }
}

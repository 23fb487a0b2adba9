import Foundation
import Testing

@testable import Service

@Suite(.serialized) struct TrainingAccessTests {
    static var body: [String: Any] { ["target": "trm", "examples": exampleObjects(syntheticRecords(count: 4))] }

    @Test func missingTokenIs401() async throws {
        let service = try await TrainingService.start()
        defer { Task { await service.shutdown() } }

        let response = try await service.send("POST", "/train", body: Self.body, authorization: nil)

        #expect(response.status == 401)
        #expect(try response.error().code == "unauthorized")
        #expect(response.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
    }

    @Test func wrongTokenIs403() async throws {
        let service = try await TrainingService.start()
        defer { Task { await service.shutdown() } }

        let response = try await service.send("POST", "/train", body: Self.body, authorization: "Bearer wrong-token")

        #expect(response.status == 403)
        #expect(try response.error().code == "forbidden")
    }

    @Test(arguments: ["Basic dGVzdA==", "Bearer", "test-admin-token-5e1f"])
    func otherSchemeIs401(_ authorization: String) async throws {
        let service = try await TrainingService.start()
        defer { Task { await service.shutdown() } }

        let response = try await service.send("POST", "/train", body: Self.body, authorization: authorization)

        #expect(response.status == 401)
    }

    @Test(arguments: [("GET", "/train/job-0"), ("DELETE", "/train/job-0")])
    func jobRoutesNeedToken(_ method: String, _ path: String) async throws {
        let service = try await TrainingService.start()
        defer { Task { await service.shutdown() } }

        let response = try await service.send(method, path, authorization: nil)

        #expect(response.status == 401)
    }

    @Test func unsetTokenDisablesTraining() async throws {
        let service = try await TrainingService.start(token: nil)
        defer { Task { await service.shutdown() } }

        let response = try await service.send("POST", "/train", body: Self.body)

        #expect(response.status == 403)
        #expect(try response.error().code == "training_disabled")
        #expect(try response.error().message.contains("REFINER_ADMIN_TOKEN"))
    }

    @Test(arguments: ["../outside.jsonl", "/etc/hostname", "nested/../../outside.jsonl", "link.jsonl", "nested"])
    func datasetOutsideFolderIs400(_ dataset: String) async throws {
        let service = try await TrainingService.start()
        defer { Task { await service.shutdown() } }
        let outside = URL(fileURLWithPath: service.data.path).deletingLastPathComponent()
            .appendingPathComponent("outside.jsonl").path
        try Data("{}\n".utf8).write(to: URL(fileURLWithPath: outside))
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try? FileManager.default.createSymbolicLink(
            atPath: service.data.file("link.jsonl"), withDestinationPath: outside)
        try? FileManager.default.createDirectory(atPath: service.data.file("nested"), withIntermediateDirectories: true)

        let response = try await service.send("POST", "/train", body: ["target": "trm", "dataset": dataset])

        #expect(response.status == 400)
        #expect(try response.error().message.hasPrefix("dataset"))
    }

    /// A misspelt option would otherwise train with the default in its place.
    @Test func unknownFieldIs400() async throws {
        let service = try await TrainingService.start()
        defer { Task { await service.shutdown() } }

        let response = try await service.send(
            "POST", "/train", body: ["target": "trm", "dataset": "train.jsonl", "epoch": 3])

        #expect(response.status == 400)
        #expect(try response.error().message.hasPrefix("unknown field \"epoch\""))
    }

    @Test func wrongMethodOnJobIs405() async throws {
        let service = try await TrainingService.start()
        defer { Task { await service.shutdown() } }

        let response = try await service.send("PUT", "/train/job-0")

        #expect(response.status == 405)
        #expect(response.header("Allow") == "DELETE, GET, HEAD, OPTIONS")
    }

    @Test func constantTimeComparisonMatchesEquality() {
        let cases: [(String, String)] = [("abc", "abc"), ("abc", "abd"), ("abc", "ab"), ("", ""), ("", "a")]
        for (lhs, rhs) in cases {
            #expect(AdminAuthorization.constantTimeEquals(Array(lhs.utf8), Array(rhs.utf8)) == (lhs == rhs))
        }
    }
}

import Foundation
import Service
import TRM
import Testing

@Suite(.serialized) struct TrainingJobTests {
    /// Returns a body for a short job on synthetic examples: one member, no augmentation.
    static func body(model: String, examples: Int = 40, epochs: Int = 2) -> [String: Any] {
        [
            "target": "trm", "model": model, "examples": exampleObjects(syntheticRecords(count: examples)),
            "epochs": epochs, "members": 1, "augmentation": false, "batch_size": 8,
        ]
    }

    @Test func jobTrainsPublishesAndServes() async throws {
        let service = try await TrainingService.start()
        defer { Task { await service.shutdown() } }

        let accepted = try await service.send("POST", "/train", body: Self.body(model: "plants", examples: 300))
        #expect(accepted.status == 202)
        let statusURL = try #require(try accepted.json()["status_url"] as? String)
        #expect(accepted.header("Location") == statusURL)
        let status = try await service.waitForJob(statusURL)

        #expect(status["state"] as? String == "succeeded", "status: \(status)")
        #expect(status["progress"] as? Double == 1)
        #expect(status["epoch"] as? Int == 2)
        #expect((status["loss"] as? Double)?.isFinite == true)
        let metrics = try #require(status["metrics"] as? [String: Any])
        #expect(metrics["held_out_examples"] as? Double == 60)
        #expect(metrics["held_out_auroc"] is Double)
        let version = try #require(status["version"] as? String)
        #expect(status["checkpoint"] as? String == "plants@\(version).ckpt")
        let published = try #require(status["published"] as? [String: [String: String]], "status: \(status)")
        #expect(published == ["trm": ["version": version, "checkpoint": "plants@\(version).ckpt"]])
        #expect(service.checkpoints.entries().contains("plants@\(version).ckpt"))

        let ready = try await service.send("GET", "/ready").json()
        #expect((ready["models"] as? [String: String])?["plants"] == version)
        let verify = try await RawHTTPClient.send(
            port: service.port,
            .verify(["contexts": ["The plant made 120 cars."], "answer": "It made 120 cars.", "model": "plants"]))
        #expect(verify.status == 200)
        #expect(try verify.json()["model"] as? String == "plants")
    }

    /// A verifier that cannot rank its own training examples better than chance fails the job and replaces
    /// nothing: the two examples are the same answer with opposite labels.
    @Test func verifierNoBetterThanChanceIsNotPublished() async throws {
        let service = try await TrainingService.start()
        defer { Task { await service.shutdown() } }
        let before = try await service.send("GET", "/ready").json()["models"] as? [String: String]
        let examples: [[String: Any]] = [
            ["id": "first", "contexts": ["a b"], "answer": "a", "label": 1],
            ["id": "second", "contexts": ["a b"], "answer": "a", "label": 0],
        ]

        let accepted = try await service.send("POST", "/train", body: ["examples": examples, "epochs": 1])
        let status = try await service.waitForJob(try #require(try accepted.json()["status_url"] as? String))

        let after = try await service.send("GET", "/ready").json()["models"] as? [String: String]
        let error = try #require(status["error"] as? String, "status: \(status)")
        #expect(status["state"] as? String == "failed")
        #expect(error.hasPrefix("the trained verifier ranks its own training examples no better than chance"))
        #expect(status["published"] as? [String: [String: String]] == [:])
        #expect(after == before)
    }

    @Test(arguments: [(0.0, true), (0.5, true), (0.51, false)])
    func qualityGateRejectsChanceOrWorse(auroc: Double, rejected: Bool) {
        var thrown: APIError?
        do throws(APIError) {
            try TRMTrainingEngine.checkQuality(["train_auroc": auroc])
        } catch {
            thrown = error
        }

        #expect((thrown != nil) == rejected)
        #expect(thrown.map(\.status) ?? 422 == 422)
    }

    @Test(arguments: [(0.5, 20.0, true), (0.45, 60.0, true), (0.51, 20.0, false), (0.3, 19.0, false)])
    func qualityGateRejectsChanceOnHeldOut(auroc: Double, examples: Double, rejected: Bool) {
        var thrown: APIError?
        do throws(APIError) {
            try TRMTrainingEngine.checkQuality([
                "train_auroc": 0.9, "held_out_auroc": auroc, "held_out_examples": examples,
            ])
        } catch {
            thrown = error
        }

        #expect((thrown != nil) == rejected)
        #expect(thrown.map { $0.message.hasPrefix("the trained verifier ranks the held-out examples") } ?? true)
    }

    @Test func qualityGateRejectsOneLabelTraining() {
        var thrown: APIError?
        do throws(APIError) {
            try TRMTrainingEngine.checkQuality(["train_examples": 10])
        } catch {
            thrown = error
        }

        #expect(
            thrown?.message.hasPrefix("the records left for training after the held-out share have only one") == true)
    }

    @Test func defaultModelTakesNewVersion() async throws {
        let service = try await TrainingService.start()
        defer { Task { await service.shutdown() } }
        let before = try await service.send("GET", "/ready").json()["models"] as? [String: String]

        // Enough examples and epochs that the verifier passes the quality gates, including the comparison with the
        // shipped verifier on the held-out records.
        let accepted = try await service.send(
            "POST", "/train", body: Self.body(model: "default", examples: 300, epochs: 8))
        let status = try await service.waitForJob(try #require(try accepted.json()["status_url"] as? String))

        let after = try await service.send("GET", "/ready").json()["models"] as? [String: String]
        #expect(status["state"] as? String == "succeeded", "status: \(status)")
        #expect(after?["default"] == status["version"] as? String)
        #expect(after?["default"] != before?["default"])
        #expect(service.checkpoints.entries().contains("trm.ckpt"))
    }

    @Test func weakerVerifierDoesNotReplaceDefault() async throws {
        let service = try await TrainingService.start()
        defer { Task { await service.shutdown() } }
        let before = try await service.send("GET", "/ready").json()["models"] as? [String: String]

        let accepted = try await service.send(
            "POST", "/train", body: Self.body(model: "default", examples: 300, epochs: 2))
        let status = try await service.waitForJob(try #require(try accepted.json()["status_url"] as? String))

        let after = try await service.send("GET", "/ready").json()["models"] as? [String: String]
        let error = try #require(status["error"] as? String, "status: \(status)")
        #expect(status["state"] as? String == "failed")
        #expect(error.hasPrefix("the trained verifier ranks the held-out examples worse than the served default"))
        #expect(after == before)
    }

    @Test(arguments: [(0.80, 0.90, true), (0.86, 0.90, false), (0.95, 0.90, false)])
    func servedVerifierGateRejectsClearlyWorse(auroc: Double, served: Double, rejected: Bool) {
        var thrown: APIError?
        do throws(APIError) {
            try TRMTrainingEngine.checkAgainstServed(
                ["held_out_auroc": auroc, "held_out_examples": 20], servedAUROC: served, model: "default")
        } catch {
            thrown = error
        }

        #expect((thrown != nil) == rejected)
    }

    /// Too few held-out records leave nothing to compare the new verifier and the served one on.
    @Test(arguments: [
        (["held_out_auroc": 0.99, "held_out_examples": 19.0], 0.9 as Double?),
        (["held_out_examples": 0.0], nil),
        (["held_out_auroc": 0.99, "held_out_examples": 40.0], nil),
    ])
    func servedVerifierGateNeedsHeldOutRecords(metrics: [String: Double], served: Double?) {
        var thrown: APIError?
        do throws(APIError) {
            try TRMTrainingEngine.checkAgainstServed(metrics, servedAUROC: served, model: "default")
        } catch {
            thrown = error
        }

        #expect(thrown?.code == "model_rejected")
        #expect(thrown?.message.hasPrefix("the job held out") == true)
    }

    @Test func fewHeldOutRecordsLeaveTheServedVerifier() async throws {
        // 5 % of 300 examples: 15 held-out records, short of the 20 that the comparison with the served one needs.
        let service = try await TrainingService.start(heldOutFraction: 0.05)
        defer { Task { await service.shutdown() } }
        let before = try await service.send("GET", "/ready").json()["models"] as? [String: String]

        let accepted = try await service.send(
            "POST", "/train", body: Self.body(model: "default", examples: 300, epochs: 8))
        let status = try await service.waitForJob(try #require(try accepted.json()["status_url"] as? String))
        let after = try await service.send("GET", "/ready").json()["models"] as? [String: String]

        #expect(status["state"] as? String == "failed")
        #expect((status["error"] as? String)?.hasPrefix("the job held out 15 records") == true, "\(status)")
        #expect(after == before)
    }

    @Test func deleteCancelsRunningJob() async throws {
        let service = try await TrainingService.start()
        defer { Task { await service.shutdown() } }
        let accepted = try await service.send("POST", "/train", body: Self.body(model: "long", epochs: 200))
        let statusURL = try #require(try accepted.json()["status_url"] as? String)
        let running = try await service.waitUntilStepping(statusURL)
        #expect(running["state"] as? String == "running")

        let cancel = try await service.send("DELETE", statusURL)
        let status = try await service.waitForJob(statusURL)

        #expect([200, 202].contains(cancel.status))
        #expect(status["state"] as? String == "cancelled")
        #expect((status["epoch"] as? Int ?? 0) < 200)
        #expect(!service.checkpoints.entries().contains { $0.hasPrefix("long@") })
    }

    @Test func fullQueueIs429AndQueuedJobCancels() async throws {
        let service = try await TrainingService.start(queueLength: 1)
        defer { Task { await service.shutdown() } }
        let first = try await service.send("POST", "/train", body: Self.body(model: "first", epochs: 200))
        let second = try await service.send("POST", "/train", body: Self.body(model: "second"))
        let third = try await service.send("POST", "/train", body: Self.body(model: "third"))

        #expect(first.status == 202)
        #expect(second.status == 202)
        #expect(third.status == 429)
        #expect(try third.error().code == "queue_full")
        #expect(third.header("Retry-After") != nil)

        let secondURL = try #require(try second.json()["status_url"] as? String)
        let cancelled = try await service.send("DELETE", secondURL)
        #expect(cancelled.status == 200)
        #expect(try cancelled.json()["state"] as? String == "cancelled")
        let again = try await service.send("DELETE", secondURL)
        #expect(again.status == 409)

        let firstURL = try #require(try first.json()["status_url"] as? String)
        _ = try await service.send("DELETE", firstURL)
        #expect(try await service.waitForJob(firstURL)["state"] as? String == "cancelled")
    }

    @Test func longUnknownJobIsNotEchoedWhole() async throws {
        let service = try await TrainingService.start()
        defer { Task { await service.shutdown() } }

        let response = try await service.send("GET", "/train/job-" + String(repeating: "a", count: 5000))

        let message = try response.error().message
        #expect(response.status == 404)
        #expect(message.count < 200, "message: \(message)")
        #expect(message.contains("(5004 characters)"))
    }

    @Test func unknownJobIs404() async throws {
        let service = try await TrainingService.start()
        defer { Task { await service.shutdown() } }

        let response = try await service.send("GET", "/train/job-does-not-exist")

        #expect(response.status == 404)
        #expect(try response.error().code == "job_not_found")
    }

    @Test(arguments: [
        ("label", "examples[0].label must be 1 (supported) or 0 (unsupported), got 2"),
        ("blank answer", "examples[0].answer is empty"), ("one label", "examples has only label"),
        ("both sources", "examples and dataset"),
        ("method", "method"), ("model", "model"), ("epochs", "epochs"), ("augmentation", "augmentation"),
        ("tiny rate", "learning_rate"),
    ])
    func invalidBodyIs400(_ change: String, _ messagePrefix: String) async throws {
        let service = try await TrainingService.start()
        defer { Task { await service.shutdown() } }
        var body = Self.body(model: "x")
        var examples = exampleObjects(syntheticRecords(count: 4))
        switch change {
        case "label": examples[0]["label"] = 2
        case "blank answer": examples[0]["answer"] = " \u{200B}"
        case "one label":
            for index in examples.indices { examples[index]["label"] = 1 }
        case "both sources": body["dataset"] = "train.jsonl"
        case "method": body["method"] = "pcd"
        case "model": body["model"] = "../escape"
        case "epochs": body["epochs"] = 1.5
        case "tiny rate": body["learning_rate"] = 1e-300
        default: body["augmentation"] = 1
        }
        body["examples"] = examples

        let response = try await service.send("POST", "/train", body: body)

        let message = try response.error().message
        #expect(response.status == 400)
        #expect(message.hasPrefix(messagePrefix), "message: \(message)")
    }

    @Test func datasetInDataFolderTrains() async throws {
        let service = try await TrainingService.start()
        defer { Task { await service.shutdown() } }
        let encoder = JSONEncoder()
        let lines = try syntheticRecords(count: 300).map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        try FileManager.default.createDirectory(atPath: service.data.file("sets"), withIntermediateDirectories: true)
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: service.data.file("sets/a.jsonl")))

        let accepted = try await service.send(
            "POST", "/train",
            body: ["dataset": "sets/a.jsonl", "model": "fromfile", "epochs": 6, "members": 1, "augmentation": false])
        let status = try await service.waitForJob(try #require(try accepted.json()["status_url"] as? String))

        #expect(status["state"] as? String == "succeeded", "status: \(status)")
        #expect(status["examples"] as? Int == 300)
    }
}

import EBM
import Foundation
import Service
import Testing

@Suite(.serialized) struct EnergyTrainingJobTests {
    /// Returns a body for a short energy job on synthetic purchase records.
    static func body(model: String, target: String = "ebm", examples: Int = 36, epochs: Int = 2) -> [String: Any] {
        [
            "target": target, "model": model, "examples": exampleObjects(purchaseRecords(count: examples)),
            "epochs": epochs, "batch_size": 8, "method": "pcd",
        ]
    }

    static let scoredContexts = ["Gwen bought a piano in Hobart for 410 euros."]
    static let scoredAnswer = "Gwen paid 410 euros for a piano."

    @Test func fewExamplesLeaveTheServedEnergyModel() async throws {
        let service = try await TrainingService.start()
        defer { Task { await service.shutdown() } }
        let before = try await service.send("GET", "/ready").json()["energy_models"] as? [String: String]

        let accepted = try await service.send("POST", "/train", body: Self.body(model: "default", examples: 4))
        let status = try await service.waitForJob(try #require(try accepted.json()["status_url"] as? String))
        let after = try await service.send("GET", "/ready").json()["energy_models"] as? [String: String]

        #expect(status["state"] as? String == "failed")
        #expect((status["error"] as? String)?.hasPrefix("the job held out") == true, "\(status)")
        #expect(after == before)
    }

    @Test(arguments: [
        (["held_out_auroc": 0.9, "held_out_examples": 19.0], true),
        (["held_out_examples": 40.0], true),
        (["held_out_auroc": 0.5, "held_out_examples": 40.0], true),
        (["held_out_auroc": 0.7, "held_out_examples": 20.0], false),
    ])
    func replacementGateNeedsHeldOutRanking(metrics: [String: Double], rejected: Bool) {
        var thrown: APIError?
        do throws(APIError) {
            try EBMTrainingEngine.checkReplacement(metrics, model: "default")
        } catch {
            thrown = error
        }

        #expect((thrown != nil) == rejected)
        #expect(thrown == nil || thrown?.code == "model_rejected")
    }

    @Test(arguments: [(0.80, 0.90, true), (0.86, 0.90, false), (0.95, 0.90, false)])
    func servedEnergyGateRejectsClearlyWorse(auroc: Double, served: Double, rejected: Bool) {
        var thrown: APIError?
        do throws(APIError) {
            try EBMTrainingEngine.checkAgainstServed(["held_out_auroc": auroc], servedAUROC: served, model: "default")
        } catch {
            thrown = error
        }

        #expect((thrown != nil) == rejected)
        #expect(thrown == nil || thrown?.message.hasPrefix("the trained energy model ranks the held-out") == true)
    }

    @Test func ebmJobTrainsPublishesAndScores() async throws {
        let service = try await TrainingService.start()
        defer { Task { await service.shutdown() } }

        let accepted = try await service.send("POST", "/train", body: Self.body(model: "shops"))
        #expect(accepted.status == 202)
        let status = try await service.waitForJob(try #require(try accepted.json()["status_url"] as? String))

        #expect(status["state"] as? String == "succeeded", "status: \(status)")
        #expect(status["progress"] as? Double == 1)
        #expect(status["epoch"] as? Int == 2)
        #expect(status["epochs"] as? Int == 2)
        #expect((status["loss"] as? Double)?.isFinite == true)
        let metrics = try #require(status["metrics"] as? [String: Any])
        #expect((metrics["train_examples"] as? Double ?? 0) > 0)
        let version = try #require(status["version"] as? String)
        #expect(version.hasPrefix("ebm-"))
        #expect(status["checkpoint"] as? String == "ebm/shops@\(version).ckpt")
        let written = service.checkpoints.file("ebm/shops@\(version).ckpt")
        #expect(FileManager.default.fileExists(atPath: written))

        let ready = try await service.send("GET", "/ready").json()
        #expect((ready["energy_models"] as? [String: String])?["shops"] == version)
        #expect((ready["models"] as? [String: String])?["shops"] == nil, "an energy job adds no verifier")

        let item: [String: Any] = ["contexts": Self.scoredContexts, "answer": Self.scoredAnswer, "model": "shops"]
        let score = try await service.send("POST", "/score", body: item)
        #expect(score.status == 200)
        let body = try score.json()
        #expect(body["model"] as? String == "shops")
        let energy = try #require(body["energy"] as? Double)

        // The served energy must be the one the written file computes, not the default model's.
        let fromFile = EnergyModel(
            name: "check", checkpoint: try EBMCheckpoint.load(path: written), extractor: try sharedExtractor.get())
        let expected = try await fromFile.score(
            question: nil, contexts: Self.scoredContexts, answers: [Self.scoredAnswer])
        #expect(abs(energy - Double(try #require(expected.first).energy)) < 1e-3)
    }

    @Test func bothTargetTrainsBothModels() async throws {
        let service = try await TrainingService.start()
        defer { Task { await service.shutdown() } }
        // Two epochs, so the verifier ranks its training examples better than chance and passes the quality gate.
        var body = Self.body(model: "twin", target: "both", epochs: 2)
        body["members"] = 1
        body["augmentation"] = false

        let accepted = try await service.send("POST", "/train", body: body)
        #expect(accepted.status == 202)
        let status = try await service.waitForJob(try #require(try accepted.json()["status_url"] as? String))

        #expect(status["state"] as? String == "succeeded", "status: \(status)")
        let metrics = try #require(status["metrics"] as? [String: Any])
        #expect(metrics["trm.train_examples"] is Double, "metrics: \(metrics)")
        #expect(metrics["ebm.train_examples"] is Double, "metrics: \(metrics)")
        let ready = try await service.send("GET", "/ready").json()
        let verifierVersion = try #require((ready["models"] as? [String: String])?["twin"])
        let energyVersion = try #require((ready["energy_models"] as? [String: String])?["twin"])
        #expect(verifierVersion.hasPrefix("trm-"))
        #expect(energyVersion.hasPrefix("ebm-"))
        #expect(status["version"] as? String == energyVersion)
        let published = try #require(status["published"] as? [String: [String: String]], "status: \(status)")
        #expect(published["trm"] == ["version": verifierVersion, "checkpoint": "twin@\(verifierVersion).ckpt"])
        #expect(published["ebm"] == ["version": energyVersion, "checkpoint": "ebm/twin@\(energyVersion).ckpt"])
        #expect(service.checkpoints.entries().contains("twin@\(verifierVersion).ckpt"))
        #expect(FileManager.default.fileExists(atPath: service.checkpoints.file("ebm/twin@\(energyVersion).ckpt")))
    }

    @Test func deleteCancelsRunningEnergyJob() async throws {
        let service = try await TrainingService.start()
        defer { Task { await service.shutdown() } }
        let accepted = try await service.send("POST", "/train", body: Self.body(model: "long", epochs: 200))
        let statusURL = try #require(try accepted.json()["status_url"] as? String)
        let running = try await service.waitUntilEpoch(statusURL)
        #expect(running["state"] as? String == "running")

        let cancel = try await service.send("DELETE", statusURL)
        let status = try await service.waitForJob(statusURL)

        #expect([200, 202].contains(cancel.status))
        #expect(status["state"] as? String == "cancelled")
        #expect((status["epoch"] as? Int ?? 0) < 200)
        let energyFiles = (try? FileManager.default.contentsOfDirectory(atPath: service.checkpoints.file("ebm"))) ?? []
        #expect(!energyFiles.contains { $0.hasPrefix("long@") })
        let ready = try await service.send("GET", "/ready").json()
        #expect((ready["energy_models"] as? [String: String])?["long"] == nil)
    }

    @Test func deleteDuringEnergyStagePublishesNothing() async throws {
        let service = try await TrainingService.start()
        defer { Task { await service.shutdown() } }
        var body = Self.body(model: "partial", target: "both", epochs: 200)
        body["members"] = 1
        body["augmentation"] = false
        let accepted = try await service.send("POST", "/train", body: body)
        let statusURL = try #require(try accepted.json()["status_url"] as? String)

        let energyStage = try await service.waitUntilProgress(statusURL, atLeast: 0.5)
        let readyWhileTraining = try await service.send("GET", "/ready").json()
        let cancel = try await service.send("DELETE", statusURL)
        let status = try await service.waitForJob(statusURL)

        #expect(energyStage["state"] as? String == "running", "status: \(energyStage)")
        #expect((readyWhileTraining["models"] as? [String: String])?["partial"] == nil, "verifier served early")
        #expect([200, 202].contains(cancel.status))
        #expect(status["state"] as? String == "cancelled")
        #expect(status["version"] is NSNull)
        #expect(status["checkpoint"] is NSNull)
        #expect((status["published"] as? [String: Any])?.isEmpty == true, "status: \(status)")
        let ready = try await service.send("GET", "/ready").json()
        #expect((ready["models"] as? [String: String])?["partial"] == nil)
        #expect((ready["energy_models"] as? [String: String])?["partial"] == nil)
        #expect(!service.checkpoints.entries().contains { $0.hasPrefix("partial@") })
        let energyFiles = (try? FileManager.default.contentsOfDirectory(atPath: service.checkpoints.file("ebm"))) ?? []
        #expect(!energyFiles.contains { $0.hasPrefix("partial@") })
    }

    /// Cases of a target, a field, its JSON value as text, and the start of the expected error message.
    static let inapplicableParameters = [
        ("ebm", "method", "\"sgd\"", "method sgd is invalid"),
        ("both", "method", "\"adam\"", "method adam is invalid"),
        ("ebm", "members", "2", "members applies to targets trm and both"),
        ("ebm", "augmentation", "true", "augmentation applies to targets trm and both"),
        ("trm", "method", "\"pcd\"", "method applies to targets ebm and both"),
    ]

    @Test(arguments: inapplicableParameters)
    func inapplicableParameterIs400(_ target: String, _ field: String, _ json: String, _ messagePrefix: String)
        async throws
    {
        let service = try await TrainingService.start()
        defer { Task { await service.shutdown() } }
        var body = Self.body(model: "x", target: target, examples: 4)
        body.removeValue(forKey: "method")
        body[field] = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)

        let response = try await service.send("POST", "/train", body: body)

        let message = try response.error().message
        #expect(response.status == 400)
        #expect(message.hasPrefix(messagePrefix), "message: \(message)")
    }
}

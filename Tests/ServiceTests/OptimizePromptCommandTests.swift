import Foundation
import Testing
import UpstreamStub

/// `refiner optimize-prompt` run as a child process against the stub upstream on 127.0.0.1.
@Suite struct OptimizePromptCommandTests {
    private func run(budget: Int, stub: UpstreamStub, folder: TemporaryDirectory) async throws -> ChildProcess {
        try await run(budget: budget, url: stub.baseURL, folder: folder, marker: "wrote")
    }

    private func run(budget: Int, url: String, folder: TemporaryDirectory, marker: String) async throws
        -> ChildProcess
    {
        let root = try repositoryRoot().path
        let child = try ChildProcess(
            [
                "optimize-prompt", "--data", "\(root)/../shared/data/dev.jsonl", "--budget", String(budget),
                "--records", "12", "--pareto", "4", "--minibatch", "2", "--seed", "5",
                "--config", "\(root)/Config/default.json", "--checkpoint", "\(root)/Config/models",
                "--output", folder.file("prompt.json"),
            ],
            environment: ["REFINER_UPSTREAM_URL": url, "REFINER_UPSTREAM_API_KEY": "sk-optimize-test"],
            workingDirectory: folder)
        #expect(try await child.waitForOutput(marker, timeout: 300))
        child.process.waitUntilExit()
        return child
    }

    @Test func runsToItsBudgetAndWritesTheBestPromptWithItsScores() async throws {
        let stub = try await UpstreamStub()
        let folder = try TemporaryDirectory("optimize-prompt")
        let budget = 24

        let child = try await run(budget: budget, stub: stub, folder: folder)

        #expect(child.process.terminationStatus == 0, "\(child.text)")
        let calls = try stub.requests().count
        // Scoring the seed takes 4 calls and an iteration at most 2 + 1 + 2, plus 4 to score a kept child.
        #expect(calls <= budget)
        #expect(calls >= budget - 5)
        #expect(child.text.contains("iteration 1:"))
        let data = try Data(contentsOf: URL(fileURLWithPath: folder.file("prompt.json")))
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let prompt = try #require(report["prompt"] as? String)
        #expect(!prompt.isEmpty)
        let scores = try #require(report["scores"] as? [String: Any])
        #expect(scores["pareto_mean"] is Double)
        #expect((scores["per_record"] as? [String: Any])?.count == 4)
        #expect(report["calls"] as? Int == calls)
        #expect(!(report["front"] as? [Any] ?? []).isEmpty)
        #expect(!child.text.contains("sk-optimize-test"))
    }

    @Test func aBetterReflectedPromptIsKept() async throws {
        // The stub's reflection adds "Quote the sentence …", and a quoting prompt drops the unsupported claim
        // its seed answers carry, so the first child beats its parent on the minibatch.
        let stub = try await UpstreamStub()
        let folder = try TemporaryDirectory("optimize-prompt")

        let child = try await run(budget: 24, stub: stub, folder: folder)

        let data = try Data(contentsOf: URL(fileURLWithPath: folder.file("prompt.json")))
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((report["prompt"] as? String)?.lowercased().contains("quote") == true, "\(child.text)")
        let seed = try #require(report["seed_pareto_mean"] as? Double)
        let best = try #require((report["scores"] as? [String: Any])?["pareto_mean"] as? Double)
        #expect(best > seed)
    }

    @Test func malformedReflectionsAreRejectedAndNotKept() async throws {
        let stub = try await UpstreamStub()
        // Scoring the seed on 4 records, then an iteration: 2 generations and a reflection with no fenced block.
        try stub.script(["ok", "ok", "ok", "ok", "ok", "ok", "malformed_reflection"])
        let folder = try TemporaryDirectory("optimize-prompt")

        let child = try await run(budget: 14, stub: stub, folder: folder)

        #expect(child.text.contains("reflection rejected: the reply has no ``` block"), "\(child.text)")
        let data = try Data(contentsOf: URL(fileURLWithPath: folder.file("prompt.json")))
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let iterations = try #require(report["iterations"] as? [[String: Any]])
        #expect(iterations.first?["kept"] is NSNull)
    }

    @Test func anUpstreamThatAnswersNothingStopsTheRunWithoutAFile() async throws {
        let folder = try TemporaryDirectory("optimize-prompt")
        let url = "http://127.0.0.1:\(try UnreachableUpstreamTests.closedPort())/v1"

        let child = try await run(budget: 20, url: url, folder: folder, marker: "error:")

        #expect(child.process.terminationStatus != 0)
        #expect(child.text.contains("the upstream answered none of the 4 records"), "\(child.text)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("prompt.json")))
    }

    @Test func anOutputFolderThatDoesNotExistStopsTheRunBeforeAnyCall() async throws {
        let stub = try await UpstreamStub()
        let folder = try TemporaryDirectory("optimize-prompt")
        let root = try repositoryRoot().path

        let child = try ChildProcess(
            [
                "optimize-prompt", "--data", "\(root)/../shared/data/dev.jsonl", "--budget", "20",
                "--config", "\(root)/Config/default.json", "--checkpoint", "\(root)/Config/models",
                "--output", folder.file("missing/prompt.json"),
            ],
            environment: ["REFINER_UPSTREAM_URL": stub.baseURL], workingDirectory: folder)
        #expect(try await child.waitForOutput("does not exist", timeout: 120))
        child.process.waitUntilExit()

        #expect(child.process.terminationStatus != 0)
        #expect(try stub.requests().isEmpty)
    }
}

import Foundation
import Service
import TRM
import Testing

/// Three `refiner serve` processes on loopback that share one checkpoint folder, as replicas behind a load
/// balancer do.
@Suite(.serialized) struct ReplicaReloadTests {
    static let pollInterval = 0.5

    /// Waits until a replica started on a port the kernel picks has loaded its models, and returns that port.
    private static func port(of child: ChildProcess) async throws -> Int {
        guard try await child.waitForOutput("models loaded", timeout: 120) else {
            child.terminate()
            throw RawClientError(description: "replica did not load its models: \(child.text)")
        }
        let port = child.text.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("server.port=") }
            .flatMap { Int($0.dropFirst("server.port=".count).trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard let port else {
            child.terminate()
            throw RawClientError(description: "replica did not log its port: \(child.text)")
        }
        return port
    }

    private static func servedVersion(port: Int) async throws -> String? {
        let ready = try await RawHTTPClient.send(port: port, RawRequest("GET", "/ready")).json()
        return (ready["models"] as? [String: String])?["default"]
    }

    @Test func replicasServeNewVersion() async throws {
        let folder = try TemporaryDirectory("replica-checkpoints")
        let work = try TemporaryDirectory("replica-work")
        let shipped = try repositoryRoot().appendingPathComponent("Config/models/trm.ckpt").path
        try FileManager.default.copyItem(atPath: shipped, toPath: folder.file("trm.ckpt"))
        let config = work.file("config.json")
        let settings =
            #"{"models": {"checkpointDirectory": "\#(folder.path)", "pollIntervalSeconds": \#(Self.pollInterval)}}"#
        try Data(settings.utf8).write(to: URL(fileURLWithPath: config))

        let children = try (0..<3).map { _ in
            try ChildProcess(["serve", "--config", config, "--port", "0"], workingDirectory: work)
        }
        defer { children.forEach { $0.terminate() } }
        var replicas: [(ChildProcess, Int)] = []
        for child in children {
            replicas.append((child, try await Self.port(of: child)))
        }
        let version = "trm-99999999999999999-0000beef"
        try CheckpointStore(directory: folder.path).save(tinyCheckpoint(version: version), model: "default")
        let written = Date()

        var delays: [Double] = []
        for (_, port) in replicas {
            while try await Self.servedVersion(port: port) != version && Date().timeIntervalSince(written) < 30 {
                try await Task.sleep(for: .milliseconds(20))
            }
            delays.append(Date().timeIntervalSince(written))
        }

        for (_, port) in replicas {
            #expect(try await Self.servedVersion(port: port) == version)
        }
        print("replicas: new version served after \(delays.map { String(format: "%.2f s", $0) })")
    }
}

import Foundation
import HTTP
import Service
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A service with its own metrics on a real server, so the counts in a test come from that test alone.
private struct MeteredService {
    let service: RefinerService
    let server: HTTPServer
    let port: Int

    /// Starts a service whose models are loaded only when `loadModels` is true.
    static func start(
        loadModels: Bool, adjust: (inout ServiceConfiguration.Server) -> Void = { _ in }
    ) async throws -> MeteredService {
        var configuration = ServiceConfiguration()
        configuration.server.port = 0
        adjust(&configuration.server)
        configuration.logging.level = "critical"
        configuration.models.checkpointDirectory = try repositoryRoot().appendingPathComponent("Config/models").path
        configuration.api.openAPIFile = try repositoryRoot().appendingPathComponent("openapi.yaml").path
        let logger = configuration.makeLogger(label: "metrics-tests")

        let registry = ModelRegistry()
        if loadModels {
            try await registry.loadDefault(configuration.models, logger: logger)
        }
        let service = RefinerService(configuration: configuration, registry: registry, logger: logger)
        // Wired as `refiner serve` wires it, so /health and 404s are counted on the immediate path.
        let server = HTTPServer(
            configuration: configuration.httpConfiguration, logger: logger, headCheck: service.checkHead,
            immediateHandler: service.handleImmediately
        ) { request in
            await service.handle(request)
        }
        service.metrics.track(server)
        return MeteredService(service: service, server: server, port: try server.start())
    }

    func scrape() async throws -> RawResponse {
        try await RawHTTPClient.send(port: port, RawRequest("GET", "/metrics"))
    }

    func stop() async {
        server.shutdown()
        await server.waitUntilStopped()
    }
}

/// Opens a TCP connection to 127.0.0.1 and sends `bytes` on it, returning the descriptor, or -1 on failure.
private func openConnection(port: Int, sending bytes: [UInt8] = []) -> Int32 {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { return -1 }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard connected == 0, bytes.isEmpty || send(descriptor, bytes, bytes.count, 0) == bytes.count else {
        close(descriptor)
        return -1
    }
    return descriptor
}

/// Polls `condition` every 10 ms for up to 5 seconds and returns whether it became true.
private func eventually(_ condition: () -> Bool) async throws -> Bool {
    for _ in 0..<500 {
        if condition() { return true }
        try await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

@Suite struct MetricsEndpointTests {
    @Test func scrapeIsPrometheusText() async throws {
        let metered = try await MeteredService.start(loadModels: false)
        defer { Task { await metered.stop() } }

        let response = try await metered.scrape()
        let text = String(decoding: response.body, as: UTF8.self)

        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        #expect(text.hasSuffix("\n"))
        #expect(text.contains("# TYPE refiner_http_open_connections gauge"))
        #expect(text.contains("# TYPE refiner_trm_supervision_steps histogram"))
    }

    @Test func requestCountersMoveWithTraffic() async throws {
        let metered = try await MeteredService.start(loadModels: false)
        defer { Task { await metered.stop() } }

        for _ in 0..<3 {
            _ = try await RawHTTPClient.send(port: metered.port, RawRequest("GET", "/health"))
        }
        _ = try await RawHTTPClient.send(port: metered.port, RawRequest("GET", "/no-such-path"))
        _ = try await RawHTTPClient.send(port: metered.port, RawRequest("DELETE", "/verify"))
        let text = String(decoding: try await metered.scrape().body, as: UTF8.self)

        #expect(text.contains(#"refiner_http_requests_total{route="/health",method="GET",status="200"} 3"#))
        #expect(text.contains(#"refiner_http_requests_total{route="unmatched",method="GET",status="404"} 1"#))
        #expect(text.contains(#"refiner_http_requests_total{route="/verify",method="DELETE",status="405"} 1"#))
        #expect(text.contains(#"refiner_http_request_duration_seconds_count{route="/health"} 3"#))
        #expect(!text.contains("/no-such-path"))
    }

    @Test func verificationRecordsSteps() async throws {
        let metered = try await MeteredService.start(loadModels: true)
        defer { Task { await metered.stop() } }

        let sentence = "The head office is in Delhi."
        let item: [String: Any] = ["contexts": [sentence], "answer": sentence]
        let verified = try await RawHTTPClient.send(port: metered.port, try RawRequest.verify(item))
        let body = try verified.json()
        let steps = try #require(body["steps"] as? Int)
        let halted = try #require(body["halted"] as? Bool)
        let text = String(decoding: try await metered.scrape().body, as: UTF8.self)

        #expect(verified.status == 200)
        #expect(text.contains(#"refiner_trm_supervision_steps_count{halted="\#(halted)"} 1"#))
        #expect(text.contains(#"refiner_trm_supervision_steps_sum{halted="\#(halted)"} \#(steps)"#))
        #expect(text.contains(#"refiner_model_info{model="default",version="trm-"#))
    }

    @Test func abstentionRecordsNoSteps() async throws {
        let metered = try await MeteredService.start(loadModels: true)
        defer { Task { await metered.stop() } }

        let item: [String: Any] = [
            "contexts": ["The head office is in Delhi."], "answer": "I cannot answer that from the documents.",
        ]
        let verified = try await RawHTTPClient.send(port: metered.port, try RawRequest.verify(item))
        let body = try verified.json()
        let text = String(decoding: try await metered.scrape().body, as: UTF8.self)

        #expect(verified.status == 200)
        #expect(body["label"] as? String == "abstain")
        #expect(body["steps"] as? Int == 0)
        #expect(text.contains("# TYPE refiner_trm_supervision_steps histogram"))
        #expect(!text.contains(#"refiner_trm_supervision_steps_count{halted="false"}"#))
        #expect(!text.contains(#"refiner_trm_supervision_steps_count{halted="true"}"#))
    }

    @Test func refinementRecordsStepsEnergyAndModels() async throws {
        let metered = try await MeteredService.start(loadModels: true)
        defer { Task { await metered.stop() } }

        let item: [String: Any] = [
            "question": "Where is the head office?",
            "contexts": ["The Oberoi Group is a hotel company with its head office in Delhi."],
            "answer": "The head office is in Mumbai.", "budget": ["steps": 5],
        ]
        let refined = try await RawHTTPClient.send(
            port: metered.port, .json("/refine", Array(try JSONSerialization.data(withJSONObject: item))))
        let energy = try #require(try refined.json()["energy"] as? [String: Any])
        let decrease = try #require(energy["before"] as? Double) - (try #require(energy["after"] as? Double))
        let text = String(decoding: try await metered.scrape().body, as: UTF8.self)

        #expect(refined.status == 200)
        let outcomes = ["kept", "rejected", "unchanged"]
        let counted = outcomes.filter { text.contains(#"refiner_ebm_refinement_steps_count{outcome="\#($0)"} 1"#) }
        #expect(counted.count == 1)
        #expect(outcomes.contains { text.contains(#"refiner_ebm_refinement_steps_sum{outcome="\#($0)"} 5"#) })
        #expect(text.contains("refiner_ebm_energy_decrease_count 1"))
        let sumLine = try #require(
            text.split(separator: "\n").first { $0.hasPrefix("refiner_ebm_energy_decrease_sum ") })
        #expect(abs((Double(sumLine.split(separator: " ").last ?? "") ?? .nan) - decrease) < 1e-3)
        #expect(text.contains(#"refiner_energy_model_info{model="default",version="ebm-"#))
        #expect(text.contains(#"refiner_training_jobs{state="running"} 0"#))
    }

    @Test func openConnectionsGaugeMatchesServer() async throws {
        let metered = try await MeteredService.start(loadModels: false)
        defer { Task { await metered.stop() } }

        let first = openConnection(port: metered.port)
        let second = openConnection(port: metered.port)
        defer {
            close(first)
            close(second)
        }
        let bothOpen = try await eventually { metered.server.openConnections == 2 }
        let text = metered.service.metrics.exposition(models: [:])

        #expect(first >= 0)
        #expect(second >= 0)
        #expect(bothOpen)
        #expect(text.contains("\nrefiner_http_open_connections 2\n"))
    }

    @Test func serverRejectionsAreCountedByStatus() async throws {
        let metered = try await MeteredService.start(loadModels: false)
        defer { Task { await metered.stop() } }

        let descriptor = openConnection(port: metered.port, sending: Array("GET /health HTTP/2.0\r\n\r\n".utf8))
        defer { close(descriptor) }
        let counted = try await eventually { metered.server.statistics.snapshot.rejectedRequests[505] == 1 }
        let text = String(decoding: try await metered.scrape().body, as: UTF8.self)

        #expect(descriptor >= 0)
        #expect(counted)
        #expect(text.contains(#"refiner_http_rejected_requests_total{status="505"} 1"#))
    }

    @Test func slowClientIsCountedAs408() async throws {
        let metered = try await MeteredService.start(loadModels: false) { $0.headerTimeoutSeconds = 0.2 }
        defer { Task { await metered.stop() } }

        let descriptor = openConnection(port: metered.port, sending: Array("GET /health HTTP/1.1\r\nHost: a".utf8))
        defer { close(descriptor) }
        let counted = try await eventually { metered.server.statistics.snapshot.rejectedRequests[408] == 1 }
        let text = metered.service.metrics.exposition(models: [:])

        #expect(descriptor >= 0)
        #expect(counted)
        #expect(text.contains(#"refiner_http_rejected_requests_total{status="408"} 1"#))
    }

    @Test func rejectedConnectionIsCounted() async throws {
        let metered = try await MeteredService.start(loadModels: false) { $0.maxConnections = 1 }
        defer { Task { await metered.stop() } }

        let first = openConnection(port: metered.port)
        defer { close(first) }
        let firstOpen = try await eventually { metered.server.openConnections == 1 }
        let second = openConnection(port: metered.port)
        defer { close(second) }
        let rejected = try await eventually { metered.server.statistics.snapshot.rejectedConnections == 1 }
        let text = metered.service.metrics.exposition(models: [:])

        #expect(firstOpen)
        #expect(rejected)
        #expect(text.contains("\nrefiner_http_rejected_connections_total 1\n"))
    }
}

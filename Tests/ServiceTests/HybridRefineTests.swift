import Foundation
import Logging
import Testing
import Text
import UpstreamStub

/// The service with its upstream pointed at the stub, both on 127.0.0.1, and the log lines the service wrote.
final class HybridFixture: Sendable {
    static let apiKey = "sk-refiner-test-5f1c9a7e"

    let stub: UpstreamStub
    let service: ServiceHarness
    let logs: LogSink

    init(stub: UpstreamStub, service: ServiceHarness, logs: LogSink) {
        self.stub = stub
        self.service = service
        self.logs = logs
    }

    /// Starts a stub and a service whose upstream is `url`, or the stub when `url` is nil.
    static func start(url: String? = nil) async throws -> HybridFixture {
        let stub = try await UpstreamStub()
        let logs = LogSink.memory()
        let service = try await ServiceHarness.start(
            adjust: { configuration in
                configuration.upstream.url = url ?? stub.baseURL
                configuration.upstream.apiKey = apiKey
                configuration.upstream.timeoutSeconds = 1
                configuration.upstream.connectTimeoutSeconds = 0.5
                configuration.upstream.maxRetries = 1
                configuration.upstream.retryBaseSeconds = 0.01
                configuration.upstream.retryMaxSeconds = 0.05
            }, sink: logs)
        return HybridFixture(stub: stub, service: service, logs: logs)
    }
}

/// `/refine` with an upstream: generation, the revision loop, its budget and deadline, and failures.
@Suite(.serialized) struct HybridRefineTests {
    static let fixture = Task { try await HybridFixture.start() }

    private func refine(_ body: [String: Any], port: Int) async throws -> (status: Int, json: [String: Any]) {
        let response = try await RawHTTPClient.send(
            port: port, .json("/refine", Array(try JSONSerialization.data(withJSONObject: body))))
        return (response.status, try response.json())
    }

    /// Returns a development question whose answer is labelled unsupported and which the energy model leaves as it is
    /// ("Mike Williams acted with Lennox Lewis."), so the upstream stage runs.
    private func unsupportedQuestion() throws -> LabelledRecord {
        try #require(try developmentRecords.get().first { $0.id == "halueval-qa-402-one" })
    }

    /// Builds a `/refine` body from the record's question and contexts, with its answer unless `withAnswer` is false.
    private func body(_ record: LabelledRecord, withAnswer: Bool = true, budget: [String: Int] = [:]) -> [String: Any] {
        var body: [String: Any] = ["question": record.question ?? "", "contexts": record.contexts, "budget": budget]
        if withAnswer { body["answer"] = record.answer }
        return body
    }

    private func stages(_ json: [String: Any]) -> [String] {
        (json["trace"] as? [[String: Any]] ?? []).map { $0["stage"] as? String ?? "" }
    }

    private func support(_ json: [String: Any], _ key: String) -> Double? {
        ((json["verification"] as? [String: Any])?[key] as? [String: Any])?["faithfulness"] as? Double
    }

    /// A summary's revision must keep half the words of its supported sentences: the stub answers with one passage
    /// sentence, which had replaced right summaries whole.
    @Test func revisionDroppingTheSummaryIsRejected() async throws {
        let fixture = try await Self.fixture.value
        let record = try #require(
            try developmentRecords.get().first { $0.id == "summedits-ectsum-ectsum_COF_q3_2021_17" })

        let (status, json) = try await refine(
            ["contexts": record.contexts, "answer": record.answer, "budget": ["upstream_calls": 1]],
            port: fixture.service.port)
        let results = (json["trace"] as? [[String: Any]] ?? []).compactMap { $0["result"] as? String }

        #expect(status == 200)
        #expect(record.label == 1)
        #expect(json["answer"] as? String == record.answer)
        #expect(results.contains { $0.hasPrefix("rejected: the revision keeps") }, "\(results)")
    }

    @Test func writesAndVerifiesAnAnswerWhenNoneIsSent() async throws {
        let fixture = try await Self.fixture.value
        try fixture.stub.reset()
        let record = try unsupportedQuestion()

        let (status, json) = try await refine(
            body(record, withAnswer: false, budget: ["upstream_calls": 0]),
            port: fixture.service.port)

        #expect(status == 200)
        let original = try #require(json["original"] as? String)
        #expect(original.hasSuffix("It was founded in 1875."))
        #expect(stages(json).prefix(2) == ["generate", "verify"])
        let candidates = try #require(json["candidates"] as? [[String: Any]])
        #expect(candidates.first?["source"] as? String == "generated")
        #expect((json["verification"] as? [String: Any])?["before"] != nil)
        #expect(json["upstream_calls"] as? Int == 1)
        let requests = try fixture.stub.requests()
        #expect(requests.count == 1)
        #expect(requests.first?.header("authorization") == "Bearer \(HybridFixture.apiKey)")
    }

    @Test func revisesWithinTheCallBudgetAndNeverLosesSupport() async throws {
        let fixture = try await Self.fixture.value
        try fixture.stub.reset()
        let record = try unsupportedQuestion()

        let (status, json) = try await refine(
            body(record, budget: ["upstream_calls": 2]), port: fixture.service.port)

        #expect(status == 200)
        #expect(try fixture.stub.requests().count <= 2)
        #expect((json["upstream_calls"] as? Int ?? 99) <= 2)
        #expect(stages(json).contains("upstream"))
        let before = try #require(support(json, "before"))
        let after = try #require(support(json, "after"))
        #expect(after >= before)
        let candidates = try #require(json["candidates"] as? [[String: Any]])
        #expect(candidates.contains { $0["source"] as? String == "upstream" })
        #expect(candidates.filter { $0["chosen"] as? Bool == true }.count == 1)
    }

    @Test func chosenRevisionComesWithEditsOfTheOriginal() async throws {
        let fixture = try await Self.fixture.value
        try fixture.stub.reset()
        let record = try unsupportedQuestion()

        let (_, json) = try await refine(
            body(record, budget: ["upstream_calls": 1]), port: fixture.service.port)

        let answer = try #require(json["answer"] as? String)
        let original = try #require(json["original"] as? String)
        let edits = try #require(json["edits"] as? [[String: Any]])
        #expect(answer == original || !edits.isEmpty)
        let scalars = Array(original.unicodeScalars)
        var rebuilt = String.UnicodeScalarView()
        var cursor = 0
        for edit in edits {
            let start = try #require(edit["start"] as? Int)
            let end = try #require(edit["end"] as? Int)
            try #require(cursor <= start && start <= end && end <= scalars.count)
            var slice = String.UnicodeScalarView()
            slice.append(contentsOf: scalars[start..<end])
            #expect(String(slice) == edit["before"] as? String)
            rebuilt.append(contentsOf: scalars[cursor..<start])
            rebuilt.append(contentsOf: (edit["after"] as? String ?? "").unicodeScalars)
            cursor = end
        }
        rebuilt.append(contentsOf: scalars[cursor...])
        #expect(String(rebuilt) == answer)
    }

    @Test func aBudgetOfNoCallsMakesNone() async throws {
        let fixture = try await Self.fixture.value
        try fixture.stub.reset()
        let record = try unsupportedQuestion()

        let (status, json) = try await refine(
            body(record, budget: ["upstream_calls": 0]), port: fixture.service.port)

        #expect(status == 200)
        #expect(try fixture.stub.requests().isEmpty)
        #expect(["upstream_calls_spent", "all_spans_supported"].contains(json["stop_reason"] as? String ?? ""))
    }

    @Test(arguments: [
        (["500", "500"], "upstream_status", "upstream_failed"),
        (["truncated_json"], "upstream_invalid_reply", "upstream_failed"),
        (["length"], "upstream_truncated", "upstream_failed"),
        (["no_content"], "upstream_empty_content", "upstream_failed"),
        (["wrong_content_type"], "upstream_invalid_reply", "upstream_failed"),
        (["close_mid_reply", "close_mid_reply"], "upstream_connection", "upstream_failed"),
    ])
    func failingUpstreamLeavesTheLocalStagesStanding(modes: [String], code: String, stopReason: String)
        async throws
    {
        let fixture = try await Self.fixture.value
        try fixture.stub.reset()
        try fixture.stub.script(modes)
        let record = try unsupportedQuestion()

        let (status, json) = try await refine(
            body(record, budget: ["upstream_calls": 1]), port: fixture.service.port)

        #expect(status == 200)
        #expect(json["stop_reason"] as? String == stopReason)
        let upstream = (json["trace"] as? [[String: Any]] ?? []).first { $0["stage"] as? String == "upstream" }
        #expect((upstream?["result"] as? String)?.hasPrefix("failed: \(code)") == true)
        #expect(json["answer"] is String)
    }

    @Test(arguments: [
        (["500", "500"], 502, "upstream_status"),
        (["truncated_json"], 502, "upstream_invalid_reply"),
        (["length"], 502, "upstream_truncated"),
        (["no_content"], 502, "upstream_empty_content"),
        (["close_mid_reply", "close_mid_reply"], 502, "upstream_connection"),
    ])
    func failingUpstreamWithoutAnAnswerIsABadGateway(modes: [String], status: Int, code: String) async throws {
        let fixture = try await Self.fixture.value
        try fixture.stub.reset()
        try fixture.stub.script(modes)
        let record = try unsupportedQuestion()

        let (responseStatus, json) = try await refine(
            body(record, withAnswer: false), port: fixture.service.port)

        #expect(responseStatus == status)
        let error = try #require(json["error"] as? [String: Any])
        #expect(error["code"] as? String == code)
        #expect((error["message"] as? String)?.contains("upstream") == true)
    }

    @Test func retriesAfter429AndKeepsTheRevision() async throws {
        let fixture = try await Self.fixture.value
        try fixture.stub.reset()
        try fixture.stub.script(["429", "ok"])
        let record = try unsupportedQuestion()

        let (status, json) = try await refine(
            body(record, budget: ["upstream_calls": 1]), port: fixture.service.port)

        #expect(status == 200)
        #expect(try fixture.stub.requests().count == 2)
        #expect(json["upstream_calls"] as? Int == 1)
        let candidates = try #require(json["candidates"] as? [[String: Any]])
        #expect(candidates.contains { $0["source"] as? String == "upstream" })
    }

    @Test func slowUpstreamWithoutAnAnswerTimesOutWithinTheDeadlinePlusOneTimeout() async throws {
        let fixture = try await Self.fixture.value
        try fixture.stub.reset()
        try fixture.stub.script(["slow", "slow", "slow"], delay: 5)
        let record = try unsupportedQuestion()
        let started = ContinuousClock.now

        let (status, json) = try await refine(
            body(record, withAnswer: false, budget: ["deadline_ms": 300, "upstream_calls": 2]),
            port: fixture.service.port)

        let elapsed = ContinuousClock.now - started
        #expect(status == 504)
        #expect((json["error"] as? [String: Any])?["code"] as? String == "upstream_timeout")
        // The deadline is 0.3 s and one upstream timeout is 1 s; the stub would take 5 s.
        #expect(elapsed < .milliseconds(1300 + 700))
    }

    @Test func slowUpstreamWithAnAnswerStillReturnsTheLocalResult() async throws {
        let fixture = try await Self.fixture.value
        try fixture.stub.reset()
        try fixture.stub.script(["slow", "slow", "slow"], delay: 5)
        let record = try unsupportedQuestion()
        let started = ContinuousClock.now

        let (status, json) = try await refine(
            body(record, budget: ["deadline_ms": 300, "upstream_calls": 2]), port: fixture.service.port)

        let elapsed = ContinuousClock.now - started
        #expect(status == 200)
        // The attempt is cut at the deadline, before its own 1 s timeout.
        #expect(json["stop_reason"] as? String == "deadline_reached")
        #expect(elapsed < .milliseconds(1300 + 700))
    }

    @Test func verifyAndScoreNeverCallTheUpstream() async throws {
        let fixture = try await Self.fixture.value
        try fixture.stub.reset()
        let record = try unsupportedQuestion()
        let item: [String: Any] = [
            "question": record.question ?? "", "contexts": record.contexts, "answer": record.answer,
        ]
        let body = Array(try JSONSerialization.data(withJSONObject: item))

        let verify = try await RawHTTPClient.send(port: fixture.service.port, .json("/verify", body))
        let score = try await RawHTTPClient.send(port: fixture.service.port, .json("/score", body))
        var ebm = item
        ebm["strategy"] = "ebm"
        let local = try await refine(ebm, port: fixture.service.port)

        #expect(verify.status == 200)
        #expect(score.status == 200)
        #expect(local.status == 200)
        #expect(try fixture.stub.requests().isEmpty)
    }

    @Test func theAPIKeyAppearsInNoLogLineAndNoResponse() async throws {
        let fixture = try await Self.fixture.value
        try fixture.stub.reset()
        // The 401 reply repeats the bearer token in its error message, as a careless proxy might.
        try fixture.stub.script(["401", "ok", "500", "500", "ok"])
        let record = try unsupportedQuestion()
        var bodies: [String] = []
        for answer in [nil, record.answer, nil] as [String?] {
            var body: [String: Any] = body(record, withAnswer: false)
            body["answer"] = answer
            let response = try await RawHTTPClient.send(
                port: fixture.service.port, .json("/refine", Array(try JSONSerialization.data(withJSONObject: body))))
            bodies.append(String(decoding: response.body, as: UTF8.self))
        }

        #expect(!fixture.logs.capturedLines.isEmpty)
        #expect(!fixture.logs.capturedLines.contains { $0.contains(HybridFixture.apiKey) })
        #expect(!bodies.contains { $0.contains(HybridFixture.apiKey) })
    }

    @Test func upstreamAttemptsAreCountedInMetrics() async throws {
        let fixture = try await Self.fixture.value
        try fixture.stub.reset()
        let record = try unsupportedQuestion()
        _ = try await refine(
            body(record, withAnswer: false, budget: ["upstream_calls": 1]),
            port: fixture.service.port)

        let metrics = try await RawHTTPClient.send(port: fixture.service.port, RawRequest("GET", "/metrics"))

        let text = String(decoding: metrics.body, as: UTF8.self)
        #expect(text.contains(#"refiner_upstream_attempts_total{outcome="ok"}"#))
    }
}

/// `/refine` with an upstream that is not listening.
@Suite struct UnreachableUpstreamTests {
    /// Returns a loopback port nothing listens on: bound, then closed.
    static func closedPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(descriptor, address, length) == 0 && getsockname(descriptor, address, &length) == 0
            }
        }
        guard bound else { throw RawClientError(description: "cannot bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func refineWithAnAnswerSaysTheUpstreamWasSkippedAndWithoutOneIsABadGateway() async throws {
        let fixture = try await HybridFixture.start(url: "http://127.0.0.1:\(try Self.closedPort())/v1")
        let record = try #require(try developmentRecords.get().first { $0.id == "halueval-qa-402-one" })
        let item: [String: Any] = [
            "question": record.question ?? "", "contexts": record.contexts, "answer": record.answer,
        ]
        var withoutAnswer = item
        withoutAnswer["answer"] = nil

        let local = try await RawHTTPClient.send(
            port: fixture.service.port, .json("/refine", Array(try JSONSerialization.data(withJSONObject: item))))
        let generated = try await RawHTTPClient.send(
            port: fixture.service.port,
            .json("/refine", Array(try JSONSerialization.data(withJSONObject: withoutAnswer))))

        #expect(local.status == 200)
        let trace = try local.json()["trace"] as? [[String: Any]] ?? []
        let upstream = trace.first { $0["stage"] as? String == "upstream" }
        #expect((upstream?["result"] as? String)?.hasPrefix("failed: upstream_connection") == true)
        #expect(generated.status == 502)
        #expect((try generated.json()["error"] as? [String: Any])?["code"] as? String == "upstream_connection")
    }
}

import Foundation
import HTTP
import Logging
import Service
import TRM
import Tensor
import Text

/// `refiner bench`: measures `/verify` latency through a real server on loopback, and raw verifier throughput.
enum BenchCommand {
    static let help = """
        Usage: refiner bench --data FILE [options]

        Starts the service in this process on 127.0.0.1 with a free port and the configured models, sends it
        POST /verify requests built from the records of FILE, and prints latency percentiles and throughput per
        number of concurrent clients, beside the verifier called directly without HTTP. Then times POST /refine
        with the default steps and the ebm strategy, and POST /score ranking 16 candidates, one client each. With
        an upstream configured (REFINER_UPSTREAM_URL) it also times POST /refine with the hybrid strategy.

        Options:
          --data FILE        Labelled records to send (required).
          --requests N       Requests per measurement, 1-100000. Default: 400.
          --config FILE      Service configuration. Default: Config/default.json.
          --markdown FILE    Also write the table into this Markdown file, between bench markers.
        """

    static func run(_ rawArguments: [String]) async throws {
        let arguments = try Arguments(rawArguments, options: ["data", "requests", "config", "markdown"])
        if arguments.wantsHelp {
            print(help)
            return
        }
        guard let dataPath = arguments.string("data") else {
            throw Arguments.ParseError(description: "--data is required; see refiner bench --help")
        }
        let requests = try arguments.integer("requests", in: 1...100_000) ?? 400
        var configuration = try ServeCommand.loadConfiguration(arguments)
        configuration.server.port = 0
        configuration.logging.level = "warning"

        BLAS.setThreadCount(1)
        let records = try LabelledRecord.load(path: dataPath)
        let bodies = try records.map { record in
            try JSONSerialization.data(
                withJSONObject: [
                    "question": record.question as Any, "contexts": record.contexts, "answer": record.answer,
                ])
        }.map { Array($0) }

        let logger = configuration.makeLogger(label: "bench")
        let registry = ModelRegistry()
        try await registry.loadDefault(configuration.models, logger: logger)
        let service = RefinerService(configuration: configuration, registry: registry, logger: logger)
        let server = HTTPServer(
            configuration: configuration.httpConfiguration, logger: logger, headCheck: service.checkHead,
            immediateHandler: service.handleImmediately
        ) { request in
            await service.handle(request)
        }
        let port = try server.start()
        defer { server.shutdown() }

        var rows = [try await direct(records, requests: requests, registry: registry)]
        for clients in [1, 2, 4] {
            rows.append(try http(bodies, requests: requests, clients: clients, port: port))
        }
        rows.append(
            try http(
                try refineBodies(records, strategy: "ebm"), path: "/refine", name: "POST /refine, ebm",
                requests: requests, clients: 1, port: port))
        if configuration.upstream.isConfigured {
            // The upstream's own time is part of these latencies; with the loopback stub it is about a millisecond.
            rows.append(
                try http(
                    try refineBodies(records, strategy: "hybrid"), path: "/refine",
                    name: "POST /refine, hybrid, upstream on loopback", requests: requests, clients: 1, port: port))
        }
        rows.append(
            try http(
                try scoreBodies(records), path: "/score", name: "POST /score, 16 candidates", requests: requests,
                clients: 1, port: port))
        let table = BenchTable.markdown(rows)
        print(table)
        if let path = arguments.string("markdown") {
            try BenchTable.write(table, command: "refiner bench --data \(dataPath) --requests \(requests)", to: path)
            print("wrote the table into \(path)")
        }
    }

    /// Times the verifier actor called directly, one request after another.
    private static func direct(_ records: [LabelledRecord], requests: Int, registry: ModelRegistry) async throws
        -> BenchTable.Row
    {
        guard let verifier = await registry.verifier(named: "default") else {
            throw Arguments.ParseError(description: "the default model did not load")
        }
        var latencies: [Double] = []
        let started = Date()
        for index in 0..<requests {
            let record = records[index % records.count]
            let start = Date()
            _ = try await verifier.verify(question: record.question, contexts: record.contexts, answer: record.answer)
            latencies.append(Date().timeIntervalSince(start) * 1000)
        }
        return BenchTable.Row(
            name: "verifier, direct", clients: 1, latencies: latencies, seconds: Date().timeIntervalSince(started))
    }

    /// `/refine` bodies of the records with the given strategy, the default steps and 2 upstream calls.
    private static func refineBodies(_ records: [LabelledRecord], strategy: String) throws -> [[UInt8]] {
        try records.map { record in
            Array(
                try JSONSerialization.data(
                    withJSONObject: [
                        "question": record.question as Any, "contexts": record.contexts, "answer": record.answer,
                        "strategy": strategy, "budget": ["upstream_calls": 2],
                    ]))
        }
    }

    /// `/score` bodies ranking 16 candidates: the answers and references written for the same passages, topped
    /// up with answers to other records when a passage has fewer.
    private static func scoreBodies(_ records: [LabelledRecord]) throws -> [[UInt8]] {
        let answers = records.flatMap { [$0.answer] + ($0.reference.map { [$0] } ?? []) }
        let byContext = Dictionary(grouping: records, by: { $0.contexts })
        return try byContext.values.compactMap(\.first).sorted { $0.id < $1.id }.map { record in
            var candidates = Array(
                Set(
                    byContext[record.contexts, default: []].flatMap {
                        [$0.answer] + ($0.reference.map { [$0] } ?? [])
                    })
            ).sorted().prefix(16)
            var next = 0
            while candidates.count < 16, !answers.isEmpty {
                candidates.append(answers[next % answers.count])
                next += 1
            }
            return Array(
                try JSONSerialization.data(
                    withJSONObject: [
                        "question": record.question as Any, "contexts": record.contexts,
                        "candidates": Array(candidates),
                    ]))
        }
    }

    /// Times POSTs to `path` from `clients` threads, each on its own keep-alive connection.
    private static func http(
        _ bodies: [[UInt8]], path: String = "/verify", name: String? = nil, requests: Int, clients: Int, port: Int
    ) throws -> BenchTable.Row {
        let results = LatencyLog()
        let started = Date()
        DispatchQueue.concurrentPerform(iterations: clients) { client in
            do {
                let connection = try LoopbackClient(port: port)
                for index in stride(from: client, to: requests, by: clients) {
                    let start = Date()
                    let status = try connection.post(path: path, body: bodies[index % bodies.count])
                    results.append(Date().timeIntervalSince(start) * 1000, failed: status != 200)
                }
            } catch {
                results.append(0, failed: true)
            }
        }
        let (latencies, failures) = results.snapshot()
        guard failures == 0 else {
            throw Arguments.ParseError(
                description: "\(failures) of \(requests) requests failed with \(clients) clients")
        }
        return BenchTable.Row(
            name: name ?? "POST \(path) over HTTP", clients: clients, latencies: latencies,
            seconds: Date().timeIntervalSince(started))
    }
}

/// Latencies recorded from several threads; the lock guards both arrays.
final class LatencyLog: @unchecked Sendable {
    private let lock = NSLock()
    private var latencies: [Double] = []
    private var failures = 0

    func append(_ latency: Double, failed: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if failed { failures += 1 } else { latencies.append(latency) }
    }

    func snapshot() -> ([Double], Int) {
        lock.lock()
        defer { lock.unlock() }
        return (latencies, failures)
    }
}

import Foundation
import HTTP

/// The service's metrics, owned by the service and rendered by `GET /metrics` in the Prometheus text format.
///
/// Request counts, latencies, recursion steps and halting are recorded as they happen. Open connections, the
/// requests the HTTP server rejected itself and the loaded model versions are read at scrape time. Engines added
/// later register their own counters and histograms with `register(_:)`.
public final class ServiceMetrics: @unchecked Sendable {
    /// Methods kept as label values; any other method is counted as `other`, so clients cannot add series.
    static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
    /// Route label of requests whose path matches no route, so unknown paths cannot add series either.
    public static let unmatchedRoute = "unmatched"

    /// Responses the service sent, by route, method and status.
    public let requests = Counter(
        name: "refiner_http_requests_total", help: "Responses the service sent, by route, method and status.",
        labelNames: ["route", "method", "status"])
    /// Time from the parsed request to the handler's response, by route, in seconds.
    public let requestDuration = Histogram(
        name: "refiner_http_request_duration_seconds",
        help: "Time the service took to produce a response, from the parsed request to the response, in seconds.",
        labelNames: ["route"],
        upperBounds: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10])
    /// Supervision steps the TRM verifier ran per verification, by whether the halting head stopped it early.
    /// Abstentions run no recursion and are left out.
    public let verifierSteps = Histogram(
        name: "refiner_trm_supervision_steps",
        help: "Supervision steps the TRM verifier ran per verification, summed over windows, by whether it halted "
            + "before the step limit.",
        labelNames: ["halted"],
        upperBounds: [0, 1, 2, 3, 4, 6, 8, 12, 16, 32, 64])

    /// Descent steps of each `/refine` by the energy model, by outcome: edits kept, edits rejected because the
    /// energy did not fall, or no edit chosen.
    public let refinementSteps = Histogram(
        name: "refiner_ebm_refinement_steps",
        help: "Descent steps the energy model ran per refinement, by outcome: kept, rejected or unchanged.",
        labelNames: ["outcome"],
        upperBounds: [1, 2, 3, 4, 5, 6, 7, 8])
    /// Energy before refinement minus energy after, per `/refine`; 0 when no edit was kept.
    public let energyDecrease = Histogram(
        name: "refiner_ebm_energy_decrease",
        help: "Energy of the answer as written minus the energy of the refined answer, per refinement.",
        upperBounds: [0, 0.5, 1, 2, 4, 8, 16])

    /// HTTP attempts to the upstream LLM, by outcome: `ok` or the error code, such as `upstream_timeout`.
    public let upstreamAttempts = Counter(
        name: "refiner_upstream_attempts_total",
        help: "HTTP attempts to the upstream LLM, retries included, by outcome: ok or the error code.",
        labelNames: ["outcome"])
    /// Time of each HTTP attempt to the upstream LLM, in seconds.
    public let upstreamDuration = Histogram(
        name: "refiner_upstream_attempt_duration_seconds",
        help: "Time of each HTTP attempt to the upstream LLM, in seconds.",
        upperBounds: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60])

    // The lock guards `server` and `extraFamilies`.
    private let lock = NSLock()
    private var server: HTTPServer?
    private var extraFamilies: [String: @Sendable () -> String] = [:]

    public init() {}

    /// Reads open connections and server-side rejections from `server` at each scrape.
    public func track(_ server: HTTPServer) {
        lock.withLock { self.server = server }
    }

    /// Adds a counter to the scrape output, replacing an earlier family of the same name.
    public func register(_ counter: Counter) {
        lock.withLock { extraFamilies[counter.name] = { counter.exposition() } }
    }

    /// Adds a histogram to the scrape output, replacing an earlier family of the same name.
    public func register(_ histogram: Histogram) {
        lock.withLock { extraFamilies[histogram.name] = { histogram.exposition() } }
    }

    /// Counts one request that got a response from the service, and its duration.
    ///
    /// - Parameters:
    ///   - route: The matched route's path, or `unmatchedRoute`.
    ///   - method: The request method; methods outside `knownMethods` count as `other`.
    ///   - status: The response status.
    ///   - seconds: Time the handler took.
    public func recordRequest(route: String, method: String, status: Int, seconds: Double) {
        let methodLabel = Self.knownMethods.contains(method) ? method : "other"
        requests.increment([route, methodLabel, String(status)])
        requestDuration.observe(seconds, [route])
    }

    /// Records the recursion steps of one verification and whether it halted early.
    ///
    /// A verification with no steps ran no recursion, as an abstention does. It is not observed, because it would
    /// otherwise land in `halted="false"`, the series of recursions that ran to the step limit.
    public func recordVerification(steps: Int, halted: Bool) {
        guard steps > 0 else { return }
        verifierSteps.observe(Double(steps), [halted ? "true" : "false"])
    }

    /// Records one HTTP attempt to the upstream LLM.
    public func recordUpstreamAttempt(outcome: String, seconds: Double) {
        upstreamAttempts.increment([outcome])
        upstreamDuration.observe(seconds)
    }

    /// Records one refinement: its steps, whether its edits were kept, and how far the energy fell.
    public func recordRefinement(steps: Int, outcome: String, energyDecrease decrease: Double) {
        refinementSteps.observe(Double(steps), [outcome])
        energyDecrease.observe(max(decrease, 0))
    }

    /// Renders every family in the Prometheus text format.
    ///
    /// - Parameters:
    ///   - models: The loaded verifiers' versions by model name, written as `refiner_model_info`.
    ///   - energyModels: The loaded energy models' versions by name, written as `refiner_energy_model_info`.
    ///   - trainingJobs: Training jobs the service keeps, by state, written as `refiner_training_jobs`.
    public func exposition(
        models: [String: String], energyModels: [String: String] = [:], trainingJobs: [String: Int] = [:]
    ) -> String {
        let (server, extra) = lock.withLock { (self.server, extraFamilies) }

        var text = requests.exposition() + requestDuration.exposition()
        if let server {
            text += serverFamilies(server)
        }
        text += verifierSteps.exposition()
        text += PrometheusText.header(
            name: "refiner_model_info", help: "Loaded models; the value is always 1 and the labels carry the version.",
            type: "gauge")
        for name in models.keys.sorted() {
            text += PrometheusText.sample("refiner_model_info", [("model", name), ("version", models[name] ?? "")], 1)
        }
        text += refinementSteps.exposition() + energyDecrease.exposition()
        text += upstreamAttempts.exposition() + upstreamDuration.exposition()
        text += PrometheusText.header(
            name: "refiner_energy_model_info",
            help: "Loaded energy models; the value is always 1 and the labels carry the version.", type: "gauge")
        for name in energyModels.keys.sorted() {
            text += PrometheusText.sample(
                "refiner_energy_model_info", [("model", name), ("version", energyModels[name] ?? "")], 1)
        }
        text += PrometheusText.header(
            name: "refiner_training_jobs",
            help: "Training jobs the service keeps, queued, running or finished, by state.", type: "gauge")
        for state in TrainingJob.State.allCases {
            text += PrometheusText.sample(
                "refiner_training_jobs", [("state", state.rawValue)], Double(trainingJobs[state.rawValue] ?? 0))
        }
        for name in extra.keys.sorted() {
            text += extra[name]?() ?? ""
        }
        return text
    }

    private func serverFamilies(_ server: HTTPServer) -> String {
        let statistics = server.statistics.snapshot
        var text = PrometheusText.header(
            name: "refiner_http_open_connections", help: "TCP connections open now.", type: "gauge")
        text += PrometheusText.sample("refiner_http_open_connections", [], Double(server.openConnections))

        text += PrometheusText.header(
            name: "refiner_http_rejected_requests_total",
            help: "Requests the HTTP server rejected with an error before routing, by status (408 is a slow client).",
            type: "counter")
        for status in statistics.rejectedRequests.keys.sorted() {
            let count = Double(statistics.rejectedRequests[status] ?? 0)
            text += PrometheusText.sample("refiner_http_rejected_requests_total", [("status", String(status))], count)
        }

        text += PrometheusText.header(
            name: "refiner_http_rejected_connections_total",
            help: "Connections rejected with 503 because the connection limit was reached.", type: "counter")
        text += PrometheusText.sample(
            "refiner_http_rejected_connections_total", [], Double(statistics.rejectedConnections))
        return text
    }
}

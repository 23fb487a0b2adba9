import Service
import Testing

/// Checks the Prometheus text rendering of counters, histograms and model info, read back line by line.
@Suite struct MetricsExpositionTests {
    private func lines(_ metrics: ServiceMetrics, models: [String: String] = [:]) -> [String] {
        metrics.exposition(models: models).split(separator: "\n").map(String.init)
    }

    @Test func counterSumsIncrementsPerLabelSet() {
        let metrics = ServiceMetrics()

        metrics.recordRequest(route: "/health", method: "GET", status: 200, seconds: 0.001)
        metrics.recordRequest(route: "/health", method: "GET", status: 200, seconds: 0.002)
        metrics.recordRequest(route: "/verify", method: "POST", status: 400, seconds: 0.003)
        let output = lines(metrics)

        #expect(output.contains(#"refiner_http_requests_total{route="/health",method="GET",status="200"} 2"#))
        #expect(output.contains(#"refiner_http_requests_total{route="/verify",method="POST",status="400"} 1"#))
        #expect(output.contains("# TYPE refiner_http_requests_total counter"))
    }

    @Test(arguments: ["BREW", "get", "PROPFIND"])
    func unknownMethodCountsAsOther(method: String) {
        let metrics = ServiceMetrics()

        metrics.recordRequest(route: ServiceMetrics.unmatchedRoute, method: method, status: 405, seconds: 0)

        #expect(metrics.requests.value(["unmatched", "other", "405"]) == 1)
        #expect(metrics.requests.value(["unmatched", method, "405"]) == 0)
    }

    @Test func histogramBucketsAreCumulative() {
        let metrics = ServiceMetrics()

        for seconds in [0.0005, 0.003, 0.003, 0.2, 30] {
            metrics.recordRequest(route: "/verify", method: "POST", status: 200, seconds: seconds)
        }
        let output = lines(metrics)

        let name = "refiner_http_request_duration_seconds"
        #expect(output.contains(#"\#(name)_bucket{route="/verify",le="0.001"} 1"#))
        #expect(output.contains(#"\#(name)_bucket{route="/verify",le="0.0025"} 1"#))
        #expect(output.contains(#"\#(name)_bucket{route="/verify",le="0.005"} 3"#))
        #expect(output.contains(#"\#(name)_bucket{route="/verify",le="0.25"} 4"#))
        #expect(output.contains(#"\#(name)_bucket{route="/verify",le="10"} 4"#))
        #expect(output.contains(#"\#(name)_bucket{route="/verify",le="+Inf"} 5"#))
        #expect(output.contains(#"\#(name)_count{route="/verify"} 5"#))
        #expect(output.contains(#"\#(name)_sum{route="/verify"} 30.2065"#))
    }

    @Test func verificationStepsAreSplitByHalting() {
        let metrics = ServiceMetrics()

        metrics.recordVerification(steps: 1, halted: true)
        metrics.recordVerification(steps: 4, halted: false)
        metrics.recordVerification(steps: 2, halted: true)
        let output = lines(metrics)

        #expect(output.contains(#"refiner_trm_supervision_steps_bucket{halted="true",le="1"} 1"#))
        #expect(output.contains(#"refiner_trm_supervision_steps_bucket{halted="true",le="2"} 2"#))
        #expect(output.contains(#"refiner_trm_supervision_steps_bucket{halted="false",le="3"} 0"#))
        #expect(output.contains(#"refiner_trm_supervision_steps_bucket{halted="false",le="4"} 1"#))
        #expect(output.contains(#"refiner_trm_supervision_steps_count{halted="true"} 2"#))
        #expect(output.contains(#"refiner_trm_supervision_steps_sum{halted="false"} 4"#))
    }

    @Test func verificationWithoutStepsIsNotObserved() {
        let metrics = ServiceMetrics()

        metrics.recordVerification(steps: 0, halted: false)
        metrics.recordVerification(steps: 2, halted: true)
        let output = lines(metrics)

        #expect(output.contains(#"refiner_trm_supervision_steps_count{halted="true"} 1"#))
        #expect(!output.contains { $0.hasPrefix(#"refiner_trm_supervision_steps_count{halted="false"}"#) })
        #expect(!output.contains { $0.hasPrefix(#"refiner_trm_supervision_steps_bucket{halted="false""#) })
    }

    @Test func modelInfoCarriesVersions() {
        let output = lines(ServiceMetrics(), models: ["default": "trm-1", "small": "trm-2"])

        #expect(output.contains(#"refiner_model_info{model="default",version="trm-1"} 1"#))
        #expect(output.contains(#"refiner_model_info{model="small",version="trm-2"} 1"#))
        #expect(output.contains("# TYPE refiner_model_info gauge"))
    }

    @Test func labelValuesAreEscaped() {
        let output = lines(ServiceMetrics(), models: ["default": "a\"b\\c\nd"])

        #expect(output.contains(#"refiner_model_info{model="default",version="a\"b\\c\nd"} 1"#))
    }

    @Test func registeredFamiliesAreRendered() {
        let metrics = ServiceMetrics()
        let calls = Counter(name: "refiner_upstream_calls_total", help: "Upstream calls.", labelNames: ["outcome"])
        let energy = Histogram(name: "refiner_ebm_energy_decrease", help: "Energy decrease.", upperBounds: [1, 0.5])

        metrics.register(calls)
        metrics.register(energy)
        calls.increment(["ok"], by: 3)
        energy.observe(0.7)
        let output = lines(metrics)

        #expect(output.contains(#"refiner_upstream_calls_total{outcome="ok"} 3"#))
        #expect(output.contains(#"refiner_ebm_energy_decrease_bucket{le="0.5"} 0"#))
        #expect(output.contains(#"refiner_ebm_energy_decrease_bucket{le="1"} 1"#))
        #expect(output.contains("refiner_ebm_energy_decrease_count 1"))
    }

    @Test func counterIgnoresNegativeAndWrongArity() {
        let counter = Counter(name: "refiner_test_total", help: "Test.", labelNames: ["a"])

        counter.increment(["x"], by: 2)
        counter.increment(["x"], by: -5)
        counter.increment(["x"], by: .nan)
        counter.increment(["x", "y"])
        counter.increment([])

        #expect(counter.value(["x"]) == 2)
        #expect(counter.value(["x", "y"]) == 0)
        #expect(counter.value([]) == 0)
    }

    @Test func everySampleFollowsItsTypeLine() {
        let metrics = ServiceMetrics()
        metrics.recordRequest(route: "/health", method: "GET", status: 200, seconds: 0.01)
        metrics.recordVerification(steps: 2, halted: true)

        var declared: Set<String> = []
        for line in lines(metrics, models: ["default": "v"]) {
            if line.hasPrefix("# TYPE ") {
                let name = line.split(separator: " ")[2]
                #expect(!declared.contains(String(name)), "family \(name) declared twice")
                declared.insert(String(name))
                continue
            }
            guard !line.hasPrefix("#") else { continue }
            let sampleName = String(line.prefix { $0 != "{" && $0 != " " })
            let family = ["_bucket", "_sum", "_count"].reduce(sampleName) { name, suffix in
                declared.contains(name) ? name : (name.hasSuffix(suffix) ? String(name.dropLast(suffix.count)) : name)
            }
            #expect(declared.contains(family), "sample \(line) has no TYPE line before it")
        }
    }

    @Test func concurrentIncrementsAreAllCounted() async {
        let metrics = ServiceMetrics()

        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<500 {
                        metrics.recordRequest(route: "/health", method: "GET", status: 200, seconds: 0.001)
                    }
                }
            }
        }

        #expect(metrics.requests.value(["/health", "GET", "200"]) == 4000)
        #expect(metrics.requestDuration.count(["/health"]) == 4000)
    }
}

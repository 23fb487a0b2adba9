import Foundation
import Logging
import Testing

@Suite struct LoggerMetadataValueTests {
    @Test func jsonWritesNumbersUnquoted() throws {
        let sink = LogSink.memory()
        let logger = Logger(label: "test", level: .info, format: .json, sink: sink)

        logger.info("request handled", ["http.status": 200, "duration_ms": 1.25, "request.id": "42"])

        let line = try #require(sink.capturedLines.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(line.contains(#""http.status":200"#))
        #expect(line.contains(#""duration_ms":1.25"#))
        #expect(object["request.id"] as? String == "42")
        #expect(object["http.status"] as? Int == 200)
    }

    /// Ordered fields give the same line as a dictionary, apart from the time, in both formats and with logger
    /// metadata set.
    @Test(arguments: [Logger.Format.logfmt, .json], [false, true])
    func orderedFieldsMatchDictionary(format: Logger.Format, withMetadata: Bool) {
        let sink = LogSink.memory()
        var logger = Logger(label: "test", level: .info, format: format, sink: sink)
        if withMetadata {
            logger[metadataKey: "component"] = "http"
        }

        logger.info("request handled", ["duration_ms": 0.25, "http.path": "/a b", "http.status": 200])
        logger.log(
            .info, "request handled",
            orderedFields: ["duration_ms": .double(0.25), "http.path": .string("/a b"), "http.status": .integer(200)])

        let lines = sink.capturedLines.map { $0.replacing(/time=\S+ |"time":"[^"]*",/, with: "") }
        #expect(lines.count == 2)
        #expect(lines.first == lines.last)
    }

    @Test func logfmtWritesNumbersPlain() throws {
        let sink = LogSink.memory()
        let logger = Logger(label: "test", level: .info, format: .logfmt, sink: sink)

        logger.info("request handled", ["http.status": 404, "duration_ms": 0.5])

        let line = try #require(sink.capturedLines.first)
        #expect(line.contains("http.status=404"))
        #expect(line.contains("duration_ms=0.5"))
    }

    @Test(arguments: [Double.nan, .infinity])
    func jsonWritesNonFiniteAsNull(value: Double) throws {
        let sink = LogSink.memory()
        let logger = Logger(label: "test", level: .info, format: .json, sink: sink)

        logger.info("measured", ["ratio": .double(value)])

        let line = try #require(sink.capturedLines.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["ratio"] is NSNull)
    }

    @Test func stringMetadataKeepsWorking() throws {
        let sink = LogSink.memory()
        var logger = Logger(label: "test", level: .info, format: .json, sink: sink)
        logger[metadataKey: "request.id"] = "r1"

        logger.info("step", ["engine": "trm"])
        logger.info("step", ["count": 3])

        let lines = sink.capturedLines
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.contains(#""request.id":"r1""#) })
        #expect(lines.first?.contains(#""engine":"trm""#) == true)
        #expect(lines.last?.contains(#""count":3"#) == true)
    }

    @Test func levelBelowThresholdDropsNumericEvent() {
        let sink = LogSink.memory()
        let logger = Logger(label: "test", level: .error, format: .json, sink: sink)

        logger.info("hidden", ["n": 1])

        #expect(sink.capturedLines.isEmpty)
    }
}

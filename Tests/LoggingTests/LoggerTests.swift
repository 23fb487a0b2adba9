import Foundation
import Testing

@testable import Logging

@Suite struct LoggerTests {
    @Test func logfmtQuotesValuesWithSpaces() {
        let sink = LogSink.memory()
        let logger = Logger(label: "test", level: .info, format: .logfmt, sink: sink)

        logger.info("request handled", ["http.path": "/verify", "note": "two words"])

        let line = sink.capturedLines.first ?? ""
        #expect(line.contains("message=\"request handled\""))
        #expect(line.contains("http.path=/verify"))
        #expect(line.contains("note=\"two words\""))
        #expect(line.contains("level=info"))
    }

    @Test func timestampIsUTCToTheMillisecond() throws {
        let before = Date()
        let stamp = Logger.timestamp()
        let after = Date()

        #expect(stamp.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}/) != nil, "\(stamp)")
        let parsed = try #require(
            try? Date(stamp + "Z", strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true)))
        #expect(parsed.timeIntervalSince(before) > -0.002)
        #expect(after.timeIntervalSince(parsed) > -0.002)
    }

    @Test func logfmtEscapesQuotesAndNewlines() {
        let sink = LogSink.memory()
        let logger = Logger(label: "test", level: .info, format: .logfmt, sink: sink)

        logger.error("failed", ["error": "bad \"value\"\nnext"])

        let line = sink.capturedLines.first ?? ""
        #expect(line.contains(#"error="bad \"value\"\nnext""#))
        #expect(!line.contains("\n"))
    }

    @Test func jsonLinesParseAsObjects() throws {
        let sink = LogSink.memory()
        let logger = Logger(label: "test", level: .info, format: .json, sink: sink)

        logger.warning("slow \"client\"", ["request.id": "abc", "control": "\u{1}"])

        let data = Data((sink.capturedLines.first ?? "").utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
        #expect(object["message"] == "slow \"client\"")
        #expect(object["request.id"] == "abc")
        #expect(object["control"] == "\u{1}")
        #expect(object["level"] == "warning")
    }

    @Test func levelsBelowThresholdAreDropped() {
        let sink = LogSink.memory()
        let logger = Logger(label: "test", level: .warning, format: .logfmt, sink: sink)

        logger.debug("hidden")
        logger.info("hidden")
        logger.error("shown")

        #expect(sink.capturedLines.count == 1)
        #expect(sink.capturedLines.first?.contains("shown") == true)
    }

    @Test func metadataIsCarriedByCopies() {
        let sink = LogSink.memory()
        var logger = Logger(label: "test", level: .info, format: .logfmt, sink: sink)
        logger[metadataKey: "request.id"] = "r1"

        logger.withLabel("engine").info("step")

        let line = sink.capturedLines.first ?? ""
        #expect(line.contains("request.id=r1"))
        #expect(line.contains("logger=engine"))
    }

    @Test(arguments: [("INFO", Logger.Level.info), ("warning", .warning), ("trace", .trace)])
    func levelNamesParse(name: String, level: Logger.Level) {
        #expect(Logger.Level(name: name) == level)
    }

    @Test func unknownLevelNameIsNil() {
        #expect(Logger.Level(name: "loud") == nil)
    }

    @Test(arguments: ["a\tb", "a\u{1b}[31mb", "a\u{0}b", "a\u{8}b", "a\u{7f}b"])
    func logfmtEscapesControlCharacters(value: String) {
        let sink = LogSink.memory()
        let logger = Logger(label: "test", level: .info, format: .logfmt, sink: sink)

        logger.info("request handled", ["http.path": value])

        let line = sink.capturedLines.first ?? ""
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f })
        #expect(line.contains("http.path=\"a\\"))
    }

    @Test func c1ControlsAreEscapedAndOtherTextIsKept() throws {
        let sink = LogSink.memory()
        let logfmt = Logger(label: "test", level: .info, format: .logfmt, sink: sink)
        let json = Logger(label: "test", level: .info, format: .json, sink: sink)

        logfmt.info("next", ["a": "x\u{85}y", "b": "café日本"])
        json.info("next", ["a": "x\u{85}y", "b": "café日本"])

        let lines = sink.capturedLines
        #expect(lines.first?.contains(#"a="x\u0085y""#) == true)
        #expect(lines.first?.contains("b=café日本") == true)
        let data = Data((lines.last ?? "").utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
        #expect(object["a"] == "x\u{85}y")
        #expect(object["b"] == "café日本")
        #expect(lines.last?.contains(#"\u0085"#) == true)
    }

    @Test func jsonWritesNumbersBareAndNonFiniteAsNull() throws {
        let sink = LogSink.memory()
        let logger = Logger(label: "test", level: .info, format: .json, sink: sink)

        logger.info("numbers", ["count": 3, "ratio": 0.25, "bad": .double(.nan)])

        let line = sink.capturedLines.first ?? ""
        #expect(line.contains(#""count":3"#))
        #expect(line.contains(#""ratio":0.25"#))
        #expect(line.contains(#""bad":null"#))
        #expect(line.hasSuffix("}"))
    }
}

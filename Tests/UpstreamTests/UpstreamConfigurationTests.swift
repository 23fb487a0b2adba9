import Foundation
import Testing
import Upstream

@Suite struct UpstreamConfigurationTests {
    private func decode(_ json: String) throws -> UpstreamClient.Configuration {
        try JSONDecoder().decode(UpstreamClient.Configuration.self, from: Data(json.utf8))
    }

    @Test func decodesEmptyObjectAsDefaults() throws {
        #expect(try decode("{}") == UpstreamClient.Configuration())
    }

    @Test func decodesGivenKeysAndKeepsOtherDefaults() throws {
        let configuration = try decode(#"{"url": "http://127.0.0.1:9000/v1", "maxRetries": 5, "temperature": 0.7}"#)

        var expected = UpstreamClient.Configuration()
        expected.url = "http://127.0.0.1:9000/v1"
        expected.maxRetries = 5
        expected.temperature = 0.7
        #expect(configuration == expected)
    }

    @Test func ignoresAPIKeyInFile() throws {
        #expect(try decode(#"{"apiKey": "sk-from-file"}"#).apiKey == nil)
    }

    @Test func rejectsValueOfWrongType() {
        #expect(throws: DecodingError.self) { try decode(#"{"maxRetries": "two"}"#) }
    }

    @Test func acceptsDefaultsAndConfiguredURL() throws {
        var configuration = UpstreamClient.Configuration()
        try configuration.validate()
        configuration.url = "https://api.example.com/v1"
        configuration.apiKey = "sk-test"
        try configuration.validate()
    }

    @Test(arguments: [
        ("url", #"{"url": "ftp://127.0.0.1/v1"}"#),
        ("url", #"{"url": "http:///v1"}"#),
        ("url", #"{"url": "http://user:secret@127.0.0.1/v1"}"#),
        ("url", #"{"url": "http://127.0.0.1/v1/chat/completions"}"#),
        ("url", #"{"url": "http://127.0.0.1/v1?key=1"}"#),
        ("url", #"{"url": "http://127.0.0.1:99999/v1"}"#),
        ("url", #"{"url": "http://127.0.0.1:0/v1"}"#),
        ("url", #"{"url": "http://127.0.0.1:9000/v1 extra"}"#),
        ("url", #"{"url": "http://127.0.0.1:9000/v1\r\nX-Extra: 1"}"#),
        ("model", #"{"model": " "}"#),
        ("connectTimeoutSeconds", #"{"connectTimeoutSeconds": 0}"#),
        ("timeoutSeconds", #"{"timeoutSeconds": -1}"#),
        ("timeoutSeconds", #"{"timeoutSeconds": 100000}"#),
        ("maxRetries", #"{"maxRetries": -1}"#),
        ("retryBaseSeconds", #"{"retryBaseSeconds": -0.5}"#),
        ("retryMaxSeconds", #"{"retryMaxSeconds": 0}"#),
        ("maxReplyBytes", #"{"maxReplyBytes": 0}"#),
        ("maxTokens", #"{"maxTokens": 0}"#),
        ("temperature", #"{"temperature": 3}"#),
    ])
    func rejectsInvalidField(field: String, json: String) throws {
        let configuration = try decode(json)

        let error = #expect(throws: UpstreamConfigurationError.self) { try configuration.validate() }

        #expect(error?.field == field)
    }

    @Test func keepsCredentialsOutOfURLError() throws {
        let configuration = try decode(#"{"url": "http://user:secret@127.0.0.1/v1"}"#)

        let error = #expect(throws: UpstreamConfigurationError.self) { try configuration.validate() }

        #expect(error.map { !$0.description.contains("secret") } == true)
    }

    @Test(arguments: ["", "sk-ключ-секрет", "sk two words", "sk-tab\tkey", "sk-line\nbreak"])
    func rejectsUnusableAPIKey(key: String) {
        var configuration = UpstreamClient.Configuration()
        configuration.apiKey = key

        let error = #expect(throws: UpstreamConfigurationError.self) { try configuration.validate() }

        #expect(error?.field == "apiKey")
        #expect(error.map { key.isEmpty || !$0.description.contains(key) } == true)
    }
}

import Foundation
import Service
import Testing

/// A configuration file in a fresh temporary folder, removed when the value is released.
private final class ConfigurationFile {
    let folder: URL
    let path: String

    init(_ contents: String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("config-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("service.json").path
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }
}

@Suite struct ServiceConfigurationTests {
    @Test(arguments: [
        (#"{"logging": {"level": "verbose"}}"#, "logging.level"),
        (#"{"logging": {"format": "xml"}}"#, "logging.format"),
        (#"{"limits": {"maxContexts": 0}}"#, "limits.maxContexts"),
        (#"{"limits": {"maxAnswerCharacters": -1}}"#, "limits.maxAnswerCharacters"),
    ])
    func invalidValueNamesKey(contents: String, key: String) throws {
        let file = try ConfigurationFile(contents)

        #expect {
            try ServiceConfiguration.load(path: file.path)
        } throws: { error in
            "\(error)".contains(key)
        }
    }

    @Test func fileWithOneKeyKeepsOtherDefaults() throws {
        let file = try ConfigurationFile(#"{"server": {"port": 9999}}"#)
        let defaults = ServiceConfiguration()

        let configuration = try ServiceConfiguration.load(path: file.path)

        #expect(configuration.server.port == 9999)
        #expect(configuration.server.host == defaults.server.host)
        #expect(configuration.server.maxBodyBytes == defaults.server.maxBodyBytes)
        #expect(configuration.limits == defaults.limits)
        #expect(configuration.models == defaults.models)
        #expect(configuration.logging == defaults.logging)
    }

    @Test func fileWithOneLimitKeepsOtherLimits() throws {
        let file = try ConfigurationFile(#"{"limits": {"maxContexts": 4}}"#)
        var expected = ServiceConfiguration()
        expected.limits.maxContexts = 4

        #expect(try ServiceConfiguration.load(path: file.path) == expected)
    }

    @Test func emptyObjectGivesDefaults() throws {
        let file = try ConfigurationFile("{}")

        #expect(try ServiceConfiguration.load(path: file.path) == ServiceConfiguration())
    }

    @Test func shippedFileLoads() throws {
        let path = try repositoryRoot().appendingPathComponent("Config/default.json").path

        let configuration = try ServiceConfiguration.load(path: path)

        #expect(configuration.models.verifierCheckpoint == "trm.ckpt")
    }

    @Test func wrongTypeNamesFile() throws {
        let file = try ConfigurationFile(#"{"server": {"port": "eighty"}}"#)

        let error = #expect(throws: ConfigurationError.self) { try ServiceConfiguration.load(path: file.path) }

        #expect(error?.description.contains(file.path) == true)
        #expect(error?.description.contains("port") == true)
    }

    @Test func missingFileNamesPath() {
        let path = "/nonexistent-\(UUID().uuidString)/service.json"

        let error = #expect(throws: ConfigurationError.self) { try ServiceConfiguration.load(path: path) }

        #expect(error?.description.contains(path) == true)
    }

    @Test func environmentOverridesFile() throws {
        var configuration = ServiceConfiguration()

        try configuration.applyEnvironment([
            "REFINER_HOST": "0.0.0.0", "REFINER_PORT": "9090", "REFINER_LOG_LEVEL": "DEBUG",
            "REFINER_LOG_FORMAT": "json", "REFINER_CHECKPOINT_DIR": "/models", "REFINER_WORDNET_DIR": "/wn",
        ])

        #expect(configuration.server.host == "0.0.0.0")
        #expect(configuration.server.port == 9090)
        #expect(configuration.logging.level == "debug")
        #expect(configuration.logging.format == "json")
        #expect(configuration.models.checkpointDirectory == "/models")
        #expect(configuration.models.wordNetDirectory == "/wn")
    }

    @Test func unrelatedEnvironmentChangesNothing() throws {
        var configuration = ServiceConfiguration()

        try configuration.applyEnvironment(["PORT": "1", "REFINER_UNKNOWN": "x"])

        #expect(configuration == ServiceConfiguration())
    }

    @Test(arguments: [
        ("REFINER_PORT", "abc"), ("REFINER_PORT", "70000"), ("REFINER_PORT", "-1"), ("REFINER_PORT", ""),
        ("REFINER_LOG_LEVEL", "loud"), ("REFINER_LOG_FORMAT", "xml"),
    ])
    func invalidEnvironmentNamesVariable(name: String, value: String) {
        var configuration = ServiceConfiguration()

        let error = #expect(throws: ConfigurationError.self) { try configuration.applyEnvironment([name: value]) }

        #expect(error?.description.contains(name) == true)
    }

    @Test func httpConfigurationCopiesServerFields() {
        var configuration = ServiceConfiguration()
        configuration.server.port = 0
        configuration.server.maxBodyBytes = 2048
        configuration.server.idleTimeoutSeconds = 5

        let http = configuration.httpConfiguration

        #expect(http.port == 0)
        #expect(http.maxBodyBytes == 2048)
        #expect(http.idleTimeout == 5)
        #expect(http.host == "127.0.0.1")
    }

    @Test func upstreamEnvironmentSetsURLModelAndKey() throws {
        var configuration = ServiceConfiguration()

        try configuration.applyEnvironment([
            "REFINER_UPSTREAM_URL": "http://127.0.0.1:9000/v1", "REFINER_UPSTREAM_MODEL": "local",
            "REFINER_UPSTREAM_API_KEY": "sk-test", "REFINER_PROMPT_FILE": "prompt.json",
        ])

        #expect(configuration.upstream.url == "http://127.0.0.1:9000/v1")
        #expect(configuration.upstream.model == "local")
        #expect(configuration.upstream.apiKey == "sk-test")
        #expect(configuration.refinement.promptFile == "prompt.json")
    }

    @Test func promptFileSuppliesTheGenerationPrompt() throws {
        let file = try ConfigurationFile(#"{"prompt": "Quote the passages.", "calls": 40}"#)
        var configuration = ServiceConfiguration()
        configuration.refinement.promptFile = file.path

        #expect(try configuration.refinement.resolvedGenerationPrompt() == "Quote the passages.")
    }

    @Test(arguments: [
        ("garbage{", "is not a JSON object"),
        (#""a string""#, "is not a JSON object"),
        (#"{"calls": 40}"#, #"has no "prompt" key"#),
        (#"{"prompt": 5}"#, "is not a string"),
        (#"{"prompt": "  "}"#, #"has an empty "prompt""#),
    ])
    func unusablePromptFileNamesTheProblem(contents: String, problem: String) throws {
        let file = try ConfigurationFile(contents)
        var configuration = ServiceConfiguration()
        configuration.refinement.promptFile = file.path

        let error = #expect(throws: ConfigurationError.self) {
            try configuration.refinement.resolvedGenerationPrompt()
        }

        #expect(error?.description.contains(problem) == true)
    }

    @Test(arguments: [
        #"{"refinement": {"weights": {"support": -1}}}"#,
        #"{"refinement": {"weights": {"support": 0, "relevance": 0, "energy": 0}}}"#,
        #"{"refinement": {"upstreamCalls": 17}}"#,
        #"{"refinement": {"deadlineMs": 0}}"#,
    ])
    func invalidRefinementSettingsAreRejected(contents: String) throws {
        let file = try ConfigurationFile(contents)

        #expect(throws: ConfigurationError.self) { try ServiceConfiguration.load(path: file.path) }
    }
}

import Foundation
import Service
import Testing

@Suite struct TrainingConfigurationTests {
    /// Decodes `json` as a configuration file's contents, without reading a file.
    private static func decode(_ json: String) throws -> ServiceConfiguration {
        try JSONDecoder().decode(ServiceConfiguration.self, from: Data(json.utf8))
    }

    @Test func shippedFileSetsTrainingKeys() throws {
        let path = try repositoryRoot().appendingPathComponent("Config/default.json").path

        let configuration = try ServiceConfiguration.load(path: path)

        #expect(configuration.models.pollIntervalSeconds == 5)
        #expect(configuration.models.retainedVersions == 3)
        #expect(configuration.training.queueLength == 4)
        #expect(configuration.training.heldOutFraction == 0.2)
        #expect(configuration.training.adminToken == nil)
    }

    @Test func fileCannotSetAdminToken() throws {
        let configuration = try Self.decode(#"{"training": {"adminToken": "from-file", "queueLength": 7}}"#)

        #expect(configuration.training.adminToken == nil)
        #expect(configuration.training.queueLength == 7)
    }

    @Test func environmentSetsTokenAndDataFolder() throws {
        var configuration = ServiceConfiguration()

        try configuration.applyEnvironment(["REFINER_ADMIN_TOKEN": "secret", "REFINER_DATA_DIR": "/srv/data"])

        #expect(configuration.training.adminToken == "secret")
        #expect(configuration.training.dataDirectory == "/srv/data")
    }

    @Test func emptyTokenLeavesTrainingDisabled() throws {
        var configuration = ServiceConfiguration()

        try configuration.applyEnvironment(["REFINER_ADMIN_TOKEN": ""])

        #expect(configuration.training.adminToken == nil)
    }

    @Test(arguments: [
        (#"{"models": {"pollIntervalSeconds": 0}}"#, "models.pollIntervalSeconds"),
        (#"{"models": {"retainedVersions": 0}}"#, "models.retainedVersions"),
        (#"{"training": {"queueLength": -1}}"#, "training.queueLength"),
        (#"{"training": {"heldOutFraction": 0.9}}"#, "training.heldOutFraction"),
        (#"{"training": {"maxExamples": 1}}"#, "training.maxExamples"),
    ])
    func invalidTrainingValueNamesKey(json: String, key: String) throws {
        let configuration = try Self.decode(json)

        #expect {
            try configuration.validate()
        } throws: { error in
            "\(error)".contains(key)
        }
    }
}

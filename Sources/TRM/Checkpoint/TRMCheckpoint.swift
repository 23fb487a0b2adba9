import Foundation
import Tensor
import Text

/// A trained verifier: its header and weights, as stored in a checkpoint file.
public struct TRMCheckpoint: Sendable {
    /// The JSON header of a verifier checkpoint.
    public struct Header: Sendable, Codable, Equatable {
        /// Always `trm` for this model kind.
        public var kind = "trm"
        /// Identifier of this version, unique per training run.
        public var version: String
        public var createdAt: String
        public var configuration: TRMConfiguration
        /// FNV-1a 64 hash of the training data file's bytes, in hexadecimal.
        public var trainingDataHash: String
        /// Training options used, for reproducing the run.
        public var options: TRMTrainer.Options
        /// Figures measured at save time, such as the training-set AUROC.
        public var metrics: [String: Double]
        /// Probabilities at or above which an answer is labelled supported, per task.
        public var thresholds: TaskThresholds
        /// Independently trained networks whose predictions are averaged; nil means 1. Their tensors are named
        /// `member0.…`, `member1.…` when there are several.
        public var members: Int?
        /// `TokenFeatures.layoutVersion` of the features the model was trained on; nil in checkpoints written
        /// before layouts had versions, which no build can read correctly.
        public var featureLayoutVersion: Int?

        public init(
            version: String, createdAt: String, configuration: TRMConfiguration, trainingDataHash: String,
            options: TRMTrainer.Options, metrics: [String: Double], thresholds: TaskThresholds
        ) {
            self.version = version
            self.createdAt = createdAt
            self.configuration = configuration
            self.trainingDataHash = trainingDataHash
            self.options = options
            self.metrics = metrics
            self.thresholds = thresholds
            self.members = 1
            self.featureLayoutVersion = TokenFeatures.layoutVersion
        }
    }

    public var header: Header
    /// Every member's tensors, with member prefixes when there are several.
    public var parameters: Parameters

    public init(header: Header, parameters: Parameters) {
        self.header = header
        self.parameters = parameters
    }

    /// Creates a checkpoint of several members, prefixing their tensor names.
    public init(header: Header, members: [Parameters]) {
        var header = header
        header.members = members.count
        var merged = Parameters()
        for (index, member) in members.enumerated() {
            let prefix = Self.prefix(member: index, of: members.count)
            for name in member.names {
                merged[prefix + name] = member[name]
            }
        }
        self.init(header: header, parameters: merged)
    }

    /// Number of members whose predictions are averaged.
    public var memberCount: Int { max(header.members ?? 1, 1) }

    /// Returns each member's tensors under the names the network uses.
    public func memberParameters() -> [Parameters] {
        let names = TRMNetwork(configuration: header.configuration).initialParameters(seed: 0).names
        return (0..<memberCount).map { index in
            let prefix = Self.prefix(member: index, of: memberCount)
            var member = Parameters()
            for name in names where parameters.contains(prefix + name) {
                member[name] = parameters[prefix + name]
            }
            return member
        }
    }

    static func prefix(member index: Int, of count: Int) -> String {
        count == 1 ? "" : "member\(index)."
    }

    /// Loads and checks a verifier checkpoint, including every tensor's shape against the configuration.
    ///
    /// - Throws: `CheckpointError` naming the file and the failed check.
    public static func load(path: String) throws -> TRMCheckpoint {
        let (header, parameters) = try CheckpointFile.read(Header.self, kind: "trm", from: path)
        guard header.featureLayoutVersion == TokenFeatures.layoutVersion,
            header.configuration.features == TokenFeatures.count
        else {
            let trained = header.featureLayoutVersion.map { "layout \($0)" } ?? "a layout without a version"
            let current = "layout \(TokenFeatures.layoutVersion) with \(TokenFeatures.count) columns"
            throw CheckpointError(
                path: path,
                reason: "trained on \(trained) with \(header.configuration.features) columns, but this build "
                    + "computes \(current); retrain it with refiner train")
        }
        let checkpoint = TRMCheckpoint(header: header, parameters: parameters)
        let expected = TRMNetwork(configuration: header.configuration).initialParameters(seed: 0)
        for index in 0..<checkpoint.memberCount {
            let prefix = prefix(member: index, of: checkpoint.memberCount)
            for name in expected.names {
                guard parameters.contains(prefix + name) else {
                    throw CheckpointError(path: path, reason: "tensor \(prefix + name) is missing")
                }
                guard parameters[prefix + name].hasSameShape(as: expected[name]) else {
                    throw CheckpointError(path: path, reason: "tensor \(prefix + name) has the wrong shape")
                }
            }
        }
        return checkpoint
    }

    /// Writes the checkpoint atomically to `path`.
    public func save(path: String) throws {
        try CheckpointFile.write(header: header, parameters: parameters, to: path)
    }

    /// Returns the FNV-1a 64 hash of `bytes` in hexadecimal, used to name the training data.
    public static func dataHash(_ bytes: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}

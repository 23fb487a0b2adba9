import Foundation
import Tensor
import Text

/// A trained energy model: its header and weights, as stored in a checkpoint file.
public struct EBMCheckpoint: Sendable {
    /// The JSON header of an energy checkpoint.
    public struct Header: Sendable, Codable, Equatable {
        /// Always `ebm` for this model kind.
        public var kind = "ebm"
        /// Identifier of this version, unique per training run.
        public var version: String
        public var createdAt: String
        public var configuration: EnergyConfiguration
        /// FNV-1a 64 hash of the training data file's bytes, in hexadecimal.
        public var trainingDataHash: String
        public var options: EnergyTrainer.Options
        /// Refinement schedule for answers to a question, fitted on those training records after training.
        public var schedule: Refinement.Schedule
        /// Refinement schedule for summaries, which have no question, fitted on those records.
        public var summarySchedule: Refinement.Schedule
        /// Maps an energy to a probability that the answer is supported.
        public var calibration: EnergyCalibration
        public var metrics: [String: Double]
        /// `TokenFeatures.layoutVersion` of the features the model was trained on.
        public var featureLayoutVersion: Int

        public init(
            version: String, createdAt: String, configuration: EnergyConfiguration, trainingDataHash: String,
            options: EnergyTrainer.Options, schedule: Refinement.Schedule,
            summarySchedule: Refinement.Schedule? = nil, calibration: EnergyCalibration, metrics: [String: Double]
        ) {
            self.version = version
            self.createdAt = createdAt
            self.configuration = configuration
            self.trainingDataHash = trainingDataHash
            self.options = options
            self.schedule = schedule
            self.summarySchedule = summarySchedule ?? schedule
            self.calibration = calibration
            self.metrics = metrics
            self.featureLayoutVersion = TokenFeatures.layoutVersion
        }
    }

    public var header: Header
    public var parameters: Parameters

    /// Returns the refinement schedule for an answer with or without a question.
    public func schedule(hasQuestion: Bool) -> Refinement.Schedule {
        hasQuestion ? header.schedule : header.summarySchedule
    }

    public init(header: Header, parameters: Parameters) {
        self.header = header
        self.parameters = parameters
    }

    /// Loads and checks an energy checkpoint, including every tensor's shape against the configuration.
    ///
    /// - Throws: `CheckpointError` naming the file and the failed check.
    public static func load(path: String) throws -> EBMCheckpoint {
        let (header, parameters) = try CheckpointFile.read(Header.self, kind: "ebm", from: path)
        guard header.featureLayoutVersion == TokenFeatures.layoutVersion else {
            throw CheckpointError(
                path: path,
                reason: "trained on feature layout \(header.featureLayoutVersion), but this build computes layout "
                    + "\(TokenFeatures.layoutVersion); retrain it with refiner train --target ebm")
        }
        let expected = EnergyNetwork(configuration: header.configuration).initialParameters(seed: 0)
        for name in expected.names {
            guard parameters.contains(name) else {
                throw CheckpointError(path: path, reason: "tensor \(name) is missing")
            }
            guard parameters[name].hasSameShape(as: expected[name]) else {
                throw CheckpointError(path: path, reason: "tensor \(name) has the wrong shape")
            }
        }
        return EBMCheckpoint(header: header, parameters: parameters)
    }

    /// Writes the checkpoint atomically to `path`.
    public func save(path: String) throws {
        try CheckpointFile.write(header: header, parameters: parameters, to: path)
    }
}

/// A logistic map from energy to the probability that an answer is supported, fitted on training energies.
public struct EnergyCalibration: Sendable, Codable, Equatable {
    public var slope: Float
    public var intercept: Float

    public init(slope: Float, intercept: Float) {
        self.slope = slope
        self.intercept = intercept
    }

    /// Probability supported for `energy`, 0-1.
    public func probability(_ energy: Float) -> Float {
        sigmoid(slope * energy + intercept)
    }

    /// Fits the slope and intercept by gradient descent on the logistic loss, each label weighted equally.
    public static func fit(energies: [Float], labels: [Int], iterations: Int = 500) -> EnergyCalibration {
        let positives = Float(max(labels.filter { $0 == 1 }.count, 1))
        let negatives = Float(max(labels.filter { $0 != 1 }.count, 1))
        var slope: Float = -1
        var intercept: Float = 0
        for _ in 0..<iterations {
            var slopeGradient: Float = 0
            var interceptGradient: Float = 0
            for (energy, label) in zip(energies, labels) {
                let weight = label == 1 ? 0.5 / positives : 0.5 / negatives
                let error = (sigmoid(slope * energy + intercept) - Float(label == 1 ? 1 : 0)) * weight
                slopeGradient += error * energy
                interceptGradient += error
            }
            slope -= 0.5 * slopeGradient
            intercept -= 0.5 * interceptGradient
        }
        return EnergyCalibration(slope: slope, intercept: intercept)
    }
}

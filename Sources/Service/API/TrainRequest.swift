import Foundation
import Text

/// The body of `POST /train`: what to train, on which examples, with which hyper-parameters.
struct TrainRequest: Sendable {
    /// The origin of the examples.
    enum Source: Sendable, Equatable {
        case inline([LabelledRecord])
        /// A path relative to the data folder, not yet resolved.
        case dataset(String)
    }

    var target: TrainingTarget
    var model: String
    var source: Source
    var parameters: TrainingParameters

    /// Reads and validates the fields of a JSON object.
    ///
    /// - Throws: `APIError` 400 naming the first field that is missing, of the wrong type or out of range.
    init(json object: [String: Any], maxExamples: Int) throws(APIError) {
        try KnownFields.check(object, allowed: KnownFields.train)
        let targetName = try Self.string(object, "target") ?? "trm"
        guard let target = TrainingTarget(rawValue: targetName) else {
            throw .invalidField("target", "\(targetName) is invalid: use trm, ebm or both")
        }
        self.target = target
        model = try Self.string(object, "model") ?? "default"
        guard CheckpointStore.isValidModelName(model) else {
            throw .invalidField(
                "model", "must be 1 to 64 ASCII letters, digits, _ or -, starting with a letter or digit")
        }
        source = try Self.source(object, maxExamples: maxExamples)
        parameters = try Self.parameters(object)
    }

    private static func source(_ object: [String: Any], maxExamples: Int) throws(APIError) -> Source {
        let examples = object["examples"].flatMap { $0 is NSNull ? nil : $0 }
        let dataset = try string(object, "dataset")
        switch (examples, dataset) {
        case (.some, .some):
            throw .invalidField("examples", "and dataset are both set: send only one of them")
        case (.none, .none):
            throw .invalidField("examples", "is missing: send a list of labelled examples, or a dataset path")
        case (.none, .some(let path)):
            guard !path.isEmpty else { throw .invalidField("dataset", "is empty: send a path in the data folder") }
            return .dataset(path)
        case (.some(let value), .none):
            guard let list = value as? [Any] else { throw .invalidField("examples", "must be a list of objects") }
            let records = try TrainingExamples.records(list, field: "examples")
            try TrainingExamples.check(records, field: "examples", maxExamples: maxExamples)
            return .inline(records)
        }
    }

    private static func parameters(_ object: [String: Any]) throws(APIError) -> TrainingParameters {
        var parameters = TrainingParameters()
        parameters.epochs = try integer(object, "epochs", in: 1...200)
        parameters.batchSize = try integer(object, "batch_size", in: 1...1024)
        parameters.members = try integer(object, "members", in: 1...8)
        parameters.seed = try integer(object, "seed", in: 0...Int(Int32.max)).map(UInt64.init)
        if let rate = try number(object, "learning_rate") {
            // Training runs in 32-bit floats, where a rate under about 1.2e-38 rounds to 0 or loses precision.
            guard Float(rate) >= Float.leastNormalMagnitude, rate <= 1 else {
                throw .invalidField("learning_rate", "must be from 1.2e-38 to 1")
            }
            parameters.learningRate = Float(rate)
        }
        if let value = object["augmentation"], !(value is NSNull) {
            guard isBoolean(value), let flag = value as? Bool else {
                throw .invalidField("augmentation", "must be true or false")
            }
            parameters.augment = flag
        }
        if let method = try string(object, "method") {
            guard ["cd1", "pcd", "fpcd"].contains(method) else {
                throw .invalidField("method", "\(method) is invalid: use cd1, pcd or fpcd")
            }
            parameters.method = method
        }
        return parameters
    }

    private static func string(_ object: [String: Any], _ field: String) throws(APIError) -> String? {
        guard let value = object[field], !(value is NSNull) else { return nil }
        guard let text = value as? String else { throw .invalidField(field, "must be a string") }
        guard text.unicodeScalars.count <= 1024 else { throw .invalidField(field, "is longer than 1024 characters") }
        return text
    }

    private static func number(_ object: [String: Any], _ field: String) throws(APIError) -> Double? {
        guard let value = object[field], !(value is NSNull) else { return nil }
        guard let number = value as? NSNumber, !Self.isBoolean(value), number.doubleValue.isFinite else {
            throw .invalidField(field, "must be a number")
        }
        return number.doubleValue
    }

    private static func integer(
        _ object: [String: Any], _ field: String, in range: ClosedRange<Int>
    ) throws(APIError) -> Int? {
        guard let value = try number(object, field) else { return nil }
        guard value.rounded() == value, value >= Double(range.lowerBound), value <= Double(range.upperBound) else {
            throw .invalidField(field, "must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return Int(value)
    }

    /// Tells a JSON `true` or `false` from a number, which Foundation both decodes as `NSNumber`.
    static func isBoolean(_ value: Any) -> Bool {
        ObjectIdentifier(type(of: value as AnyObject)) == ObjectIdentifier(type(of: NSNumber(value: true)))
    }
}

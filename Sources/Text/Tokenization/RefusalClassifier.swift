import Foundation

/// A logistic regression that decides whether one sentence refuses to answer, for wordings the phrase lists of
/// `RefusalDetector` do not hold ("The policy handbook is silent on remote work for interns.").
///
/// It reads hashed features of the sentence: its words, its pairs of adjacent words, and the triples of letters
/// of its words joined by spaces, which carry stems and languages written without spaces. The phrase lists
/// decide first; the classifier only adds refusals, and only above a high probability, since a claim taken for a
/// refusal is no longer checked. `refiner train --target refusal` fits it and writes the shipped weights into
/// `RefusalClassifier+Weights.swift`.
public struct RefusalClassifier: Sendable, Equatable {
    /// Number of hashed feature columns.
    public static let dimension = 1 << 13
    /// Probability from which the shipped classifier counts a sentence as a refusal.
    public static let shippedThreshold: Float = 0.95

    /// One weight per hashed feature column.
    public var weights: [Float]
    public var bias: Float
    /// Probability from which a sentence counts as a refusal.
    public var threshold: Float

    public init(weights: [Float], bias: Float, threshold: Float = RefusalClassifier.shippedThreshold) {
        precondition(weights.count == Self.dimension, "a refusal classifier has \(Self.dimension) weights")
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
    }

    /// The weights fitted on the refusal corpus, or nil when the encoded weights do not decode.
    public static let shipped = RefusalClassifier(encoded: shippedWeights)

    /// Returns the probability that `tokens`, one sentence, refuse to answer.
    public func probability(_ tokens: [Token]) -> Float {
        let (columns, value) = Self.features(tokens)
        var sum = bias
        for column in columns { sum += weights[column] * value }
        return 1 / (1 + exp(-sum))
    }

    /// Checks whether `tokens`, one sentence, refuse to answer with a probability of at least `threshold`.
    public func isRefusal(_ tokens: [Token]) -> Bool {
        probability(tokens) >= threshold
    }

    /// Returns the distinct feature columns of a sentence and the value each takes, `1 / √count`, so every
    /// sentence's feature vector has length 1.
    ///
    /// A feature's column is the FNV-1a hash of its kind, a separator and its text, which is the same in every
    /// process. The bytes are hashed as they are read, without building each feature's text.
    public static func features(_ tokens: [Token]) -> (columns: [Int], value: Float) {
        let words = tokens.filter { $0.kind != .punctuation }.map(\.normalized)
        guard !words.isEmpty else { return ([], 0) }
        var columns: [Int] = []
        columns.reserveCapacity(4 * words.count + 16)
        var previous = "^"
        for word in words {
            columns.append(Hash(kind: "w").adding(word).column)
            columns.append(Hash(kind: "p").adding(previous).adding(" ").adding(word).column)
            previous = word
        }
        columns.append(Hash(kind: "p").adding(previous).adding(" $").column)
        var letters: [Unicode.Scalar] = [" "]
        for word in words {
            letters.append(contentsOf: word.unicodeScalars)
            letters.append(" ")
        }
        if letters.count >= 3 {
            for start in 0...(letters.count - 3) {
                var hash = Hash(kind: "t")
                for scalar in letters[start..<(start + 3)] { hash.add(scalar) }
                columns.append(hash.column)
            }
        }
        columns.sort()
        var distinct: [Int] = []
        distinct.reserveCapacity(columns.count)
        for column in columns where distinct.last != column { distinct.append(column) }
        return (distinct, 1 / Float(distinct.count).squareRoot())
    }

    /// FNV-1a over a feature's kind, the separator 0x1F and its text, in UTF-8.
    private struct Hash {
        var value: UInt32 = 0x811c_9dc5

        init(kind: String) {
            for byte in kind.utf8 { add(byte) }
            add(0x1f)
        }

        mutating func add(_ byte: UInt8) {
            value ^= UInt32(byte)
            value = value &* 0x0100_0193
        }

        mutating func add(_ scalar: Unicode.Scalar) {
            for byte in UTF8.encode(scalar) ?? UTF8.EncodedScalar() { add(byte) }
        }

        func adding(_ text: String) -> Hash {
            var copy = self
            for byte in text.utf8 { copy.add(byte) }
            return copy
        }

        var column: Int { Int(value % UInt32(RefusalClassifier.dimension)) }
    }
}

extension RefusalClassifier {
    /// One sentence of training data.
    public struct Example: Sendable {
        public var tokens: [Token]
        public var isRefusal: Bool

        public init(tokens: [Token], isRefusal: Bool) {
            self.tokens = tokens
            self.isRefusal = isRefusal
        }
    }

    /// Fits the weights by stochastic gradient descent on the log loss, with each class weighted by the inverse of
    /// its share so the many claim sentences do not drown the few refusals, and an L2 penalty.
    public static func train(_ examples: [Example], epochs: Int = 20, seed: UInt64 = 1) -> RefusalClassifier {
        var model = RefusalClassifier(weights: Array(repeating: 0, count: dimension), bias: 0)
        let features = examples.map { Self.features($0.tokens) }
        let refusals = examples.filter(\.isRefusal).count
        guard refusals > 0, refusals < examples.count else { return model }
        let classWeight: [Bool: Float] = [
            true: Float(examples.count) / Float(2 * refusals),
            false: Float(examples.count) / Float(2 * (examples.count - refusals)),
        ]
        let penalty: Float = 1e-5
        var order = Array(examples.indices)
        var state = seed
        for epoch in 0..<epochs {
            // A Fisher-Yates shuffle driven by SplitMix64, so a seed gives the same weights on every machine.
            for index in stride(from: order.count - 1, to: 0, by: -1) {
                state &+= 0x9e37_79b9_7f4a_7c15
                var mixed = state
                mixed = (mixed ^ (mixed >> 30)) &* 0xbf58_476d_1ce4_e5b9
                mixed = (mixed ^ (mixed >> 27)) &* 0x94d0_49bb_1331_11eb
                mixed ^= mixed >> 31
                order.swapAt(index, Int(mixed % UInt64(index + 1)))
            }
            let rate = 0.5 / (1 + Float(epoch) * 0.5)
            for index in order {
                let (columns, value) = features[index]
                var sum = model.bias
                for column in columns { sum += model.weights[column] * value }
                let probability = 1 / (1 + exp(-sum))
                let label: Float = examples[index].isRefusal ? 1 : 0
                let gradient = (probability - label) * (classWeight[examples[index].isRefusal] ?? 1)
                for column in columns {
                    model.weights[column] -= rate * (gradient * value + penalty * model.weights[column])
                }
                model.bias -= rate * gradient
            }
        }
        return model
    }
}

extension RefusalClassifier {
    /// Returns the bias and the weights as little-endian 32-bit floats, in Base64.
    public func encoded() -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4 * (weights.count + 1))
        for value in [bias] + weights {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return Data(bytes).base64EncodedString()
    }

    /// Decodes weights written by `encoded()`, line breaks allowed; nil when the text is not Base64 of the right
    /// length.
    public init?(encoded: String) {
        guard let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters),
            data.count == 4 * (Self.dimension + 1)
        else { return nil }
        let values = stride(from: 0, to: data.count, by: 4).map { offset in
            let bits = data[data.startIndex + offset..<data.startIndex + offset + 4].enumerated().reduce(UInt32(0)) {
                $0 | UInt32($1.element) << (8 * $1.offset)
            }
            return Float(bitPattern: bits)
        }
        self.init(weights: Array(values.dropFirst()), bias: values[0])
    }
}

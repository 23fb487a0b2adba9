import Foundation
import TRM

/// The JSON body of a `/verify` response.
struct VerifyResponse: Encodable {
    struct Span: Encodable {
        var start: Int
        var end: Int
        var text: String
        var supported: Bool
        var score: Double
        var evidence: Evidence?

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(start, forKey: .start)
            try container.encode(end, forKey: .end)
            try container.encode(text, forKey: .text)
            try container.encode(supported, forKey: .supported)
            try container.encode(score, forKey: .score)
            try container.encode(evidence, forKey: .evidence)
        }

        enum CodingKeys: String, CodingKey {
            case start, end, text, supported, score, evidence
        }
    }

    struct Evidence: Encodable {
        var context: Int
        var start: Int
        var end: Int
    }

    var label: String
    var score: Double
    var faithfulness: Double
    var relevance: Double?
    var spans: [Span]
    var steps: Int
    var halted: Bool
    var model: String

    init(_ verification: Verification) {
        label = verification.label.rawValue
        score = Self.rounded(verification.score)
        faithfulness = Self.rounded(verification.faithfulness)
        relevance = verification.relevance.map(Self.rounded)
        spans = verification.spans.map { span in
            Span(
                start: span.start, end: span.end, text: span.text, supported: span.supported,
                score: Self.rounded(span.score),
                evidence: span.evidence.map { Evidence(context: $0.context, start: $0.start, end: $0.end) })
        }
        steps = verification.steps
        halted = verification.halted
        model = verification.model
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(label, forKey: .label)
        try container.encode(score, forKey: .score)
        try container.encode(faithfulness, forKey: .faithfulness)
        try container.encode(relevance, forKey: .relevance)
        try container.encode(spans, forKey: .spans)
        try container.encode(steps, forKey: .steps)
        try container.encode(halted, forKey: .halted)
        try container.encode(model, forKey: .model)
    }

    enum CodingKeys: String, CodingKey {
        case label, score, faithfulness, relevance, spans, steps, halted, model
    }

    /// Rounds a probability to 4 decimals; a non-finite value becomes 0, so no response contains NaN.
    static func rounded(_ value: Float) -> Double {
        guard value.isFinite else { return 0 }
        return (Double(value) * 10_000).rounded() / 10_000
    }
}

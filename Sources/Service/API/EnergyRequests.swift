import Foundation
import Text

/// The body of `POST /score`: an item with one `answer`, or with `candidates` to rank instead.
struct ScoreRequest: Sendable, Equatable {
    /// Most candidates ranked in one request.
    static let maxCandidates = 64

    var question: String?
    var contexts: [String]
    /// The one answer to score, or the candidates to rank.
    var answers: [String]
    var ranksCandidates: Bool
    var model: String

    init(json object: [String: Any], limits: ServiceConfiguration.Limits) throws(APIError) {
        try KnownFields.check(object, allowed: KnownFields.score)
        question = try VerifyRequest.question(object, limits: limits)
        contexts = try VerifyRequest.contexts(object, limits: limits)
        model = try ModelName.read(object)
        let candidates = object["candidates"].flatMap { $0 is NSNull ? nil : $0 }
        switch (object["answer"].flatMap { $0 is NSNull ? nil : $0 }, candidates) {
        case (.some, .some):
            throw .invalidField("candidates", "cannot come with answer: send one answer, or candidates to rank")
        case (_, .some(let value)):
            guard let list = value as? [Any] else { throw .invalidField("candidates", "must be a list of strings") }
            guard !list.isEmpty else { throw .invalidField("candidates", "is empty: send 1 or more answers to rank") }
            guard list.count <= Self.maxCandidates else {
                throw .invalidField("candidates", "has \(list.count) answers; the limit is \(Self.maxCandidates)")
            }
            var answers: [String] = []
            for (index, element) in list.enumerated() {
                guard let text = element as? String else {
                    throw .invalidField("candidates[\(index)]", "must be a string")
                }
                guard !text.isBlank else {
                    throw .invalidField("candidates[\(index)]", "is empty: remove it or send the answer text")
                }
                guard text.unicodeScalars.count <= limits.maxAnswerCharacters else {
                    throw .invalidField(
                        "candidates[\(index)]",
                        "has \(text.unicodeScalars.count) characters; the limit is \(limits.maxAnswerCharacters)")
                }
                answers.append(text)
            }
            self.answers = answers
            ranksCandidates = true
        case (.none, .none):
            throw .invalidField("answer", "is missing: send the answer to score, or candidates to rank")
        case (.some, .none):
            answers = [try VerifyRequest.answer(object, limit: limits.maxAnswerCharacters)]
            ranksCandidates = false
        }
    }
}

/// The body of `POST /refine`: an item whose answer may be left to the upstream, a budget, a strategy and a seed.
struct RefineRequest: Sendable, Equatable {
    enum Strategy: String, Sendable {
        /// Verify only.
        case trm
        /// Verify and refine by descent on the energy.
        case ebm
        /// Verify, refine, then revise upstream while spans stay unsupported.
        case hybrid
    }

    var question: String?
    var contexts: [String]
    /// The answer to refine; nil asks the upstream to write one.
    var answer: String?
    var model: String
    var steps: Int
    var upstreamCalls: Int
    var deadlineMs: Int
    var strategy: Strategy
    var seed: UInt64

    /// Reads and validates the body.
    ///
    /// - Parameters:
    ///   - defaults: The configured budget a request's `budget` may leave out.
    ///   - upstreamConfigured: Whether an upstream can write an answer the request leaves out.
    /// - Throws: `APIError` 400 naming the first invalid field.
    init(
        json object: [String: Any], limits: ServiceConfiguration.Limits, defaults: ServiceConfiguration.Refinement,
        upstreamConfigured: Bool
    ) throws(APIError) {
        try KnownFields.check(object, allowed: KnownFields.refine)
        question = try VerifyRequest.question(object, limits: limits)
        contexts = try VerifyRequest.contexts(object, limits: limits)
        if object["answer"] == nil || object["answer"] is NSNull {
            guard upstreamConfigured else {
                throw .invalidField(
                    "answer", "is missing: no upstream LLM is configured to write one, so send the answer to refine")
            }
            answer = nil
        } else {
            answer = try VerifyRequest.answer(object, limit: limits.maxAnswerCharacters)
        }
        model = try ModelName.read(object)

        steps = 3
        upstreamCalls = defaults.upstreamCalls
        deadlineMs = defaults.deadlineMs
        if let budget = object["budget"].flatMap({ $0 is NSNull ? nil : $0 }) {
            guard let budget = budget as? [String: Any] else {
                throw .invalidField("budget", "must be an object such as {\"steps\": 3}")
            }
            try KnownFields.check(budget, allowed: KnownFields.budget, parent: "budget")
            steps = try Self.integer(budget, "steps", field: "budget.steps", in: 1...8) ?? steps
            upstreamCalls =
                try Self.integer(budget, "upstream_calls", field: "budget.upstream_calls", in: 0...16) ?? upstreamCalls
            deadlineMs =
                try Self.integer(budget, "deadline_ms", field: "budget.deadline_ms", in: 1...600_000) ?? deadlineMs
        }
        let strategy = try VerifyRequest.optionalString(object, "strategy", limit: 16) ?? "hybrid"
        guard let parsed = Strategy(rawValue: strategy) else {
            throw .invalidField("strategy", "must be trm, ebm or hybrid, not \"\(strategy)\"")
        }
        self.strategy = parsed
        seed = UInt64(try Self.integer(object, "seed", field: "seed", in: 0...(1 << 53)) ?? 0)
    }

    /// Reads an optional whole number within `range`; a fraction, a string or a boolean is an error.
    static func integer(_ object: [String: Any], _ key: String, field: String, in range: ClosedRange<Int>)
        throws(APIError) -> Int?
    {
        guard let value = object[key], !(value is NSNull) else { return nil }
        // JSON true and false arrive as NSNumber too, with the objCType of a C char.
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c",
            let integer = Int(exactly: number), range.contains(integer)
        else {
            throw .invalidField(field, "must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return integer
    }
}

/// The optional `model` field shared by every item.
enum ModelName {
    static func read(_ object: [String: Any]) throws(APIError) -> String {
        let model = try VerifyRequest.optionalString(object, "model", limit: 128) ?? "default"
        guard !model.isEmpty else {
            throw .invalidField("model", "is empty: leave it out for the default model or send a model name")
        }
        return model
    }
}

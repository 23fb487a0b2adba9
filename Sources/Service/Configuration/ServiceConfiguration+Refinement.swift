import Foundation

extension ServiceConfiguration {
    /// The hybrid `/refine` loop: its prompts, its default budget and the weights of the combined score.
    public struct Refinement: Sendable, Codable, Equatable {
        /// Weights of the combined score that picks the returned candidate from the Pareto front.
        public struct Weights: Sendable, Codable, Equatable {
            /// Weight of support: the share of the answer's content words in supported spans. Default: 0.6.
            public var support = 0.6
            /// Weight of lexical relevance to the question. Default: 0.2.
            public var relevance = 0.2
            /// Weight of the energy model's probability that the answer is faithful. Default: 0.2.
            public var energy = 0.2

            public init() {}
        }

        /// System message that asks the upstream to answer from the passages.
        public var generationPrompt = """
            Answer the question from the passages alone. Use their words where you can, state nothing they do not \
            support, and reply with the answer only, in one or two sentences.
            """
        /// A file written by `refiner optimize-prompt` whose `prompt` replaces `generationPrompt`; nil for none.
        /// Environment: `REFINER_PROMPT_FILE`.
        public var promptFile: String?
        /// System message that asks the upstream to revise an answer's unsupported spans.
        public var revisionPrompt = """
            Revise the answer so that the passages support every claim in it. Change only the unsupported spans \
            listed, keep what is supported, and reply with the revised answer only.
            """
        /// Revisions the upstream may write for a request whose budget leaves them out. Default: 2.
        public var upstreamCalls = 2
        /// Time a request may take when its budget leaves it out. Default: 20,000 ms.
        public var deadlineMs = 20_000
        /// Characters of passages sent upstream in one request; longer passages are cut. Default: 12,000.
        public var maxPromptCharacters = 12_000
        public var weights = Weights()

        public init() {}

        /// Checks the weights and budgets.
        ///
        /// - Throws: `ConfigurationError` naming the key.
        func validate() throws {
            let values = [
                ("refinement.weights.support", weights.support),
                ("refinement.weights.relevance", weights.relevance),
                ("refinement.weights.energy", weights.energy),
            ]
            for (key, value) in values where !(value.isFinite && value >= 0) {
                throw ConfigurationError(description: "\(key) must be a number 0 or more, got \(value)")
            }
            guard weights.support + weights.relevance + weights.energy > 0 else {
                throw ConfigurationError(description: "refinement.weights must not all be 0")
            }
            guard (0...16).contains(upstreamCalls) else {
                throw ConfigurationError(
                    description: "refinement.upstreamCalls must be from 0 to 16, got \(upstreamCalls)")
            }
            guard (1...600_000).contains(deadlineMs) else {
                throw ConfigurationError(
                    description: "refinement.deadlineMs must be from 1 to 600000, got \(deadlineMs)")
            }
            guard maxPromptCharacters >= 1000 else {
                throw ConfigurationError(
                    description: "refinement.maxPromptCharacters must be at least 1000, got \(maxPromptCharacters)")
            }
        }

        /// Returns the generation prompt: the one in `promptFile` when set, else `generationPrompt`.
        ///
        /// - Throws: `ConfigurationError` when the file cannot be read or has no prompt.
        public func resolvedGenerationPrompt() throws -> String {
            guard let promptFile else { return generationPrompt }
            guard let data = FileManager.default.contents(atPath: promptFile) else {
                throw ConfigurationError(description: "cannot read refinement.promptFile \(promptFile)")
            }
            let fix = "; write it with refiner optimize-prompt"
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ConfigurationError(description: "refinement.promptFile \(promptFile) is not a JSON object\(fix)")
            }
            guard let value = object["prompt"] else {
                throw ConfigurationError(description: "refinement.promptFile \(promptFile) has no \"prompt\" key\(fix)")
            }
            guard let prompt = value as? String else {
                throw ConfigurationError(
                    description: "refinement.promptFile \(promptFile) has a \"prompt\" that is not a string\(fix)")
            }
            guard !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw ConfigurationError(
                    description: "refinement.promptFile \(promptFile) has an empty \"prompt\"\(fix)")
            }
            return prompt
        }
    }
}

extension ServiceConfiguration.Refinement {
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        generationPrompt =
            try container.decodeIfPresent(String.self, forKey: .generationPrompt)
            ?? defaults.generationPrompt
        promptFile = try container.decodeIfPresent(String.self, forKey: .promptFile)
        revisionPrompt = try container.decodeIfPresent(String.self, forKey: .revisionPrompt) ?? defaults.revisionPrompt
        upstreamCalls = try container.decodeIfPresent(Int.self, forKey: .upstreamCalls) ?? defaults.upstreamCalls
        deadlineMs = try container.decodeIfPresent(Int.self, forKey: .deadlineMs) ?? defaults.deadlineMs
        maxPromptCharacters =
            try container.decodeIfPresent(Int.self, forKey: .maxPromptCharacters) ?? defaults.maxPromptCharacters
        weights = try container.decodeIfPresent(Weights.self, forKey: .weights) ?? defaults.weights
    }
}

extension ServiceConfiguration.Refinement.Weights {
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        support = try container.decodeIfPresent(Double.self, forKey: .support) ?? defaults.support
        relevance = try container.decodeIfPresent(Double.self, forKey: .relevance) ?? defaults.relevance
        energy = try container.decodeIfPresent(Double.self, forKey: .energy) ?? defaults.energy
    }
}

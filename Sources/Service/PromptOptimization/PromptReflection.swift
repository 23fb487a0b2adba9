import Foundation
import Upstream

/// The reflective mutation of GEPA: the upstream reads a prompt and feedback on its answers and proposes a
/// better prompt, which must come back in a fenced block.
struct PromptReflection: Sendable {
    /// A reflection that carries no usable prompt.
    struct Rejection: Error, Sendable {
        var reason: String
    }

    /// Characters of feedback sent in one reflection; examples past it are left out.
    var maxFeedbackCharacters: Int
    /// Maximum length of a prompt accepted from a reflection, in characters.
    var maxPromptCharacters: Int

    static let instruction = """
        You improve the instruction given to an assistant that answers questions from retrieved passages. A \
        verifier checked the answers below and listed the spans no passage supports. Write a better instruction \
        that keeps what works and fixes what failed. Reply with the new instruction inside one ``` block.
        """

    /// Returns the messages asking for a better version of `prompt` from the feedback on a minibatch.
    func messages(prompt: String, examples: [(record: PromptOptimizer.Record, feedback: PromptScorer.Feedback)])
        -> [ChatMessage]
    {
        var text = "Current instruction:\n```\n\(prompt)\n```\n\nAnswers it produced, with the verifier's feedback:"
        for (number, example) in examples.enumerated() {
            let passages = example.record.contexts.joined(separator: " ").prefix(600)
            var block = "\n\nExample \(number + 1)\nQuestion: \(example.record.question ?? "(a summary)")\n"
            block += "Passages (start): \(passages)\nAnswer: \(example.feedback.answer.prefix(600))\n"
            block += "Feedback: score \(Self.rounded(example.feedback.score)), verdict \(example.feedback.label), "
            block += "support \(Self.rounded(example.feedback.support))"
            if !example.feedback.unsupportedSpans.isEmpty {
                let spans = example.feedback.unsupportedSpans.prefix(5).map { "\"\($0.prefix(120))\"" }
                block += "; unsupported: " + spans.joined(separator: ", ")
            }
            guard text.count + block.count <= maxFeedbackCharacters else { break }
            text += block
        }
        return [.system(Self.instruction), .user(text)]
    }

    /// Returns the prompt in the reply's first fenced block.
    ///
    /// - Throws: `Rejection` when there is no fenced block, it is empty or too long, or it repeats `parent`.
    func prompt(from reply: String, parent: String) throws(Rejection) -> String {
        let parts = reply.components(separatedBy: "```")
        guard parts.count >= 3 else { throw Rejection(reason: "the reply has no ``` block") }
        var body = parts[1]
        // A language tag such as ```text sits on the fence's line.
        if let newline = body.firstIndex(of: "\n"), !body[..<newline].contains(" ") {
            body = String(body[body.index(after: newline)...])
        }
        let prompt = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !prompt.isEmpty else { throw Rejection(reason: "the ``` block is empty") }
        guard prompt.count <= maxPromptCharacters else {
            throw Rejection(reason: "the prompt has \(prompt.count) characters; the limit is \(maxPromptCharacters)")
        }
        guard prompt != parent.trimmingCharacters(in: .whitespacesAndNewlines) else {
            throw Rejection(reason: "the prompt repeats its parent")
        }
        return prompt
    }

    private static func rounded(_ value: Double) -> Double {
        (value * 100).rounded() / 100
    }
}

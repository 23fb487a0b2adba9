import TRM
import Upstream

/// The messages the service sends the upstream LLM, with the passages cut to a character budget.
///
/// The user message always starts `Question: …`, then `Passages:` with one `[n] passage` line each, numbered
/// from 1, so a reply can cite them. scripts/upstream_stub.py reads this layout.
public struct RefinementPrompts: Sendable {
    /// Characters of passages sent in one request.
    public var maxPassageCharacters: Int

    public init(maxPassageCharacters: Int) {
        self.maxPassageCharacters = maxPassageCharacters
    }

    /// Returns the messages that ask for an answer to the question from the passages.
    ///
    /// - Parameter instruction: The system message: the configured or optimized generation prompt.
    public func generation(instruction: String, question: String?, contexts: [String]) -> [ChatMessage] {
        [.system(instruction), .user(questionAndPassages(question: question, contexts: contexts))]
    }

    /// Returns the messages that ask for a revision of the unsupported spans of an answer.
    ///
    /// Each span is listed with the passage the verifier aligned it with, the one that fails to support it.
    public func revision(
        instruction: String, question: String?, contexts: [String], answer: String, unsupported: [SpanVerdict]
    ) -> [ChatMessage] {
        var text = questionAndPassages(question: question, contexts: contexts)
        text += "\n\nAnswer:\n\(answer)\n\nUnsupported spans:"
        for span in unsupported {
            if let evidence = span.evidence {
                text += "\n- \"\(span.text)\": passage [\(evidence.context + 1)] is the closest and does not support it"
            } else {
                text += "\n- \"\(span.text)\": no passage mentions it"
            }
        }
        return [.system(instruction), .user(text)]
    }

    private func questionAndPassages(question: String?, contexts: [String]) -> String {
        let share = max(200, maxPassageCharacters / max(contexts.count, 1))
        // An empty or blank question counts as none, as it does for the verifier.
        let stated = question.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        var text = "Question: \(stated ?? "(none: summarize the passages)")\n\nPassages:"
        for (index, context) in contexts.enumerated() {
            let cut = context.count > share ? String(context.prefix(share)) + " …" : context
            text += "\n[\(index + 1)] \(cut.replacingOccurrences(of: "\n", with: " "))"
        }
        return text
    }
}

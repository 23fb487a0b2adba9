import EBM
import Foundation
import Text

/// Reads and checks labelled examples, inline in a request or from a dataset file.
enum TrainingExamples {
    /// Returns the records of a JSON list of example objects, each checked as a data file's record is.
    ///
    /// - Throws: `APIError` 400 naming the first invalid element and field.
    static func records(_ list: [Any], field: String) throws(APIError) -> [LabelledRecord] {
        var records: [LabelledRecord] = []
        records.reserveCapacity(list.count)
        for (index, element) in list.enumerated() {
            let name = "\(field)[\(index)]"
            guard let object = element as? [String: Any] else { throw .invalidField(name, "must be an object") }
            records.append(try record(object, name: name))
        }
        return records
    }

    /// Reads one example with the checks of a data file's record, except that `id` and `source` may be missing.
    private static func record(_ object: [String: Any], name: String) throws(APIError) -> LabelledRecord {
        do {
            return try LabelledRecord(jsonObject: object, defaultSource: "request") { record in
                contentID(question: record.question, contexts: record.contexts, answer: record.answer)
            }
        } catch {
            throw .invalidField("\(name).\(error.field)", error.problem)
        }
    }

    /// Returns an id derived from an example's text, for an example sent without one.
    ///
    /// The energy model holds out records by id, so copies of one example share an id and stay on one side of
    /// the split. The hash covers the fields, each ended by the byte 0xFF, which UTF-8 text never contains.
    static func contentID(question: String?, contexts: [String], answer: String) -> String {
        var bytes = Data()
        for field in [question ?? ""] + contexts + [answer] {
            bytes.append(contentsOf: Array(field.utf8) + [0xFF])
        }
        return "example-" + String(EnergyTrainingRun.fnv1a(bytes), radix: 16)
    }

    /// Checks the count and that both labels occur, which fitting the decision threshold needs.
    ///
    /// - Throws: `APIError` 400 naming `field`.
    static func check(_ records: [LabelledRecord], field: String, maxExamples: Int) throws(APIError) {
        guard records.count >= 2 else {
            throw .invalidField(field, "has \(records.count) examples; send at least 2, with both labels")
        }
        guard records.count <= maxExamples else {
            throw .invalidField(field, "has \(records.count) examples; the limit is \(maxExamples)")
        }
        let labels = Set(records.map(\.label))
        guard labels.count == 2 else {
            throw .invalidField(field, "has only label \(labels.first ?? 0); send examples with label 0 and label 1")
        }
    }

    /// Checks each record against the request limits `/verify` applies, so training never reads an answer or a
    /// context the service would refuse to judge.
    ///
    /// - Throws: `APIError` 400 naming the example (`examples[3].answer`), or for a dataset file its record number
    ///   and id.
    static func checkLimits(
        _ records: [LabelledRecord], field: String, limits: ServiceConfiguration.Limits, inline: Bool
    ) throws(APIError) {
        for (index, record) in records.enumerated() {
            func fail(_ member: String, _ problem: String) -> APIError {
                inline
                    ? .invalidField("\(field)[\(index)].\(member)", problem)
                    : .invalidField(field, "record \(index + 1) (id \(record.id)): \(member) \(problem)")
            }
            let answer = record.answer.unicodeScalars.count
            guard answer <= limits.maxAnswerCharacters else {
                throw fail("answer", "has \(answer) characters; the limit is \(limits.maxAnswerCharacters)")
            }
            let question = record.question?.unicodeScalars.count ?? 0
            guard question <= limits.maxQuestionCharacters else {
                throw fail("question", "has \(question) characters; the limit is \(limits.maxQuestionCharacters)")
            }
            guard record.contexts.count <= limits.maxContexts else {
                throw fail("contexts", "has \(record.contexts.count) passages; the limit is \(limits.maxContexts)")
            }
            for (number, context) in record.contexts.enumerated() {
                let length = context.unicodeScalars.count
                guard length <= limits.maxContextCharacters else {
                    throw fail(
                        "contexts[\(number)]", "has \(length) characters; the limit is \(limits.maxContextCharacters)")
                }
            }
        }
    }
}

import EBM
import Foundation
import Text

/// Reads and checks labelled examples, inline in a request or from a dataset file.
enum TrainingExamples {
    /// Returns the records of a JSON list of example objects.
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

    private static func record(_ object: [String: Any], name: String) throws(APIError) -> LabelledRecord {
        guard let contexts = object["contexts"] as? [Any], !contexts.isEmpty else {
            throw .invalidField("\(name).contexts", "must be a list of 1 or more passages")
        }
        var texts: [String] = []
        for (position, context) in contexts.enumerated() {
            guard let text = context as? String, !text.isBlank else {
                throw .invalidField("\(name).contexts[\(position)]", "must be a non-empty string")
            }
            texts.append(text)
        }
        guard let answer = object["answer"] as? String else {
            throw .invalidField("\(name).answer", "must be a string")
        }
        guard let labelValue = object["label"], !TrainRequest.isBoolean(labelValue),
            let label = labelValue as? Int, label == 0 || label == 1
        else {
            throw .invalidField("\(name).label", "must be 1 (supported) or 0 (unsupported)")
        }
        let question = try optional(object, "question", name: name)
        let id =
            try optional(object, "id", name: name) ?? contentID(question: question, contexts: texts, answer: answer)
        return LabelledRecord(
            id: id,
            source: try optional(object, "source", name: name) ?? "request",
            question: question, contexts: texts, answer: answer, label: label,
            reference: try optional(object, "reference", name: name))
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

    private static func optional(_ object: [String: Any], _ key: String, name: String) throws(APIError) -> String? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let text = value as? String else { throw .invalidField("\(name).\(key)", "must be a string") }
        return text
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
}

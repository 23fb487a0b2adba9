import Foundation
import Tensor
import Text

/// Builds labelled records whose contexts name people, places and numbers, half of them supported.
///
/// A supported answer copies one context sentence. An unsupported answer copies it with one number or one
/// name changed to a value the contexts never mention, and keeps the copied sentence as its reference.
struct SyntheticRecords {
    private static let names = ["Alice", "Bruno", "Chen", "Dara", "Elena", "Farid", "Greta", "Hiro", "Ines", "Jonas"]
    private static let cities = ["Lisbon", "Oslo", "Quito", "Nairobi", "Osaka", "Lima", "Perth", "Riga"]
    private static let items = ["bicycle", "kettle", "lamp", "violin", "tent", "camera", "desk", "rug"]

    private var generator: SeededGenerator

    init(seed: UInt64) {
        generator = SeededGenerator(seed: seed)
    }

    /// Returns `count` records, alternating supported and unsupported.
    mutating func make(_ count: Int) -> [LabelledRecord] {
        (0..<count).map { index in record(index, supported: index % 2 == 0) }
    }

    private mutating func record(_ index: Int, supported: Bool) -> LabelledRecord {
        let name = pick(Self.names)
        let city = pick(Self.cities)
        let price = 20 + Int(generator.next() % 400)
        let year = 1990 + Int(generator.next() % 30)
        let purchase = "\(name) paid \(price) dollars for a \(pick(Self.items)) in \(city)."
        let opening = "The shop in \(city) opened in \(year)."
        let copied = generator.next() % 2 == 0 ? purchase : opening
        let contexts = [purchase + " " + opening]
        guard !supported else {
            return LabelledRecord(
                id: "s\(index)", source: "synthetic", question: nil, contexts: contexts, answer: copied, label: 1)
        }
        let answer: String
        if copied == purchase, generator.next() % 2 == 0 {
            let other = Self.names.first { $0 != name && !contexts[0].contains($0) } ?? "Zora"
            answer = purchase.replacingOccurrences(of: name, with: other)
        } else {
            let number = copied == purchase ? price : year
            answer = copied.replacingOccurrences(of: "\(number)", with: "\(number + 7 + Int(generator.next() % 50))")
        }
        return LabelledRecord(
            id: "u\(index)", source: "synthetic", question: nil, contexts: contexts, answer: answer, label: 0,
            reference: copied)
    }

    private mutating func pick(_ values: [String]) -> String {
        values[Int(generator.next() % UInt64(values.count))]
    }
}

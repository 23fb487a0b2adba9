import Foundation
import Tensor
import Text

/// Returns `count` labelled purchase records, alternating supported and unsupported, a third of them with a question.
///
/// A supported answer repeats the context's purchase sentence. An unsupported answer changes its price to one the
/// context never mentions, and keeps the true sentence as its reference, so the energy model has a repair target.
func purchaseRecords(count: Int, seed: UInt64 = 3) -> [LabelledRecord] {
    let buyers = ["Amara", "Bastian", "Chiara", "Dmitri", "Esther", "Felipe", "Gwen", "Hamid"]
    let goods = ["kayak", "piano", "sofa", "drone", "tractor", "easel"]
    let towns = ["Bergen", "Cusco", "Dakar", "Hobart", "Kraków", "Tartu"]
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { index in
        let buyer = buyers[Int(generator.next() % UInt64(buyers.count))]
        let item = goods[Int(generator.next() % UInt64(goods.count))]
        let town = towns[index % towns.count]
        let price = 30 + Int(generator.next() % 900)
        let sentence = "\(buyer) bought a \(item) in \(town) for \(price) euros."
        let contexts = [sentence + " The market there opens at \(6 + index % 4) o'clock."]
        let question = index % 3 == 0 ? "What did \(buyer) pay for the \(item)?" : nil
        let supported = index % 2 == 0
        let answer = supported ? sentence : sentence.replacingOccurrences(of: "\(price)", with: "\(price + 1_357)")
        return LabelledRecord(
            id: "purchase-\(index)", source: "synthetic", question: question, contexts: contexts, answer: answer,
            label: supported ? 1 : 0, reference: supported ? nil : sentence)
    }
}

import Tensor

extension PromptOptimizer {
    /// Returns the prompts on the Pareto front with the Pareto records each wins.
    ///
    /// A prompt wins a record when no prompt scores higher on it. Prompts that win nothing, or that another
    /// prompt dominates (at least as good on every record and better on one), are left out.
    public static func front(_ pool: [Candidate]) -> [(index: Int, wins: Int)] {
        guard let recordCount = pool.first?.scores.count else { return [] }
        var wins = [Int](repeating: 0, count: pool.count)
        for record in 0..<recordCount {
            let best = pool.compactMap { $0.scores[record] }.max()
            guard let best else { continue }
            for index in pool.indices where pool[index].scores[record] == best {
                wins[index] += 1
            }
        }
        return pool.indices.compactMap { index in
            guard wins[index] > 0 else { return nil }
            let dominated = pool.indices.contains { other in
                other != index && dominates(pool[other].scores, pool[index].scores)
            }
            return dominated ? nil : (index, wins[index])
        }
    }

    /// Draws a parent from the Pareto front with probability proportional to the records it wins.
    static func selectParent(_ pool: [Candidate], using generator: inout SeededGenerator) -> Int {
        let front = front(pool)
        let total = front.reduce(0) { $0 + $1.wins }
        guard total > 0 else { return 0 }
        var draw = Int(generator.nextUniform() * Double(total))
        for member in front {
            if draw < member.wins { return member.index }
            draw -= member.wins
        }
        return front.last?.index ?? 0
    }

    private static func dominates(_ first: [Double?], _ second: [Double?]) -> Bool {
        var better = false
        for (a, b) in zip(first, second) {
            let x = a ?? 0
            let y = b ?? 0
            if x < y { return false }
            if x > y { better = true }
        }
        return better
    }
}

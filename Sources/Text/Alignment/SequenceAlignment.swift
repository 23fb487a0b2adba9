/// Monotone alignment of two token sequences by longest common subsequence.
public enum SequenceAlignment {
    /// Returns, for each element of `first`, the index of the element of `second` it is matched to, or nil.
    ///
    /// The matching is a longest common subsequence, so matched pairs keep their order in both sequences.
    /// Cost: O(first.count × second.count) time and memory.
    public static func match<Element: Equatable>(_ first: [Element], _ second: [Element]) -> [Int?] {
        let rows = first.count
        let columns = second.count
        guard rows > 0, columns > 0 else { return Array(repeating: nil, count: rows) }

        // lengths[i][j] is the LCS length of first[i...] and second[j...], stored flat.
        var lengths = [Int32](repeating: 0, count: (rows + 1) * (columns + 1))
        let width = columns + 1
        for i in stride(from: rows - 1, through: 0, by: -1) {
            for j in stride(from: columns - 1, through: 0, by: -1) {
                if first[i] == second[j] {
                    lengths[i * width + j] = lengths[(i + 1) * width + j + 1] + 1
                } else {
                    lengths[i * width + j] = max(lengths[(i + 1) * width + j], lengths[i * width + j + 1])
                }
            }
        }

        var matches = [Int?](repeating: nil, count: rows)
        var i = 0
        var j = 0
        while i < rows, j < columns {
            if first[i] == second[j] {
                matches[i] = j
                i += 1
                j += 1
            } else if lengths[(i + 1) * width + j] >= lengths[i * width + j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
        return matches
    }
}

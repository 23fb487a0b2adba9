/// A read-only adjacency list that stores the neighbors of all nodes in one flat array.
///
/// Nodes are dense `Int32` ids in `0..<nodeCount`. The neighbors of node `n` are
/// `neighbors[starts[n]..<starts[n + 1]]`, in the order their edges were given.
struct CompactAdjacency: Sendable {
    private let starts: [Int32]
    private let neighbors: [Int32]

    /// The number of edges.
    var edgeCount: Int { neighbors.count }

    /// Groups edges by source node with a counting sort.
    ///
    /// - Parameters:
    ///   - nodeCount: The number of nodes. Every source must be below it.
    ///   - sources: The source node of each edge.
    ///   - targets: The target node of each edge, parallel to `sources`.
    init(nodeCount: Int, sources: [Int32], targets: [Int32]) {
        precondition(sources.count == targets.count, "every edge needs a source and a target")

        var starts = [Int32](repeating: 0, count: nodeCount + 1)
        for source in sources {
            starts[Int(source) + 1] += 1
        }
        for node in stride(from: 1, through: nodeCount, by: 1) {
            starts[node] += starts[node - 1]
        }

        var nextSlot = starts
        var neighbors = [Int32](repeating: 0, count: targets.count)
        for (source, target) in zip(sources, targets) {
            neighbors[Int(nextSlot[Int(source)])] = target
            nextSlot[Int(source)] += 1
        }

        self.starts = starts
        self.neighbors = neighbors
    }

    /// Returns the neighbors of a node, empty when it has none.
    subscript(node: Int32) -> ArraySlice<Int32> {
        neighbors[Int(starts[Int(node)])..<Int(starts[Int(node) + 1])]
    }
}

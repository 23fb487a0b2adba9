import Foundation

/// Lexical relations already classified, keyed by an ordered pair of words, shared by concurrent requests.
///
/// The cache keeps at most `capacity` pairs and empties itself when full, so memory stays bounded whatever the
/// requests contain.
final class RelationCache: @unchecked Sendable {
    /// Two words, the smaller first, so both argument orders find the same entry.
    struct Pair: Hashable {
        let first: String
        let second: String

        init(_ first: String, _ second: String) {
            self.first = first
            self.second = second
        }
    }

    // The lock guards `entries`.
    private let lock = NSLock()
    private var entries: [Pair: LexicalRelation] = [:]
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    subscript(pair: Pair) -> LexicalRelation? {
        get {
            lock.withLock { entries[pair] }
        }
        set {
            lock.withLock {
                if entries.count >= capacity {
                    entries.removeAll(keepingCapacity: true)
                }
                entries[pair] = newValue
            }
        }
    }
}

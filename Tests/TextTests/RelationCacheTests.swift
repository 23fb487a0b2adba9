import Testing

@testable import Text

@Suite struct RelationCacheTests {
    @Test func storedRelationIsFound() {
        let cache = RelationCache(capacity: 4)
        let pair = RelationCache.Pair("cold", "hot")

        cache[pair] = .antonym

        #expect(cache[pair] == .antonym)
        #expect(cache[RelationCache.Pair("cold", "warm")] == nil)
    }

    @Test func fullCacheEmptiesBeforeTheNextEntry() {
        let cache = RelationCache(capacity: 2)
        cache[RelationCache.Pair("a", "b")] = .same
        cache[RelationCache.Pair("c", "d")] = .synonym

        cache[RelationCache.Pair("e", "f")] = .unrelated

        #expect(cache[RelationCache.Pair("a", "b")] == nil)
        #expect(cache[RelationCache.Pair("c", "d")] == nil)
        #expect(cache[RelationCache.Pair("e", "f")] == .unrelated)
    }
}

import Foundation
import Testing

@testable import Text

/// The database that Debian's `wordnet-base` installs, loaded once and shared by the tests.
private let sharedWordNet = Result { try WordNet.load() }

/// A word pair with the relation that WordNet 3.0 gives it.
struct RelationCase: CustomTestStringConvertible, Sendable {
    let first: String
    let second: String
    let expected: LexicalRelation

    var testDescription: String { "\(first)/\(second) is \(expected)" }
}

@Suite struct WordNetTests {
    static let relationCases: [RelationCase] = [
        RelationCase(first: "increase", second: "decrease", expected: .antonym),
        // WordNet 3.0 links three verb senses of include to senses of exclude by antonym pointers.
        RelationCase(first: "include", second: "exclude", expected: .antonym),
        RelationCase(first: "good", second: "bad", expected: .antonym),
        RelationCase(first: "hot", second: "cold", expected: .antonym),
        // "soggy" is a satellite of "wet", whose antonym is "dry".
        RelationCase(first: "soggy", second: "dry", expected: .antonym),
        // "omit" shares a synset with "exclude", which points to "include".
        RelationCase(first: "omit", second: "include", expected: .antonym),
        RelationCase(first: "big", second: "large", expected: .synonym),
        RelationCase(first: "dog", second: "canine", expected: .hypernym),
        RelationCase(first: "dog", second: "animal", expected: .hypernym),
        RelationCase(first: "animal", second: "dog", expected: .hypernym),
        RelationCase(first: "car", second: "vehicle", expected: .hypernym),
        // Einstein is an instance of physicist, not a subclass.
        RelationCase(first: "Einstein", second: "physicist", expected: .hypernym),
        RelationCase(first: "yellow", second: "pink", expected: .cohyponym),
        RelationCase(first: "dog", second: "wolf", expected: .cohyponym),
        RelationCase(first: "lion", second: "tiger", expected: .cohyponym),
        // WordNet 3.0 files dog under canine and cat under feline, which meet only at carnivore.
        RelationCase(first: "dog", second: "cat", expected: .unrelated),
        RelationCase(first: "running", second: "ran", expected: .same),
        RelationCase(first: "geese", second: "goose", expected: .same),
        RelationCase(first: "Dogs", second: "dog", expected: .same),
        RelationCase(first: "banana", second: "democracy", expected: .unrelated),
        RelationCase(first: "guitar", second: "justice", expected: .unrelated),
        RelationCase(first: "1729", second: "seven", expected: .unknown),
        RelationCase(first: "dog", second: "blorptastic", expected: .unknown),
        RelationCase(first: "the", second: "dog", expected: .unknown),
        RelationCase(first: "blorptastic", second: "blorptastic", expected: .same),
        RelationCase(first: "", second: "", expected: .unknown),
    ]

    @Test(arguments: relationCases)
    func relationMatchesDatabase(_ pair: RelationCase) throws {
        let wordNet = try sharedWordNet.get()

        #expect(wordNet.relation(between: pair.first, and: pair.second) == pair.expected)
    }

    @Test func cachedRelationsMatchAFreshDatabase() throws {
        let shared = try sharedWordNet.get()
        let fresh = try WordNet.load()

        for pair in Self.relationCases {
            let first = shared.relation(between: pair.first, and: pair.second)
            #expect(shared.relation(between: pair.first, and: pair.second) == first)
            #expect(fresh.relation(between: pair.second, and: pair.first) == first)
        }
    }

    @Test(arguments: relationCases)
    func relationIsSymmetric(_ pair: RelationCase) throws {
        let wordNet = try sharedWordNet.get()

        #expect(wordNet.relation(between: pair.second, and: pair.first) == pair.expected)
    }

    @Test(arguments: [
        ("running", "run"),
        ("ran", "run"),
        ("geese", "goose"),
        ("dogs", "dog"),
        ("boxes", "box"),
        ("churches", "church"),
        ("women", "woman"),
        ("bigger", "big"),
        ("largest", "large"),
        ("studied", "study"),
        ("walking", "walk"),
        ("hoping", "hope"),
        ("Better", "good"),
        ("hot dog", "hot_dog"),
    ])
    func lemmasIncludeBaseForm(word: String, lemma: String) throws {
        let wordNet = try sharedWordNet.get()

        #expect(wordNet.lemmas(of: word).contains(lemma))
    }

    @Test func lemmasOfRunningAreSortedAndExact() throws {
        let wordNet = try sharedWordNet.get()

        #expect(wordNet.lemmas(of: "running") == ["run", "running"])
    }

    @Test(arguments: ["1729", "blorptastic", "the", "", "   "])
    func lemmasOfUnknownWordAreEmpty(word: String) throws {
        let wordNet = try sharedWordNet.get()

        #expect(wordNet.lemmas(of: word).isEmpty)
    }

    @Test func loadReadsWholeDatabase() throws {
        let clock = ContinuousClock()
        var wordNet: WordNet?
        let duration = try clock.measure { wordNet = try WordNet.load() }
        print("WordNet load took \(duration) (build configuration decides the speed; release is the real figure)")

        // WordNet 3.0 has 147,306 distinct lemmas and 117,659 synsets over all parts of speech.
        #expect(wordNet?.lemmaCount == 147_306)
        #expect(wordNet?.graph.count == 117_659)
    }

    @Test func loadOfMissingDirectoryNamesIt() {
        let directory = "/nonexistent/wordnet-\(UUID().uuidString)"

        let error = #expect(throws: WordNetError.self) { try WordNet.load(directory: directory) }

        #expect(error?.path == directory)
        #expect(error?.description.contains(directory) == true)
    }

    @Test func loadOfMissingFileNamesIt() throws {
        let directory = try makeDatabaseDirectory(files: [:])
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let error = #expect(throws: WordNetError.self) { try WordNet.load(directory: directory) }

        #expect(error?.path == directory + "/data.noun")
        #expect(error?.description.contains("data.noun") == true)
    }

    @Test func loadOfCorruptFileNamesFileAndLine() throws {
        let directory = try makeDatabaseDirectory(files: [
            "data.noun": "  1 license text\n00000000 03 n 01 thing 0 000 | a made-up synset\nnot a synset line\n"
        ])
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let error = #expect(throws: WordNetError.self) { try WordNet.load(directory: directory) }

        #expect(error?.path == directory + "/data.noun")
        #expect(error?.description.contains("line 3") == true)
    }

    /// Creates a temporary directory holding the given files, or none of the database when `files` is empty.
    private func makeDatabaseDirectory(files: [String: String]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wordnet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, contents) in files {
            try contents.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory.path
    }
}

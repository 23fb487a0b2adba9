import Foundation

/// The WordNet 3.0 database, loaded into memory for lemma and lexical relation lookups.
///
/// A loaded instance is immutable apart from a locked cache of relations, so any number of tasks may share it.
public final class WordNet: Sendable {
    let graph: SynsetGraph
    let index: LemmaIndex
    private let lemmatizer: Lemmatizer
    /// Relations already classified: feature extraction looks one up for every answer word that replaces a
    /// context word.
    let relations = RelationCache(capacity: 65_536)

    /// The number of distinct lemmas over all parts of speech (147,306 in WordNet 3.0).
    public var lemmaCount: Int { index.count }

    private init(graph: SynsetGraph, index: LemmaIndex, lemmatizer: Lemmatizer) {
        self.graph = graph
        self.index = index
        self.lemmatizer = lemmatizer
    }

    /// Loads the database from the text files of `directory`.
    ///
    /// The directory must contain `data.*`, `index.*` and `*.exc` for noun, verb, adj and adv, in the
    /// format of `wndb(5WN)`, as Debian's `wordnet-base` package installs them.
    ///
    /// - Parameter directory: The database directory. Default: `/usr/share/wordnet`.
    /// - Throws: ``WordNetError`` naming the directory when it does not exist, or the first file that is
    ///   missing, unreadable or corrupt.
    public static func load(directory: String = "/usr/share/wordnet") throws -> WordNet {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw WordNetError.missingDirectory(directory)
        }

        let (graph, locator) = try SynsetGraph.load(directory: directory)
        let index = try LemmaIndex.load(directory: directory, locator: locator)
        let lemmatizer = try Lemmatizer.load(directory: directory)
        return WordNet(graph: graph, index: index, lemmatizer: lemmatizer)
    }

    /// Finds the base forms of `word` that WordNet lists, over all parts of speech.
    ///
    /// The word is lower-cased and trimmed, and inner spaces become underscores, as in `hot_dog`.
    /// Irregular forms come from the exception lists ("geese" gives "goose") and regular ones from the
    /// suffix rules ("running" gives "run"). The word itself is included when WordNet lists it.
    ///
    /// - Returns: The lemmas, sorted and unique, or an empty array when WordNet has none.
    public func lemmas(of word: String) -> [String] {
        lemmatizer.lemmas(of: word, in: index)
    }
}

/// The lexical relation between an answer word and the context word it replaces.
///
/// ``WordNet/relation(between:and:)`` checks the cases in declaration order and returns the first that holds
/// for any pair of senses, so a pair that is both synonym and hypernym in different senses is a synonym.
public enum LexicalRelation: Int, Sendable, CaseIterable {
    /// The words are identical or share a lemma, as "running" and "ran" share "run".
    case same
    /// The words share a synset, as "big" and "large".
    case synonym
    /// A synset of one word has an antonym pointer to a synset of the other, directly or through the head
    /// synset of an adjective satellite, as "good" and "bad" or "soggy" and "dry".
    case antonym
    /// A synset of one word is a hypernym or instance hypernym of a synset of the other, up to three levels
    /// up, in either direction, as "dog" and "animal".
    case hypernym
    /// The words have synsets with a direct hypernym in common, as "yellow" and "pink" under chromatic color.
    case cohyponym
    /// WordNet lists both words, in none of the relations above.
    case unrelated
    /// WordNet lists at least one of the words under no lemma, as with most numbers, names and stop words.
    case unknown
}

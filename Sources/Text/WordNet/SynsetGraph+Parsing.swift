extension SynsetGraph {
    /// The pointer types that the graph keeps. The data files hold more, such as meronyms and derivations.
    private enum PointerKind {
        case hypernym
        case antonym
        case similar
    }

    /// A pointer read from a data file whose target synset may not have an id yet.
    private struct PendingPointer {
        let kind: PointerKind
        let source: Int32
        let targetOffset: UInt32
        let targetPartOfSpeech: PartOfSpeech
    }

    /// The synsets and pointers read so far, before pointer targets are resolved to ids.
    private struct Builder {
        var locator = SynsetLocator()
        var isSatellite: [Bool] = []
        var pointers: [PendingPointer] = []
    }

    /// Parses the four data files of `directory` into a graph and the locator of its synsets.
    ///
    /// - Throws: ``WordNetError`` naming a missing, unreadable or corrupt data file.
    static func load(directory: String) throws -> (graph: SynsetGraph, locator: SynsetLocator) {
        var builder = Builder()
        builder.isSatellite.reserveCapacity(120_000)
        builder.pointers.reserveCapacity(160_000)

        for partOfSpeech in PartOfSpeech.allCases {
            let file = try DatabaseFile(directory: directory, name: "data.\(partOfSpeech.fileSuffix)")
            let countBefore = builder.locator.count
            try file.forEachLine { scanner, line in
                try parseSynset(&scanner, partOfSpeech: partOfSpeech, into: &builder, file: file, line: line)
            }
            if builder.locator.count == countBefore {
                throw file.corrupt(line: nil, "it contains no synset lines")
            }
        }

        let graph = try resolve(builder, directory: directory)
        return (graph, builder.locator)
    }

    /// Parses one data file line: `offset lex_filenum ss_type w_cnt (word lex_id)… p_cnt (pointer)… | gloss`.
    private static func parseSynset(
        _ scanner: inout FieldScanner,
        partOfSpeech: PartOfSpeech,
        into builder: inout Builder,
        file: DatabaseFile,
        line: Int
    ) throws {
        guard let offset = scanner.nextInteger(), scanner.nextInteger() != nil, let type = scanner.nextLetter() else {
            throw file.corrupt(line: line, "expected a synset offset, a lexicographer file number and a synset type")
        }
        guard PartOfSpeech(letter: type) == partOfSpeech else {
            throw file.corrupt(line: line, "synset type '\(Character(Unicode.Scalar(type)))' is invalid in this file")
        }
        guard let id = builder.locator.append(offset: UInt32(offset), partOfSpeech: partOfSpeech) else {
            throw file.corrupt(line: line, "synset offset \(offset) is not greater than the previous one")
        }
        builder.isSatellite.append(type == UInt8(ascii: "s"))

        guard let wordCount = scanner.nextInteger(radix: 16) else {
            throw file.corrupt(line: line, "expected a hexadecimal word count")
        }
        for _ in 0..<wordCount {
            guard scanner.next() != nil, scanner.nextInteger(radix: 16) != nil else {
                throw file.corrupt(line: line, "expected \(wordCount) words, each with a lexical id")
            }
        }

        guard let pointerCount = scanner.nextInteger() else {
            throw file.corrupt(line: line, "expected a pointer count")
        }
        for _ in 0..<pointerCount {
            let pointer = try parsePointer(&scanner, source: id, file: file, line: line)
            if let pointer {
                builder.pointers.append(pointer)
            }
        }
    }

    /// Parses one pointer, `symbol offset pos source/target`.
    ///
    /// - Returns: The pointer, or nil for a pointer type that the graph does not keep.
    private static func parsePointer(
        _ scanner: inout FieldScanner,
        source: Int32,
        file: DatabaseFile,
        line: Int
    ) throws -> PendingPointer? {
        guard
            let symbol = scanner.next(),
            let targetOffset = scanner.nextInteger(),
            let letter = scanner.nextLetter(),
            let targetPartOfSpeech = PartOfSpeech(letter: letter),
            scanner.nextInteger(radix: 16) != nil
        else {
            throw file.corrupt(line: line, "expected a pointer of four fields: symbol, offset, part of speech, words")
        }

        guard let kind = pointerKind(symbol: symbol, in: scanner) else { return nil }
        return PendingPointer(
            kind: kind,
            source: source,
            targetOffset: UInt32(targetOffset),
            targetPartOfSpeech: targetPartOfSpeech
        )
    }

    /// Returns the kind of the pointer symbol at `symbol`, or nil for a symbol the graph ignores.
    private static func pointerKind(symbol: Range<Int>, in scanner: FieldScanner) -> PointerKind? {
        let first = scanner.byte(at: symbol.lowerBound)
        switch symbol.count {
        case 1 where first == UInt8(ascii: "@"):
            return .hypernym
        case 2 where first == UInt8(ascii: "@") && scanner.byte(at: symbol.lowerBound + 1) == UInt8(ascii: "i"):
            return .hypernym
        case 1 where first == UInt8(ascii: "!"):
            return .antonym
        case 1 where first == UInt8(ascii: "&"):
            return .similar
        default:
            return nil
        }
    }

    /// Resolves every pending pointer to a target id and groups the pointers by kind and source.
    ///
    /// - Throws: ``WordNetError`` when a pointer names a synset that no data file contains.
    private static func resolve(_ builder: Builder, directory: String) throws -> SynsetGraph {
        var sources: [PointerKind: [Int32]] = [:]
        var targets: [PointerKind: [Int32]] = [:]

        for pointer in builder.pointers {
            let target = builder.locator.id(offset: pointer.targetOffset, partOfSpeech: pointer.targetPartOfSpeech)
            guard let target else {
                let path = DatabaseFile.path(
                    directory: directory, name: "data.\(pointer.targetPartOfSpeech.fileSuffix)")
                throw WordNetError.corruptFile(
                    path,
                    line: nil,
                    reason: "a pointer names synset offset \(pointer.targetOffset), which is not in this file"
                )
            }
            sources[pointer.kind, default: []].append(pointer.source)
            targets[pointer.kind, default: []].append(target)
        }

        func adjacency(_ kind: PointerKind) -> CompactAdjacency {
            CompactAdjacency(
                nodeCount: builder.locator.count, sources: sources[kind] ?? [], targets: targets[kind] ?? [])
        }
        return SynsetGraph(
            hypernyms: adjacency(.hypernym),
            antonyms: adjacency(.antonym),
            similars: adjacency(.similar),
            isSatellite: builder.isSatellite
        )
    }
}

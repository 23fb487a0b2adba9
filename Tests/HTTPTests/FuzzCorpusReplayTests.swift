import Foundation
import Testing

@testable import HTTP

/// Returns the inputs of the committed fuzz corpus that exercise the request parser, without their selector byte.
///
/// The fuzz target sends an input to the parser when its first byte is even, and to the JSON decoding otherwise.
private func parserCorpus(file: String = #filePath) throws -> [(name: String, bytes: [UInt8])] {
    var folder = URL(fileURLWithPath: file).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
        guard folder.path != "/" else { throw TestClientError(description: "no Package.swift above \(file)") }
        folder = folder.deletingLastPathComponent()
    }
    let corpus = folder.appendingPathComponent("Fuzz/corpus")
    let names = try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted()
    return try names.compactMap { name in
        let bytes = try [UInt8](Data(contentsOf: corpus.appendingPathComponent(name)))
        guard let selector = bytes.first, selector & 1 == 0 else { return nil }
        return (name, Array(bytes.dropFirst()))
    }
}

/// Feeds `bytes` in pieces of `pieceLength` bytes and returns each request's method, path and body, then the
/// error status, if any.
private func outcome(of bytes: [UInt8], pieceLength: Int) -> [String] {
    var parser = HTTPRequestParser(limits: defaultTestLimits)
    var results: [String] = []
    var start = 0
    while start < bytes.count {
        let end = min(start + pieceLength, bytes.count)
        parser.append(bytes[start..<end])
        start = end
        do {
            while let request = try parser.nextRequest() {
                results.append("\(request.head.method) \(request.head.path) \(request.body.count)")
            }
        } catch {
            results.append("error \(error.status)")
            return results
        }
    }
    return results
}

@Suite struct FuzzCorpusReplayTests {
    /// The server must not care how TCP splits its input, which the fuzz target checks on random inputs.
    @Test func splitInputGivesSameOutcome() throws {
        let corpus = try parserCorpus()
        #expect(!corpus.isEmpty)

        for (name, bytes) in corpus {
            let whole = outcome(of: bytes, pieceLength: max(bytes.count, 1))
            #expect(outcome(of: bytes, pieceLength: 1) == whole, "\(name)")
            #expect(outcome(of: bytes, pieceLength: 7) == whole, "\(name)")
        }
    }

    @Test(arguments: Feeding.allCases)
    func longLineWithBareLineFeedGets414(feeding: Feeding) {
        let text = "GET /\(String(repeating: "a", count: 80)) HTTP/1.1\n"

        #expect(parseError(text, feeding: feeding, limits: smallLimits)?.status == 414)
    }

    @Test(arguments: Feeding.allCases)
    func longFieldWithBareLineFeedGets431(feeding: Feeding) {
        let text = "GET / HTTP/1.1\r\nX-Long: \(String(repeating: "b", count: 200))\n"

        #expect(parseError(text, feeding: feeding, limits: smallLimits)?.status == 431)
    }
}

/// Reads one request body from the input buffer, as a fixed number of bytes or as chunks.
///
/// The chunked decoder follows RFC 9112 section 7.1: chunk extensions are accepted and ignored, and trailer
/// fields are checked for syntax and then dropped.
struct BodyReader {
    /// Maximum bytes of a chunk-size line, extensions included, without its CRLF.
    static let maxChunkLineBytes = 1024
    /// Maximum hexadecimal digits of a chunk size, leading zeros included.
    static let maxChunkSizeDigits = 16
    /// Maximum bytes of chunk extensions in one body, all lines together. Without it, a body of one-byte chunks
    /// could bring a kilobyte of ignored extension per byte of data.
    static let maxExtensionBytes = 16_384

    private enum Stage {
        case fixed(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailerFields(bytes: Int)
        case complete
    }

    private var stage: Stage
    private let maxBodyBytes: Int
    private let maxTrailerBytes: Int
    /// Body bytes read so far.
    private(set) var body: [UInt8] = []
    /// Bytes after the chunk sizes read so far: extensions and the whitespace before them.
    private var extensionBytes = 0

    /// Creates a reader for a body with the given framing.
    ///
    /// - Parameters:
    ///   - maxBodyBytes: Limit on the decoded size of a chunked body. `Content-Length` is checked earlier.
    ///   - maxTrailerBytes: Limit on the trailer section of a chunked body.
    init(framing: BodyFraming, maxBodyBytes: Int, maxTrailerBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
        self.maxTrailerBytes = maxTrailerBytes
        switch framing {
        case .none: stage = .complete
        case .contentLength(let length):
            stage = .fixed(remaining: length)
            body.reserveCapacity(length)
        case .chunked: stage = .chunkSize
        }
    }

    /// Consumes body bytes from `input` and returns whether the body is complete.
    ///
    /// - Throws: `HTTPRequestError` with status 400 for malformed chunk framing or trailer fields, and 413 when a
    ///   chunked body grows past the limit. A 413 is raised from the chunk size, before the chunk data is read.
    mutating func read(from input: inout InputBuffer) throws(HTTPRequestError) -> Bool {
        while true {
            switch stage {
            case .complete:
                return true
            case .fixed(let remaining):
                let part = input.read(upTo: remaining)
                body.append(contentsOf: part)
                guard part.count == remaining else {
                    stage = .fixed(remaining: remaining - part.count)
                    return false
                }
                stage = .complete
            case .chunkSize:
                guard try readChunkSize(from: &input) else { return false }
            case .chunkData(let remaining):
                let part = input.read(upTo: remaining)
                body.append(contentsOf: part)
                guard part.count == remaining else {
                    stage = .chunkData(remaining: remaining - part.count)
                    return false
                }
                stage = .chunkDataEnd
            case .chunkDataEnd:
                guard input.unreadCount >= 2 else { return false }
                guard Array(input.read(upTo: 2)) == [ASCII.carriageReturn, ASCII.lineFeed] else {
                    throw .malformed("Chunk data is not followed by CRLF.")
                }
                stage = .chunkSize
            case .trailerFields(let bytes):
                guard try readTrailerField(from: &input, sectionBytes: bytes) else { return false }
            }
        }
    }

    /// Parses `chunk-size [chunk-ext] CRLF` and moves to the chunk data or, for size zero, to the trailers.
    private mutating func readChunkSize(from input: inout InputBuffer) throws(HTTPRequestError) -> Bool {
        let line: ArraySlice<UInt8>
        switch try input.nextLine(limit: Self.maxChunkLineBytes + 1) {
        case .line(let complete): line = complete
        case .incomplete: return false
        case .tooLong: throw .malformed("Chunk-size line exceeds \(Self.maxChunkLineBytes) bytes.")
        }
        guard line.count <= Self.maxChunkLineBytes else {
            throw .malformed("Chunk-size line exceeds \(Self.maxChunkLineBytes) bytes.")
        }

        let (size, extensionLength) = try Self.parseChunkSize(line, limit: maxBodyBytes - body.count)
        extensionBytes += extensionLength
        guard extensionBytes <= Self.maxExtensionBytes else {
            throw .malformed(
                "Chunk extensions exceed \(Self.maxExtensionBytes) bytes in one body. Send the body without them.")
        }
        stage = size == 0 ? .trailerFields(bytes: 0) : .chunkData(remaining: size)
        return true
    }

    /// Parses the hexadecimal size and checks the extensions after it, which may be any field-value bytes
    /// after a `;`, and returns the size and the bytes after it.
    private static func parseChunkSize(_ line: ArraySlice<UInt8>, limit: Int) throws(HTTPRequestError)
        -> (size: Int, extensionLength: Int)
    {
        let digits = line.prefix { ASCII.hexValue($0) != nil }
        guard !digits.isEmpty else {
            throw .malformed("Chunk size is missing or not hexadecimal.")
        }
        // Leading zeros could otherwise make a size line of any length, and 16 digits already cover 64 bits.
        guard digits.count <= maxChunkSizeDigits else {
            throw .malformed("Chunk size has more than \(maxChunkSizeDigits) hexadecimal digits.")
        }

        // Whitespace may come only before the `;` of an extension (BWS in RFC 9112 section 7.1.1), so a size
        // followed by spaces alone is rejected.
        let afterDigits = line[digits.endIndex...]
        let extensions = afterDigits.drop { ASCII.isWhitespace($0) }
        guard
            afterDigits.isEmpty
                || (extensions.first == ASCII.semicolon && extensions.allSatisfy(ASCII.isFieldValueByte))
        else {
            throw .malformed("Chunk size is followed by something other than a chunk extension.")
        }

        var size = 0
        for digit in digits {
            let (shifted, multiplyOverflowed) = size.multipliedReportingOverflow(by: 16)
            let (sum, addOverflowed) = shifted.addingReportingOverflow(ASCII.hexValue(digit) ?? 0)
            guard !multiplyOverflowed, !addOverflowed, sum <= limit else {
                throw HTTPRequestError(.bodyTooLarge, "Chunked body exceeds the limit on body size.")
            }
            size = sum
        }
        return (size, afterDigits.count)
    }

    /// Reads one trailer field line, or the empty line that ends the body.
    private mutating func readTrailerField(
        from input: inout InputBuffer,
        sectionBytes: Int
    ) throws(HTTPRequestError) -> Bool {
        let line: ArraySlice<UInt8>
        switch try input.nextLine(limit: maxTrailerBytes - sectionBytes) {
        case .line(let complete): line = complete
        case .incomplete: return false
        case .tooLong:
            throw HTTPRequestError(.headerSectionTooLarge, "Trailer section exceeds \(maxTrailerBytes) bytes.")
        }

        let total = sectionBytes + line.count + 2
        guard total <= maxTrailerBytes else {
            throw HTTPRequestError(.headerSectionTooLarge, "Trailer section exceeds \(maxTrailerBytes) bytes.")
        }
        if line.isEmpty {
            stage = .complete
        } else {
            // NOTE: trailer fields are checked and then dropped, so they are not passed to the handler.
            _ = try HeaderFieldParser.parse(line)
            stage = .trailerFields(bytes: total)
        }
        return true
    }
}

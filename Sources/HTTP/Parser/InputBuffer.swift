/// Received bytes not yet consumed by the parser, with a line scanner that resumes where it stopped.
///
/// Resuming the scan keeps the cost linear in the bytes received, even when a client sends one byte per write.
struct InputBuffer {
    private var bytes: [UInt8] = []
    private var readIndex = 0
    /// Index where the search for the next line feed resumes, never before `readIndex`.
    private var scanIndex = 0

    /// Number of received bytes not yet consumed.
    var unreadCount: Int { bytes.count - readIndex }

    /// Number of unconsumed bytes already searched for a line end without finding one.
    var scannedCount: Int { scanIndex - readIndex }

    /// Appends received bytes.
    mutating func append(_ newBytes: some Sequence<UInt8>) {
        compact()
        bytes.append(contentsOf: newBytes)
    }

    /// Consumes and returns the next line without its CRLF, or returns nil until a whole line has arrived.
    ///
    /// - Throws: `HTTPRequestError` (400) for a line feed without a carriage return before it.
    mutating func nextLine() throws(HTTPRequestError) -> ArraySlice<UInt8>? {
        guard let lineFeed = bytes[scanIndex...].firstIndex(of: ASCII.lineFeed) else {
            scanIndex = bytes.count
            return nil
        }
        guard lineFeed > readIndex, bytes[lineFeed - 1] == ASCII.carriageReturn else {
            throw .malformed("Line ends with a bare LF; HTTP/1.1 lines must end with CRLF.")
        }

        let line = bytes[readIndex..<(lineFeed - 1)]
        readIndex = lineFeed + 1
        scanIndex = readIndex
        return line
    }

    /// Consumes and returns up to `count` bytes.
    mutating func read(upTo count: Int) -> ArraySlice<UInt8> {
        let end = readIndex + min(count, unreadCount)
        let slice = bytes[readIndex..<end]
        readIndex = end
        scanIndex = max(scanIndex, readIndex)
        return slice
    }

    /// Drops consumed bytes, at once when all are consumed and otherwise in large batches to stay amortised O(1).
    private mutating func compact() {
        if readIndex == bytes.count {
            bytes.removeAll(keepingCapacity: true)
        } else if readIndex >= 16_384 {
            bytes.removeSubrange(0..<readIndex)
        } else {
            return
        }
        scanIndex -= readIndex
        readIndex = 0
    }
}

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
    private var scannedCount: Int { scanIndex - readIndex }

    /// Appends received bytes.
    mutating func append(_ newBytes: some Sequence<UInt8>) {
        compact()
        bytes.append(contentsOf: newBytes)
    }

    /// Result of looking for the next line.
    enum LineScan {
        /// A whole line, without its CRLF, now consumed.
        case line(ArraySlice<UInt8>)
        /// No line feed yet, and the bytes so far are within the limit.
        case incomplete
        /// The line is longer than the limit, whether or not its line feed has arrived.
        case tooLong
    }

    /// Consumes and returns the next line, or reports that it is incomplete or too long.
    ///
    /// The length check comes before the line-ending check, so a line that is both too long and malformed
    /// gets the same error however the client split its writes.
    ///
    /// - Parameter limit: Maximum bytes before the line feed, carriage return included.
    /// - Throws: `HTTPRequestError` (400) for a line feed without a carriage return before it.
    mutating func nextLine(limit: Int) throws(HTTPRequestError) -> LineScan {
        guard let lineFeed = bytes[scanIndex...].firstIndex(of: ASCII.lineFeed) else {
            scanIndex = bytes.count
            return scannedCount > limit ? .tooLong : .incomplete
        }
        if lineFeed - readIndex > limit {
            return .tooLong
        }
        guard lineFeed > readIndex, bytes[lineFeed - 1] == ASCII.carriageReturn else {
            throw .malformed("Line ends with a bare LF; HTTP/1.1 lines must end with CRLF.")
        }

        let line = bytes[readIndex..<(lineFeed - 1)]
        readIndex = lineFeed + 1
        scanIndex = readIndex
        return .line(line)
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

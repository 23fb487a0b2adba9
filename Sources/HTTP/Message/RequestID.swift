/// Validation and generation of the ids sent in `X-Request-Id`.
enum RequestID {
    /// Maximum length, in characters, of a client id the server echoes.
    static let maxLength = 128

    /// Returns whether a client's id is safe to echo: 1-128 characters of `[A-Za-z0-9._:-]`.
    ///
    /// The allowed set excludes CR, LF, spaces and quotes, so an echoed id can neither split a header section
    /// nor break a JSON string or a log line.
    static func isSafe(_ id: String) -> Bool {
        let bytes = id.utf8
        guard !bytes.isEmpty, bytes.count <= maxLength else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
            default: return "._:-".utf8.contains(byte)
            }
        }
    }

    /// Returns a new random id of 32 lowercase hexadecimal digits (128 bits).
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        return hex(high) + hex(low)
    }

    /// Returns `clientID` if it is safe to echo, otherwise a new random id.
    static func resolve(clientID: String?) -> String {
        if let clientID, isSafe(clientID) {
            return clientID
        }
        return generate()
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

import Glibc

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
    ///
    /// The 16 random bytes come from one `getentropy` call: every request without an id of its own needs them, and
    /// `SystemRandomNumberGenerator` makes a system call per 8 bytes.
    static func generate() -> String {
        var random = [UInt8](repeating: 0, count: 16)
        let status = random.withUnsafeMutableBytes { buffer in
            buffer.baseAddress.map { getentropy($0, buffer.count) } ?? -1
        }
        if status != 0 {
            var generator = SystemRandomNumberGenerator()
            random = random.map { _ in generator.next() }
        }

        let hexDigits = Array("0123456789abcdef".utf8)
        var digits: [UInt8] = []
        digits.reserveCapacity(2 * random.count)
        for byte in random {
            digits.append(hexDigits[Int(byte >> 4)])
            digits.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: digits, as: UTF8.self)
    }

    /// Returns `clientID` if it is safe to echo, otherwise a new random id.
    static func resolve(clientID: String?) -> String {
        if let clientID, isSafe(clientID) {
            return clientID
        }
        return generate()
    }
}

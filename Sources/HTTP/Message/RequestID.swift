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

    /// Bytes of randomness per id: 128 bits.
    static let randomBytes = 16

    /// Returns a new random id of 32 lowercase hexadecimal digits (128 bits), from one `getentropy` call.
    static func generate() -> String {
        hexadecimal(entropy(count: randomBytes)[...])
    }

    /// Returns `count` random bytes, at most 256, from `getentropy`, or from `SystemRandomNumberGenerator` if it
    /// fails.
    static func entropy(count: Int) -> [UInt8] {
        var random = [UInt8](repeating: 0, count: count)
        let status = random.withUnsafeMutableBytes { buffer in
            buffer.baseAddress.map { getentropy($0, buffer.count) } ?? -1
        }
        if status != 0 {
            var generator = SystemRandomNumberGenerator()
            random = random.map { _ in generator.next() }
        }
        return random
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Returns the bytes as lowercase hexadecimal digits, two per byte.
    static func hexadecimal(_ bytes: ArraySlice<UInt8>) -> String {
        var digits: [UInt8] = []
        digits.reserveCapacity(2 * bytes.count)
        for byte in bytes {
            digits.append(hexDigits[Int(byte >> 4)])
            digits.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: digits, as: UTF8.self)
    }
}

/// Random request ids for one connection, drawn from entropy fetched 256 bytes at a time (the most one
/// `getentropy` call gives), so that 16 ids cost one system call.
struct RequestIDSource {
    private static let poolBytes = 256

    private var pool: [UInt8] = []
    private var used = 0

    /// Returns a new random id of 32 lowercase hexadecimal digits.
    mutating func generate() -> String {
        if used + RequestID.randomBytes > pool.count {
            pool = RequestID.entropy(count: Self.poolBytes)
            used = 0
        }
        defer { used += RequestID.randomBytes }
        return RequestID.hexadecimal(pool[used..<(used + RequestID.randomBytes)])
    }

    /// Returns `clientID` if it is safe to echo, otherwise a new random id.
    mutating func resolve(clientID: String?) -> String {
        if let clientID, RequestID.isSafe(clientID) {
            return clientID
        }
        return generate()
    }
}

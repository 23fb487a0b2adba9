import Foundation
import Logging
import Upstream

#if canImport(Glibc)
    import Glibc
#endif

/// A client with a memory log and a record of its attempts, configured for fast tests.
struct ClientHarness {
    static let apiKey = "sk-test-7f3a9c1e5b2d4680"

    let client: UpstreamClient
    let logs = LogSink.memory()
    let attempts = AttemptRecorder()

    /// Creates a client of `url` with short timeouts and back-offs, then applies `adjust`.
    init(url: String, adjust: (inout UpstreamClient.Configuration) -> Void = { _ in }) {
        var configuration = UpstreamClient.Configuration()
        configuration.url = url
        configuration.model = "test-model"
        configuration.apiKey = Self.apiKey
        configuration.connectTimeoutSeconds = 1
        configuration.timeoutSeconds = 2
        configuration.maxRetries = 2
        configuration.retryBaseSeconds = 0.01
        configuration.retryMaxSeconds = 0.05
        adjust(&configuration)

        let logger = Logger(label: "upstream-test", level: .trace, format: .logfmt, sink: logs)
        let recorder = attempts
        client = UpstreamClient(configuration: configuration, logger: logger) { recorder.append($0) }
    }

    /// Calls the client and returns the error it throws, or nil when it succeeds.
    func failure(deadline: ContinuousClock.Instant? = nil, requestID: String? = nil) async -> UpstreamError? {
        do {
            _ = try await client.complete(Conversation.generation, deadline: deadline, requestID: requestID)
            return nil
        } catch {
            return error
        }
    }
}

/// The client's attempts as its observer reported them.
final class AttemptRecorder: @unchecked Sendable {
    // Every access to `recorded` takes `lock`.
    private let lock = NSLock()
    private var recorded: [UpstreamClient.Attempt] = []

    func append(_ attempt: UpstreamClient.Attempt) {
        lock.lock()
        defer { lock.unlock() }
        recorded.append(attempt)
    }

    var outcomes: [String] {
        lock.lock()
        defer { lock.unlock() }
        return recorded.map(\.outcome)
    }

    var willRetry: [Bool] {
        lock.lock()
        defer { lock.unlock() }
        return recorded.map(\.willRetry)
    }
}

/// Conversations in the formats the service sends.
enum Conversation {
    static let question = "When did the Louvre museum open to the public?"
    static let bestSentence = "The Louvre museum opened to the public in 1793."

    static let generation: [ChatMessage] = [
        .system("Answer the question from the passages."),
        .user(
            "Question: \(question)\n\nPassages:\n[1] The Louvre is in Paris. \(bestSentence)\n"
                + "[2] Paris is the capital of France."),
    ]
}

/// Returns a port on 127.0.0.1 that nothing listens on: bound once to let the kernel pick it, then closed.
func closedLoopbackPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw SetupError("socket failed: \(String(cString: strerror(errno)))") }
    defer { close(descriptor) }

    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
            bind(descriptor, address, length) == 0 && getsockname(descriptor, address, &length) == 0
        }
    }
    guard bound else { throw SetupError("binding 127.0.0.1:0 failed: \(String(cString: strerror(errno)))") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Returns the unquoted value of `key` in a logfmt line, or nil when the line has no such key.
func logfmtValue(_ line: String, _ key: String) -> String? {
    line.split(separator: " ").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
}

/// Returns the seconds since `start`.
func secondsSince(_ start: ContinuousClock.Instant) -> Double {
    let (seconds, attoseconds) = (ContinuousClock.now - start).components
    return Double(seconds) + Double(attoseconds) * 1e-18
}

struct SetupError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The stub's python3 child process, with its standard output on a pipe.
final class StubProcess: @unchecked Sendable {
    // `lock` guards `stopped`, so concurrent `stop()` calls terminate and wait once.
    private let process = Process()
    private let output = Pipe()
    private let lock = NSLock()
    private var stopped = false

    /// Starts `python3` with `arguments`; standard error stays the test's own, so a traceback shows there.
    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        process.standardOutput = output
        do {
            try process.run()
        } catch {
            throw UpstreamStubError("failed to start python3 for the upstream stub: \(error)")
        }
    }

    /// Reads standard output up to its first line break, on a thread of its own, and returns the line without it.
    ///
    /// - Throws: `UpstreamStubError` when `timeout` seconds pass first or the process closes its output.
    func firstLine(timeout: Double) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try self.readFirstLine(timeout: timeout) })
            }.start()
        }
    }

    private func readFirstLine(timeout: Double) throws -> String {
        let descriptor = output.fileHandleForReading.fileDescriptor
        let deadline = Date(timeIntervalSinceNow: timeout)
        var bytes: [UInt8] = []

        while bytes.firstIndex(of: UInt8(ascii: "\n")) == nil {
            let milliseconds = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, milliseconds)
            if ready < 0 && errno == EINTR {
                continue
            }
            guard ready > 0 else {
                stop()
                throw UpstreamStubError("the upstream stub did not print its port within \(timeout) s")
            }

            var chunk = [UInt8](repeating: 0, count: 256)
            let count = read(descriptor, &chunk, chunk.count)
            guard count > 0 else {
                stop()
                throw UpstreamStubError(
                    "the upstream stub exited with status \(process.terminationStatus) before printing its port; "
                        + "check that python3 is installed")
            }
            bytes += chunk[..<count]
        }

        let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
        return String(decoding: bytes[..<newline], as: UTF8.self)
    }

    /// Sends SIGTERM, then SIGKILL if the process still runs after 2 seconds, and waits for it to exit.
    func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true

        if process.isRunning {
            process.terminate()
        }
        let deadline = Date(timeIntervalSinceNow: 2)
        while process.isRunning && Date() < deadline {
            usleep(10_000)
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }
}

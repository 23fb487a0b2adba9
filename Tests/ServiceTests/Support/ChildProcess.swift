import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Returns the `refiner` executable that `swift build` put beside the test bundle.
func refinerExecutable() throws -> String {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("refiner"),
        try repositoryRoot().appendingPathComponent(".build/debug/refiner"),
    ]
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
        throw RawClientError(description: "no refiner executable beside the tests; run swift build first")
    }
    return found.path
}

/// A `refiner` child process whose standard output and error go to files the test reads.
final class ChildProcess: @unchecked Sendable {
    // Only the test that started the process uses it.
    let process = Process()
    let output: String

    /// Starts `refiner` with `arguments` and extra environment variables.
    init(_ arguments: [String], environment: [String: String] = [:], workingDirectory: TemporaryDirectory) throws {
        output = workingDirectory.file("child-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: output, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: output])
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.executableURL = URL(fileURLWithPath: try refinerExecutable())
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = handle
        process.standardError = handle
        process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory.path)
        try process.run()
    }

    var text: String {
        (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    /// Waits until the output contains `marker`, the process exits, or `timeout` seconds pass.
    func waitForOutput(_ marker: String, timeout: Double) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if text.contains(marker) { return true }
            if !process.isRunning { return text.contains(marker) }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// Sends SIGKILL, which the process cannot catch, and waits for it to end.
    func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Asks the process to stop with SIGTERM and waits for it.
    func terminate() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

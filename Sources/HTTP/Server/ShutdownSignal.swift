import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A pipe that becomes readable, and stays readable, once shutdown begins.
///
/// The accept loop and every connection with part of a request read include `readDescriptor` in their `poll`,
/// so one byte written here wakes all of them. Connections between requests check the registry instead. No
/// thread reads the byte, which keeps the pipe readable for threads that poll later.
final class ShutdownSignal: @unchecked Sendable {
    // The lock guards `isSignalled` and `isClosed`. The descriptors never change.
    private let lock = NSLock()
    private var isSignalled = false
    private var isClosed = false
    let readDescriptor: Int32
    private let writeDescriptor: Int32

    /// Creates the pipe, with both ends close-on-exec.
    ///
    /// - Throws: `SocketError` when `pipe` fails, for example when the process is out of descriptors.
    init() throws(SocketError) {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { throw SocketError("pipe") }
        _ = fcntl(descriptors[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(descriptors[1], F_SETFD, FD_CLOEXEC)
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
    }

    /// Makes the read end readable. Later calls do nothing.
    func signal() {
        lock.lock()
        defer { lock.unlock() }
        guard !isSignalled, !isClosed else { return }
        isSignalled = true
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    /// Closes both ends. Call it only once no thread polls `readDescriptor` any more.
    func close() {
        lock.lock()
        defer { lock.unlock() }
        guard !isClosed else { return }
        isClosed = true
        _ = Glibc.close(readDescriptor)
        _ = Glibc.close(writeDescriptor)
    }
}

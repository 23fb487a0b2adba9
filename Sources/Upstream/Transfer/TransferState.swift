import CCurl
import Foundation

/// The body and header fields that libcurl's callbacks gather during one transfer, with the body capped at its
/// limit.
///
/// Only the transfer thread touches it: libcurl calls the callbacks from inside `curl_easy_perform`.
final class TransferState {
    let maxBodyBytes: Int
    let cancellation: TransferCancellation
    private(set) var body: [UInt8] = []
    /// Set when the body passed `maxBodyBytes` and the write callback aborted the transfer.
    private(set) var exceededBodyLimit = false
    private(set) var contentType: String?
    private(set) var retryAfter: String?

    init(maxBodyBytes: Int, cancellation: TransferCancellation) {
        self.maxBodyBytes = maxBodyBytes
        self.cancellation = cancellation
    }

    /// Appends a chunk of the body and returns the count libcurl expects, or 0 to abort past the limit.
    func appendBody(_ chunk: UnsafeRawBufferPointer) -> Int {
        guard body.count + chunk.count <= maxBodyBytes else {
            exceededBodyLimit = true
            return 0
        }
        body.append(contentsOf: chunk)
        return chunk.count
    }

    /// Reads one header line, such as `Retry-After: 1\r\n`, and keeps the fields the client needs.
    func readHeaderLine(_ line: UnsafeRawBufferPointer) {
        let text = String(decoding: line, as: UTF8.self)
        if text.hasPrefix("HTTP/") {
            // A new status line starts another response's header section, so fields seen so far belonged to an
            // interim response.
            contentType = nil
            retryAfter = nil
            return
        }
        guard let colon = text.firstIndex(of: ":") else { return }

        let name = text[..<colon].lowercased()
        let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        switch name {
        case "content-type": contentType = value
        case "retry-after": retryAfter = value
        default: break
        }
    }
}

extension TransferState {
    static let writeCallback: refiner_curl_write_callback = { data, size, count, context in
        guard let data, let context else { return 0 }
        let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
        return state.appendBody(UnsafeRawBufferPointer(start: data, count: size * count))
    }

    static let headerCallback: refiner_curl_write_callback = { data, size, count, context in
        guard let data, let context else { return 0 }
        let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
        state.readHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
        return size * count
    }

    /// Aborts the transfer, through a non-zero return, once the calling task is cancelled.
    static let progressCallback: refiner_curl_xferinfo_callback = { context, _, _, _, _ in
        guard let context else { return 0 }
        let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
        return state.cancellation.isCancelled ? 1 : 0
    }
}

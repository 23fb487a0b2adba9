import CCurl
import Foundation

/// Sends one POST through a fresh libcurl easy handle and blocks the calling thread until the reply is complete
/// or the transfer fails.
enum CurlEasyTransfer {
    /// The result of `curl_global_init`, called once per process on first use.
    ///
    /// libcurl requires the call before any other. It is thread-safe only since libcurl 7.84.0 and only in builds
    /// with the `threadsafe` feature (Debian 12's 7.88.1 has it), so a `static let` runs it exactly once, under the
    /// Swift runtime's lazy-initialisation lock.
    private static let globalInitCode: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    /// Returns true when `curl_global_init` succeeded, running it first if no call has yet.
    static func initializeLibrary() -> Bool {
        globalInitCode == CURLE_OK
    }

    /// Performs the transfer.
    ///
    /// - Returns: The reply, whatever its status, or the failure with whether another attempt may succeed.
    static func perform(_ request: TransferRequest, cancellation: TransferCancellation) -> Result<
        TransferReply, AttemptFailure
    > {
        guard globalInitCode == CURLE_OK else {
            return .failure(.final(.connection, "libcurl failed to initialise: \(describe(globalInitCode))"))
        }
        guard let handle = curl_easy_init() else {
            return .failure(.final(.connection, "libcurl failed to create an easy handle"))
        }
        defer { curl_easy_cleanup(handle) }

        var headers: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headers) }
        for line in request.headerLines {
            guard let appended = curl_slist_append(headers, line) else {
                return .failure(.final(.connection, "libcurl failed to allocate the request's header fields"))
            }
            headers = appended
        }

        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        defer { errorBuffer.deallocate() }
        errorBuffer[0] = 0

        let state = TransferState(maxBodyBytes: request.maxReplyBytes, cancellation: cancellation)
        return withExtendedLifetime(state) {
            let context = Unmanaged.passUnretained(state).toOpaque()
            let setupCode = configure(handle, request, headers: headers, context: context, errorBuffer: errorBuffer)
            guard setupCode == CURLE_OK else {
                return .failure(.final(.connection, "libcurl rejected an option: \(describe(setupCode))"))
            }

            let code = curl_easy_perform(handle)
            let detail = errorBuffer[0] != 0 ? String(cString: errorBuffer) : describe(code)
            guard code == CURLE_OK else {
                return .failure(failure(code, detail: detail, state: state, request: request))
            }

            var status = 0
            _ = refiner_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
            return .success(
                TransferReply(
                    status: status, contentType: state.contentType, retryAfter: state.retryAfter,
                    body: state.body))
        }
    }

    /// Sets every option of the transfer and returns the first error, or `CURLE_OK`.
    private static func configure(
        _ handle: UnsafeMutableRawPointer, _ request: TransferRequest, headers: UnsafeMutablePointer<curl_slist>?,
        context: UnsafeMutableRawPointer, errorBuffer: UnsafeMutablePointer<CChar>
    ) -> CURLcode {
        let codes = [
            refiner_curl_setopt_string(handle, CURLOPT_URL, request.url),
            refiner_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"),
            // Timeouts without signals, which would be unsafe in a multi-threaded process.
            refiner_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
            refiner_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeoutMilliseconds),
            refiner_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, request.timeoutMilliseconds),
            refiner_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headers),
            // The size first, so that COPYPOSTFIELDS copies that many bytes instead of calling strlen.
            refiner_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, request.body.utf8.count),
            refiner_curl_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, request.body),
            refiner_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer),
            refiner_curl_setopt_write_function(handle, TransferState.writeCallback),
            refiner_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context),
            refiner_curl_setopt_header_function(handle, TransferState.headerCallback),
            refiner_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context),
            refiner_curl_setopt_xferinfo_function(handle, TransferState.progressCallback),
            refiner_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, context),
            refiner_curl_setopt_long(handle, CURLOPT_NOPROGRESS, 0),
        ]
        return codes.first { $0 != CURLE_OK } ?? CURLE_OK
    }

    /// Maps a failed transfer to the client's error, and marks the failures that another attempt may not repeat.
    private static func failure(_ code: CURLcode, detail: String, state: TransferState, request: TransferRequest)
        -> AttemptFailure
    {
        if state.exceededBodyLimit {
            return .final(.replyTooLarge, "the upstream reply is over the limit of \(request.maxReplyBytes) bytes")
        }
        switch code {
        case CURLE_ABORTED_BY_CALLBACK where state.cancellation.isCancelled:
            // NOTE: UpstreamError has no cancellation kind, so a cancelled call reports a timeout.
            return .final(.timeout, "the upstream call was cancelled")
        case CURLE_OPERATION_TIMEDOUT:
            let limit = "\(request.timeoutMilliseconds) ms"
            return .retryable(.timeout, "the upstream did not reply within \(limit): \(detail)")
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_SEND_ERROR, CURLE_RECV_ERROR,
            CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_SSL_CONNECT_ERROR, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            return .retryable(.connection, "the upstream connection failed: \(detail)")
        default:
            return .final(.connection, "the upstream request failed: \(detail)")
        }
    }

    private static func describe(_ code: CURLcode) -> String {
        String(cString: curl_easy_strerror(code))
    }
}

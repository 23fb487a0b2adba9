import Foundation

extension UpstreamClient {
    /// Makes one HTTP attempt and checks its reply. `prompt` contains the messages' texts, which an error message
    /// repeated from the upstream must not quote.
    ///
    /// The blocking transfer runs on a thread of its own. Cancelling the calling task aborts it at libcurl's next
    /// progress callback, which libcurl calls about once a second even while no data moves.
    func send(_ body: String, prompt: [String], timeoutMilliseconds: Int) async
        -> Result<ChatCompletionReply, AttemptFailure>
    {
        let request = transferRequest(body, timeoutMilliseconds: timeoutMilliseconds)
        let cancellation = TransferCancellation()
        let transfer = await withTaskCancellationHandler {
            await runOnDedicatedThread { CurlEasyTransfer.perform(request, cancellation: cancellation) }
        } onCancel: {
            cancellation.cancel()
        }

        return transfer.flatMap { reply in
            Result { () throws(AttemptFailure) in
                try ChatCompletionReply(reply, redacting: configuration.apiKey, prompt: prompt)
            }
        }
    }

    private func transferRequest(_ body: String, timeoutMilliseconds: Int) -> TransferRequest {
        var headerLines = [
            "Content-Type: application/json",
            "Accept: application/json",
            // An empty value stops libcurl from sending `Expect: 100-continue` and waiting for an interim reply.
            "Expect:",
        ]
        if let apiKey = configuration.apiKey {
            headerLines.append("Authorization: Bearer \(apiKey)")
        }

        let base = configuration.url.hasSuffix("/") ? String(configuration.url.dropLast()) : configuration.url
        return TransferRequest(
            url: base + "/chat/completions", headerLines: headerLines, body: body,
            connectTimeoutMilliseconds: max(1, Self.milliseconds(configuration.connectTimeoutSeconds)),
            timeoutMilliseconds: timeoutMilliseconds, maxReplyBytes: configuration.maxReplyBytes)
    }
}

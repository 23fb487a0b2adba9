import Dispatch
import Foundation
import HTTP
import Logging
import TRM
import Text

/// The handlers of `/train`, each turning a request into a response, errors included.
struct TrainingHandlers: Sendable {
    let configuration: ServiceConfiguration
    let jobs: TrainingJobs
    let logger: Logger
    let encoder: JSONEncoder

    static let pathPrefix = "/train/"

    private var authorization: AdminAuthorization { AdminAuthorization(token: configuration.training.adminToken) }

    /// `POST /train`: queues a training job and returns 202 with its id and status URL.
    func submit(_ request: HTTPRequest) async -> HTTPResponse {
        do throws(APIError) {
            try authorization.check(request)
            let body = try TrainRequest(
                json: try JSONBody.object(of: request), maxExamples: configuration.training.maxExamples)
            let spec = try await spec(for: body)
            let job = try await jobs.submit(spec, target: body.target)
            var response = try encode(job, status: 202, request: request)
            response.headers.replaceOrAdd(name: "Location", value: job.statusURL)
            return response
        } catch {
            return response(for: error, request: request)
        }
    }

    /// `GET /train/{job}`: the job's state, progress, metrics, checkpoint and error.
    func status(_ request: HTTPRequest) async -> HTTPResponse {
        do throws(APIError) {
            try authorization.check(request)
            let id = try jobID(request)
            guard let job = await jobs.status(id) else { throw Self.notFound(id) }
            return try encode(job, status: 200, request: request)
        } catch {
            return response(for: error, request: request)
        }
    }

    /// `DELETE /train/{job}`: cancels a queued job, or stops a running one after its current step.
    func cancel(_ request: HTTPRequest) async -> HTTPResponse {
        do throws(APIError) {
            try authorization.check(request)
            let id = try jobID(request)
            guard let job = try await jobs.cancel(id) else { throw Self.notFound(id) }
            return try encode(job, status: job.state.isFinished ? 200 : 202, request: request)
        } catch {
            return response(for: error, request: request)
        }
    }

    private func spec(for body: TrainRequest) async throws(APIError) -> TrainingSpec {
        let records: [LabelledRecord]
        let hash: String
        switch body.source {
        case .inline(let inline):
            records = inline
            hash = Self.hash(of: inline)
            try TrainingExamples.checkLimits(records, field: "examples", limits: configuration.limits, inline: true)
        case .dataset(let relative):
            let path = try DatasetLocation(dataDirectory: configuration.training.dataDirectory).resolve(relative)
            (records, hash) = try await Self.loadDatasetOffPool(path, name: relative)
            try TrainingExamples.check(records, field: "dataset", maxExamples: configuration.training.maxExamples)
            try TrainingExamples.checkLimits(records, field: "dataset", limits: configuration.limits, inline: false)
        }
        return TrainingSpec(
            model: body.model, records: records, dataHash: hash, parameters: body.parameters,
            heldOutFraction: configuration.training.heldOutFraction)
    }

    /// Reads a dataset on a Dispatch thread, because parsing a large file would hold a thread of the cooperative
    /// pool that serves requests.
    private static func loadDatasetOffPool(
        _ path: String, name: String
    ) async throws(APIError) -> ([LabelledRecord], String) {
        let result = await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .utility).async {
                continuation.resume(returning: Result { () throws(APIError) in try loadDataset(path, name: name) })
            }
        }
        return try result.get()
    }

    private static func loadDataset(_ path: String, name: String) throws(APIError) -> ([LabelledRecord], String) {
        do {
            let records = try LabelledRecord.load(path: path)
            let hash = TRMCheckpoint.dataHash(FileManager.default.contents(atPath: path) ?? Data())
            return (records, hash)
        } catch {
            // The loader's message names the server path; the caller gets the name it sent instead.
            let message = "\(error)".replacingOccurrences(of: path, with: name)
            throw .invalidField("dataset", "cannot be used: \(message)")
        }
    }

    private static func hash(of records: [LabelledRecord]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return TRMCheckpoint.dataHash((try? encoder.encode(records)) ?? Data())
    }

    private func jobID(_ request: HTTPRequest) throws(APIError) -> String {
        let id = String(request.path.dropFirst(Self.pathPrefix.count))
        guard !id.isEmpty, !id.contains("/") else {
            throw APIError(status: 404, code: "not_found", message: "no route for \(request.path)")
        }
        return id
    }

    /// Names the job sent, cut to its first 40 characters, so a long path is not echoed whole.
    private static func notFound(_ id: String) -> APIError {
        let abbreviated =
            id.unicodeScalars.count <= 40
            ? id
            : String(String.UnicodeScalarView(id.unicodeScalars.prefix(40)))
                + "… (\(id.unicodeScalars.count) characters)"
        return APIError(
            status: 404, code: "job_not_found", message: "training job \(abbreviated) is unknown or its status expired")
    }

    private func encode(_ job: TrainingJob, status: Int, request: HTTPRequest) throws(APIError) -> HTTPResponse {
        try JSONResponse.encode(job, status: status, encoder: encoder, logger: logger, request: request)
    }

    private func response(for error: APIError, request: HTTPRequest) -> HTTPResponse {
        var response = error.response(requestID: request.requestID)
        if error.status == 401 {
            response.headers.replaceOrAdd(name: "WWW-Authenticate", value: #"Bearer realm="refiner-train""#)
        }
        if error.status == 429 {
            response.headers.replaceOrAdd(name: "Retry-After", value: "60")
        }
        return response
    }
}

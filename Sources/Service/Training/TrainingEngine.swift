import Foundation
import TRM
import Text

#if canImport(Glibc)
    import Glibc
#endif

/// The model kinds a training job can fit, as `target` names them.
public enum TrainingTarget: String, Sendable, CaseIterable {
    case trm
    case ebm
    case both

    /// Engine kinds the target runs, in order.
    public var kinds: [String] {
        switch self {
        case .trm: ["trm"]
        case .ebm: ["ebm"]
        case .both: ["trm", "ebm"]
        }
    }
}

/// Hyper-parameters a job may set; nil keeps the engine's default.
public struct TrainingParameters: Sendable, Equatable {
    public var epochs: Int?
    public var batchSize: Int?
    public var learningRate: Float?
    public var members: Int?
    public var seed: UInt64?
    public var augment: Bool?
    /// Contrastive divergence variant of the energy model: `cd1`, `pcd` or `fpcd`.
    public var method: String?

    public init() {}
}

/// Everything one engine needs to run a job.
public struct TrainingSpec: Sendable {
    public var model: String
    public var records: [LabelledRecord]
    /// FNV-1a 64 hash of the records as received, stored in the checkpoint header.
    public var dataHash: String
    public var parameters: TrainingParameters
    /// Share of the records kept out of training and measured afterwards, 0-0.5.
    public var heldOutFraction: Double

    public init(
        model: String, records: [LabelledRecord], dataHash: String, parameters: TrainingParameters,
        heldOutFraction: Double
    ) {
        self.model = model
        self.records = records
        self.dataHash = dataHash
        self.parameters = parameters
        self.heldOutFraction = heldOutFraction
    }
}

/// A model version an engine wrote and now serves.
public struct PublishedVersion: Sendable, Equatable {
    public var kind: String
    public var version: String
    /// File name inside the checkpoint folder.
    public var checkpoint: String
    /// Figures measured after training, such as `held_out_auroc`.
    public var metrics: [String: Double]
}

/// One kind of model that training jobs can fit, such as the TRM verifier.
///
/// A job calls `train` and then `publish`; an engine for another model kind conforms and is passed to
/// `TrainingJobs` under its `kind`.
public protocol TrainingEngine: Sendable {
    associatedtype Trained: Sendable

    /// The `target` name that selects this engine, such as `trm`.
    var kind: String { get }

    /// Fits a model to `spec`, reporting progress and stopping when `control` is cancelled.
    ///
    /// Implementations run the computation on a thread of their own, at low priority, so serving goes on.
    ///
    /// - Throws: `TrainingCancelled` after a cancellation, or the error that stopped training.
    func train(_ spec: TrainingSpec, control: TrainingControl) async throws -> Trained

    /// Writes the trained model as a new version of `model` and starts serving it.
    func publish(_ trained: Trained, model: String) async throws -> PublishedVersion

    /// Rejects hyper-parameters that neither this engine nor another engine of `target` uses.
    ///
    /// - Throws: `APIError` 400 naming the parameter.
    func validate(_ parameters: TrainingParameters, target: TrainingTarget) throws(APIError)

    /// Returns the epochs a job of `spec` will train: its `epochs`, or this engine's default.
    func plannedEpochs(_ spec: TrainingSpec) -> Int
}

/// Runs blocking work on a new thread whose scheduling priority is lowered, so it yields to serving threads.
enum BackgroundThread {
    /// Nice value of training threads: the lowest priority Linux offers. Default: 19.
    static let niceness: Int32 = 19

    /// Runs `work` on a new thread with `niceness` and returns its result.
    static func run<Value: Sendable>(
        name: String, _ work: @escaping @Sendable () throws -> Value
    ) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                #if os(Linux)
                    // On Linux the nice value belongs to the thread, and 0 names the calling thread.
                    _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
                #endif
                continuation.resume(with: Result { try work() })
            }
            thread.name = name
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}

import Text

/// Sizes of the recursive verifier and its recursion schedule.
public struct TRMConfiguration: Sendable, Codable, Equatable {
    /// Rows of the model input: one summary slot followed by answer-token slots. Default: 64.
    public var slots = 64
    /// Feature columns per slot, fixed by the feature extractor.
    public var features = TokenFeatures.count
    /// Width of the states `x`, `y` and `z`. Default: 32.
    public var width = 32
    /// Hidden width of the token-mixing MLP. Default: 64.
    public var tokenHidden = 64
    /// Hidden width of the channel-mixing SwiGLU. Default: 64.
    public var channelHidden = 64
    /// Mixer blocks in the shared network. Default: 2.
    public var blocks = 2
    /// Latent updates `z ← net(x + y + z)` per recursion (n). Default: 2.
    public var latentSteps = 2
    /// Recursions per supervision step, the first T − 1 without gradients (T). Default: 2.
    public var recursions = 2
    /// Maximum supervision steps, in training and at inference (N_sup). Default: 4.
    public var supervisionSteps = 4

    public init() {}

    /// Answer-token slots per window: every slot but the summary slot.
    public var tokenSlots: Int { slots - 1 }
}

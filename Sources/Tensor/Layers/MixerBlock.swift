/// A pre-normalized MLP-Mixer block on a `tokens x features` matrix.
///
/// Computes `h = x + TokenMixing(RMSNorm(x))`, then `y = h + SwiGLU(RMSNorm(h))`. Sublayer names:
/// `<name>.tokenNorm`, `<name>.tokenMixing`, `<name>.channelNorm` and `<name>.channelMixing`.
public struct MixerBlock: Layer {
    /// The values `forward` keeps for `backward`.
    public struct Cache: Sendable {
        var tokenNorm: RMSNorm.Cache
        var tokenMixing: TokenMixing.Cache
        var channelNorm: RMSNorm.Cache
        var channelMixing: SwiGLU.Cache
    }

    /// The prefix of this block's tensor names.
    public let name: String
    /// The normalization before token mixing.
    public let tokenNorm: RMSNorm
    /// The MLP across tokens.
    public let tokenMixing: TokenMixing
    /// The normalization before channel mixing.
    public let channelNorm: RMSNorm
    /// The gated MLP across features.
    public let channelMixing: SwiGLU

    /// Creates a block for `tokens x features` inputs with the given hidden widths of the two MLPs.
    public init(name: String, tokens: Int, features: Int, tokenHidden: Int, channelHidden: Int) {
        self.name = name
        tokenNorm = RMSNorm(name: name + ".tokenNorm", features: features)
        tokenMixing = TokenMixing(name: name + ".tokenMixing", tokens: tokens, hidden: tokenHidden)
        channelNorm = RMSNorm(name: name + ".channelNorm", features: features)
        channelMixing = SwiGLU(name: name + ".channelMixing", features: features, hidden: channelHidden)
    }

    /// Adds the tensors of all four sublayers.
    public func initialize(_ parameters: inout Parameters, using generator: inout SeededGenerator) {
        tokenNorm.initialize(&parameters, using: &generator)
        tokenMixing.initialize(&parameters, using: &generator)
        channelNorm.initialize(&parameters, using: &generator)
        channelMixing.initialize(&parameters, using: &generator)
    }

    /// Maps `x`, `tokens x features`, to `tokens x features`.
    public func forward(_ x: Matrix, _ parameters: Parameters) -> (output: Matrix, cache: Cache) {
        let (tokenNormOutput, tokenNormCache) = tokenNorm.forward(x, parameters)
        let (tokenMixingOutput, tokenMixingCache) = tokenMixing.forward(tokenNormOutput, parameters)
        let h = x + tokenMixingOutput

        let (channelNormOutput, channelNormCache) = channelNorm.forward(h, parameters)
        let (channelMixingOutput, channelMixingCache) = channelMixing.forward(channelNormOutput, parameters)
        let output = h + channelMixingOutput

        let cache = Cache(
            tokenNorm: tokenNormCache, tokenMixing: tokenMixingCache,
            channelNorm: channelNormCache, channelMixing: channelMixingCache)
        return (output, cache)
    }

    /// Maps `x` as `forward` does, bit for bit, without building caches, for inference.
    public func apply(_ x: Matrix, _ parameters: Parameters) -> Matrix {
        let h = tokenMixing.apply(tokenNorm.apply(x, parameters), parameters, addingTo: x)
        return channelMixing.apply(channelNorm.apply(h, parameters), parameters, addingTo: h)
    }

    /// Adds the gradients of all four sublayers and returns the input gradient.
    public func backward(
        _ outputGradient: Matrix, _ cache: Cache, _ parameters: Parameters, gradients: inout Parameters
    ) -> Matrix {
        let channelMixingGradient = channelMixing.backward(
            outputGradient, cache.channelMixing, parameters, gradients: &gradients)
        var hGradient = outputGradient
        hGradient += channelNorm.backward(channelMixingGradient, cache.channelNorm, parameters, gradients: &gradients)

        let tokenMixingGradient = tokenMixing.backward(hGradient, cache.tokenMixing, parameters, gradients: &gradients)
        var inputGradient = hGradient
        inputGradient += tokenNorm.backward(tokenMixingGradient, cache.tokenNorm, parameters, gradients: &gradients)
        return inputGradient
    }
}

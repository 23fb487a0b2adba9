/// A differentiable function of a matrix whose weights live in a `Parameters` collection.
///
/// A layer stores only parameter names and shapes, so one value can run with the weights, their EMA copy
/// or a checkpoint. `backward` adds (`+=`) into `gradients` rather than overwriting them, because a
/// recursive model applies the same layer many times per example.
public protocol Layer: Sendable {
    /// The values `forward` keeps for `backward`.
    associatedtype Cache: Sendable

    /// Adds this layer's tensors to `parameters` with their initial values.
    func initialize(_ parameters: inout Parameters, using generator: inout SeededGenerator)

    /// Returns the output for input `x` and the cache that `backward` needs.
    func forward(_ x: Matrix, _ parameters: Parameters) -> (output: Matrix, cache: Cache)

    /// Adds the parameter gradients into `gradients` and returns the input gradient.
    ///
    /// Tensors missing from `gradients` are created as zeros first, so an empty collection works.
    func backward(_ outputGradient: Matrix, _ cache: Cache, _ parameters: Parameters, gradients: inout Parameters)
        -> Matrix
}

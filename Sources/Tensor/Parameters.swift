/// Named parameter tensors in insertion order.
///
/// The same type stores weights, gradients, Adam moments and EMA copies, so optimizers can walk two
/// collections with matching names side by side.
public struct Parameters: Sendable, Equatable {
    /// The tensor names in insertion order.
    public private(set) var names: [String] = []
    private var matrices: [Matrix] = []
    private var indices: [String: Int] = [:]

    /// Creates an empty collection.
    public init() {}

    /// Accesses the tensor called `name`.
    ///
    /// Reading or mutating in place a name that is absent stops the process, because only model code
    /// chooses names. Assigning adds the name when it is absent and replaces the tensor otherwise.
    public subscript(name: String) -> Matrix {
        get {
            matrices[index(of: name)]
        }
        set {
            if let index = indices[name] {
                matrices[index] = newValue
            } else {
                append(name, newValue)
            }
        }
        // NOTE: `_modify` is an underscored accessor, not yet a stable language feature. It lets
        // `gradients[name] += …` and `gemm(…, into: &gradients[name])` update a tensor without copying it.
        _modify {
            let index = index(of: name)
            yield &matrices[index]
        }
    }

    /// Returns whether a tensor called `name` exists.
    public func contains(_ name: String) -> Bool {
        indices[name] != nil
    }

    /// Returns a collection with the same names and shapes, all zero.
    public func zeros() -> Parameters {
        var result = self
        for index in result.matrices.indices {
            let matrix = matrices[index]
            result.matrices[index] = Matrix(rows: matrix.rows, columns: matrix.columns)
        }
        return result
    }

    /// The total number of scalars over all tensors.
    public var scalarCount: Int {
        matrices.reduce(0) { $0 + $1.count }
    }

    /// Adds `factor * other` tensor by tensor, as when accumulating gradients.
    ///
    /// A name present only in `other` is added as `factor` times its tensor.
    public mutating func add(_ other: Parameters, scaledBy factor: Float) {
        for (name, matrix) in zip(other.names, other.matrices) {
            if let index = indices[name] {
                matrices[index].addScaled(matrix, by: factor)
            } else {
                append(name, matrix.scaled(by: factor))
            }
        }
    }

    /// Multiplies every tensor by `factor`.
    public mutating func scale(by factor: Float) {
        for index in matrices.indices {
            matrices[index] = matrices[index].scaled(by: factor)
        }
    }

    /// Returns the Euclidean norm of all scalars taken together.
    public func globalNorm() -> Float {
        let sum = matrices.reduce(0.0) { $0 + Double($1.sumOfSquares()) }
        return Float(sum.squareRoot())
    }

    /// Scales all tensors down together so the global norm is at most `maximum`.
    ///
    /// Leaves the tensors unchanged when the norm is already within `maximum`.
    public mutating func clipGlobalNorm(_ maximum: Float) {
        precondition(maximum > 0, "Maximum global norm must be positive, got \(maximum)")
        let norm = globalNorm()
        if norm > maximum {
            scale(by: maximum / norm)
        }
    }

    /// Adds a zero tensor called `name` of the given shape unless one exists.
    ///
    /// Backward passes call this so that they can accumulate into an empty gradient collection.
    mutating func ensure(_ name: String, rows: Int, columns: Int) {
        if let index = indices[name] {
            let matrix = matrices[index]
            precondition(
                matrix.rows == rows && matrix.columns == columns,
                "Tensor \(name) is \(matrix.shapeText), expected \(rows) x \(columns)")
        } else {
            append(name, Matrix(rows: rows, columns: columns))
        }
    }

    private func index(of name: String) -> Int {
        guard let index = indices[name] else {
            preconditionFailure("No tensor named \(name)")
        }
        return index
    }

    private mutating func append(_ name: String, _ matrix: Matrix) {
        indices[name] = matrices.count
        names.append(name)
        matrices.append(matrix)
    }
}

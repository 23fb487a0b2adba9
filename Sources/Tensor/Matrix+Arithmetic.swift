extension Matrix {
    /// Returns the entrywise sum.
    public static func + (a: Matrix, b: Matrix) -> Matrix {
        var result = a
        result.addScaled(b, by: 1)
        return result
    }

    /// Returns the entrywise difference.
    public static func - (a: Matrix, b: Matrix) -> Matrix {
        var result = a
        result.addScaled(b, by: -1)
        return result
    }

    /// Adds `b` to `a` entry by entry.
    public static func += (a: inout Matrix, b: Matrix) {
        a.addScaled(b, by: 1)
    }

    /// Returns the entrywise (Hadamard) product.
    public static func hadamard(_ a: Matrix, _ b: Matrix) -> Matrix {
        a.combined(with: b) { $0 * $1 }
    }

    /// Returns the matrix with every entry multiplied by `factor`.
    public func scaled(by factor: Float) -> Matrix {
        map { $0 * factor }
    }

    /// Adds `factor * other` to this matrix in place (the BLAS axpy operation).
    public mutating func addScaled(_ other: Matrix, by factor: Float) {
        precondition(hasSameShape(as: other), "Cannot add \(other.shapeText) to \(shapeText)")
        other.values.withUnsafeBufferPointer { source in
            values.withUnsafeMutableBufferPointer { target in
                for index in 0..<target.count {
                    target[index] += factor * source[index]
                }
            }
        }
    }

    /// Returns the sum of the squared entries, accumulated in `Double`.
    public func sumOfSquares() -> Float {
        values.withUnsafeBufferPointer { buffer in
            var sum = 0.0
            for value in buffer {
                sum += Double(value) * Double(value)
            }
            return Float(sum)
        }
    }

    /// Returns the sum of all entries, accumulated in `Double`.
    public func sum() -> Float {
        values.withUnsafeBufferPointer { buffer in
            var sum = 0.0
            for value in buffer {
                sum += Double(value)
            }
            return Float(sum)
        }
    }

    /// Returns a matrix with `transform` applied to every entry.
    public func map(_ transform: (Float) -> Float) -> Matrix {
        var result = self
        result.values.withUnsafeMutableBufferPointer { buffer in
            for index in 0..<buffer.count {
                buffer[index] = transform(buffer[index])
            }
        }
        return result
    }

    /// Returns a matrix whose entries are `combine` applied to the matching entries of both matrices.
    public func combined(with other: Matrix, _ combine: (Float, Float) -> Float) -> Matrix {
        precondition(hasSameShape(as: other), "Shapes \(shapeText) and \(other.shapeText) differ")
        var result = self
        other.values.withUnsafeBufferPointer { source in
            result.values.withUnsafeMutableBufferPointer { target in
                for index in 0..<target.count {
                    target[index] = combine(target[index], source[index])
                }
            }
        }
        return result
    }
}

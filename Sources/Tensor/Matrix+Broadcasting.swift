extension Matrix {
    /// Returns the sum of each column, a `1 x columns` matrix.
    public func columnSums() -> Matrix {
        var result = Matrix(rows: 1, columns: columns)
        values.withUnsafeBufferPointer { source in
            result.values.withUnsafeMutableBufferPointer { target in
                for i in 0..<rows {
                    for j in 0..<columns {
                        target[j] += source[i * columns + j]
                    }
                }
            }
        }
        return result
    }

    /// Returns the sum of each row, a `rows x 1` matrix.
    public func rowSums() -> Matrix {
        var result = Matrix(rows: rows, columns: 1)
        values.withUnsafeBufferPointer { source in
            result.values.withUnsafeMutableBufferPointer { target in
                for i in 0..<rows {
                    var sum: Float = 0
                    for j in 0..<columns {
                        sum += source[i * columns + j]
                    }
                    target[i] = sum
                }
            }
        }
        return result
    }

    /// Adds a `1 x columns` row vector to every row.
    public mutating func addToEachRow(_ vector: Matrix) {
        precondition(
            vector.rows == 1 && vector.columns == columns, "Cannot add \(vector.shapeText) to rows of \(shapeText)")
        let columns = columns
        vector.values.withUnsafeBufferPointer { source in
            values.withUnsafeMutableBufferPointer { target in
                for index in 0..<target.count {
                    target[index] += source[index % columns]
                }
            }
        }
    }

    /// Adds a `rows x 1` column vector to every column.
    public mutating func addToEachColumn(_ vector: Matrix) {
        precondition(
            vector.columns == 1 && vector.rows == rows, "Cannot add \(vector.shapeText) to columns of \(shapeText)")
        let columns = columns
        vector.values.withUnsafeBufferPointer { source in
            values.withUnsafeMutableBufferPointer { target in
                for index in 0..<target.count {
                    target[index] += source[index / columns]
                }
            }
        }
    }
}

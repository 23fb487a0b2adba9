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
        guard columns > 0 else { return }
        let columns = columns
        vector.values.withUnsafeBufferPointer { source in
            values.withUnsafeMutableBufferPointer { target in
                for start in stride(from: 0, to: target.count, by: columns) {
                    for column in 0..<columns {
                        target[start + column] += source[column]
                    }
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
                for row in 0..<source.count {
                    let value = source[row]
                    for column in row * columns..<(row + 1) * columns {
                        target[column] += value
                    }
                }
            }
        }
    }
}

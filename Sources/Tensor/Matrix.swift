/// A dense row-major matrix of 32-bit floats.
///
/// Shapes come from model code, never from a client, so shape mismatches are programming errors and stop
/// the process through `precondition`.
public struct Matrix: Sendable, Equatable {
    /// The number of rows.
    public var rows: Int
    /// The number of columns.
    public var columns: Int
    /// The entries in row-major order: entry (i, j) is at `i * columns + j`. The count is `rows * columns`.
    public var values: [Float]

    /// Creates a matrix of zeros.
    public init(rows: Int, columns: Int) {
        self.init(rows: rows, columns: columns, repeating: 0)
    }

    /// Creates a matrix with every entry set to `value`.
    public init(rows: Int, columns: Int, repeating value: Float) {
        precondition(rows >= 0 && columns >= 0, "Matrix shape \(rows) x \(columns) is negative")
        self.rows = rows
        self.columns = columns
        self.values = [Float](repeating: value, count: rows * columns)
    }

    /// Creates a matrix from row-major entries.
    ///
    /// - Precondition: `values.count == rows * columns`.
    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(rows >= 0 && columns >= 0, "Matrix shape \(rows) x \(columns) is negative")
        precondition(
            values.count == rows * columns,
            "Matrix \(rows) x \(columns) needs \(rows * columns) values, got \(values.count)")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// Creates a matrix of independent normal samples with mean 0.
    ///
    /// - Parameters:
    ///   - standardDeviation: The standard deviation of every entry.
    ///   - generator: The source of randomness, so the same seed gives the same matrix.
    public static func random(
        rows: Int, columns: Int, standardDeviation: Float, using generator: inout SeededGenerator
    ) -> Matrix {
        var result = Matrix(rows: rows, columns: columns)
        for index in result.values.indices {
            result.values[index] = generator.nextNormal() * standardDeviation
        }
        return result
    }

    /// The number of entries, `rows * columns`.
    public var count: Int { values.count }

    /// Accesses the entry at `row`, `column`.
    public subscript(row: Int, column: Int) -> Float {
        get {
            precondition(contains(row: row, column: column), "Index (\(row), \(column)) is outside \(shapeText)")
            return values[row * columns + column]
        }
        set {
            precondition(contains(row: row, column: column), "Index (\(row), \(column)) is outside \(shapeText)")
            values[row * columns + column] = newValue
        }
    }

    /// Returns a copy of row `index`.
    public func row(_ index: Int) -> [Float] {
        precondition(index >= 0 && index < rows, "Row \(index) is outside \(shapeText)")
        return Array(values[index * columns..<(index + 1) * columns])
    }

    /// Returns the transpose, a `columns x rows` matrix.
    public func transposed() -> Matrix {
        var result = Matrix(rows: columns, columns: rows)
        values.withUnsafeBufferPointer { source in
            result.values.withUnsafeMutableBufferPointer { target in
                for i in 0..<rows {
                    for j in 0..<columns {
                        target[j * rows + i] = source[i * columns + j]
                    }
                }
            }
        }
        return result
    }

    /// Returns whether `other` has the same number of rows and columns.
    public func hasSameShape(as other: Matrix) -> Bool {
        rows == other.rows && columns == other.columns
    }

    /// The shape as text for precondition messages, such as `3 x 4`.
    var shapeText: String { "\(rows) x \(columns)" }

    private func contains(row: Int, column: Int) -> Bool {
        row >= 0 && row < rows && column >= 0 && column < columns
    }
}

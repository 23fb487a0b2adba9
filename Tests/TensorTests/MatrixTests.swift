import Tensor
import Testing

@Suite struct MatrixTests {
    private let a = Matrix(rows: 2, columns: 3, values: [1, 2, 3, 4, 5, 6])
    private let b = Matrix(rows: 2, columns: 3, values: [6, 5, 4, 3, 2, 1])

    @Test func initializersSetShapeAndValues() {
        #expect(Matrix(rows: 2, columns: 3).values == [Float](repeating: 0, count: 6))
        #expect(Matrix(rows: 1, columns: 2, repeating: 7).values == [7, 7])
        #expect(a.rows == 2)
        #expect(a.columns == 3)
    }

    @Test func subscriptIsRowMajor() {
        var matrix = a
        matrix[1, 0] = 10

        #expect(a[0, 2] == 3)
        #expect(a[1, 0] == 4)
        #expect(matrix.values == [1, 2, 3, 10, 5, 6])
        #expect(a.row(1) == [4, 5, 6])
    }

    @Test func transposedSwapsIndices() {
        let transposed = a.transposed()

        #expect(transposed.rows == 3)
        #expect(transposed.columns == 2)
        #expect(transposed.values == [1, 4, 2, 5, 3, 6])
        #expect(transposed.transposed() == a)
    }

    @Test func arithmeticWorksEntrywise() {
        var sum = a
        sum += b

        #expect((a + b).values == [7, 7, 7, 7, 7, 7])
        #expect((a - b).values == [-5, -3, -1, 1, 3, 5])
        #expect(Matrix.hadamard(a, b).values == [6, 10, 12, 12, 10, 6])
        #expect(a.scaled(by: -2).values == [-2, -4, -6, -8, -10, -12])
        #expect(sum == a + b)
    }

    @Test func addScaledComputesAxpy() {
        var matrix = a
        matrix.addScaled(b, by: 0.5)

        #expect(matrix.values == [4, 4.5, 5, 5.5, 6, 6.5])
    }

    @Test func reductionsSumEntries() {
        #expect(a.sumOfSquares() == 91)
        #expect(a.sum() == 21)
        #expect(a.columnSums() == Matrix(rows: 1, columns: 3, values: [5, 7, 9]))
        #expect(a.rowSums() == Matrix(rows: 2, columns: 1, values: [6, 15]))
    }

    @Test func broadcastingAddsVectors() {
        var rowsAdded = a
        rowsAdded.addToEachRow(Matrix(rows: 1, columns: 3, values: [10, 20, 30]))
        var columnsAdded = a
        columnsAdded.addToEachColumn(Matrix(rows: 2, columns: 1, values: [10, 20]))

        #expect(rowsAdded.values == [11, 22, 33, 14, 25, 36])
        #expect(columnsAdded.values == [11, 12, 13, 24, 25, 26])
    }

    @Test func broadcastingIntoEmptyMatrixDoesNothing() {
        var noColumns = Matrix(rows: 3, columns: 0)
        noColumns.addToEachRow(Matrix(rows: 1, columns: 0))
        noColumns.addToEachColumn(Matrix(rows: 3, columns: 1, values: [1, 2, 3]))
        var noRows = Matrix(rows: 0, columns: 2)
        noRows.addToEachRow(Matrix(rows: 1, columns: 2, values: [1, 2]))

        #expect(noColumns == Matrix(rows: 3, columns: 0))
        #expect(noRows == Matrix(rows: 0, columns: 2))
    }

    @Test func randomHasRequestedStandardDeviation() {
        var generator = SeededGenerator(seed: 61)
        let matrix = Matrix.random(rows: 100, columns: 100, standardDeviation: 0.5, using: &generator)

        let mean = matrix.sum() / Float(matrix.count)
        let standardDeviation = (matrix.sumOfSquares() / Float(matrix.count)).squareRoot()
        #expect(abs(mean) < 0.02)
        #expect(abs(standardDeviation - 0.5) < 0.02)
    }
}

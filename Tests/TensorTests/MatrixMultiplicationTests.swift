import Tensor
import Testing

@Suite struct MatrixMultiplicationTests {
    /// Returns `op(a) · op(b)` by the definition, accumulated in Double.
    private func naiveProduct(_ a: Matrix, _ b: Matrix, transposeA: Bool, transposeB: Bool) -> Matrix {
        let left = transposeA ? a.transposed() : a
        let right = transposeB ? b.transposed() : b
        var result = Matrix(rows: left.rows, columns: right.columns)
        for i in 0..<left.rows {
            for j in 0..<right.columns {
                var sum = 0.0
                for k in 0..<left.columns {
                    sum += Double(left[i, k]) * Double(right[k, j])
                }
                result[i, j] = Float(sum)
            }
        }
        return result
    }

    @Test(arguments: [false, true], [false, true])
    func matmulMatchesNaiveProduct(transposeA: Bool, transposeB: Bool) {
        var generator = SeededGenerator(seed: 51)
        let (m, k, n) = (5, 3, 4)
        let a = transposeA ? randomMatrix(k, m, using: &generator) : randomMatrix(m, k, using: &generator)
        let b = transposeB ? randomMatrix(n, k, using: &generator) : randomMatrix(k, n, using: &generator)

        let product = matmul(a, b, transposeA: transposeA, transposeB: transposeB)

        #expect(product.rows == m)
        #expect(product.columns == n)
        let expected = naiveProduct(a, b, transposeA: transposeA, transposeB: transposeB)
        #expect(relativeError(product, expected) < 1e-6)
    }

    @Test(arguments: [(1, 1, 1), (1, 7, 1), (7, 1, 3), (33, 17, 9)])
    func matmulMatchesNaiveProductForShape(shape: (m: Int, k: Int, n: Int)) {
        var generator = SeededGenerator(seed: 52)
        let a = randomMatrix(shape.m, shape.k, using: &generator)
        let b = randomMatrix(shape.k, shape.n, using: &generator)

        let product = matmul(a, b)

        #expect(relativeError(product, naiveProduct(a, b, transposeA: false, transposeB: false)) < 1e-6)
    }

    @Test func gemmScalesAndAccumulates() {
        var generator = SeededGenerator(seed: 53)
        let a = randomMatrix(3, 2, using: &generator)
        let b = randomMatrix(4, 2, using: &generator)
        let original = randomMatrix(3, 4, using: &generator)
        var c = original

        gemm(a, b, into: &c, transposeB: true, alpha: 2, beta: 0.5)

        let product = naiveProduct(a, b, transposeA: false, transposeB: true)
        let expected = product.scaled(by: 2) + original.scaled(by: 0.5)
        #expect(relativeError(c, expected) < 1e-6)
    }

    @Test func matmulWithEmptyInnerDimensionGivesZeros() {
        let product = matmul(Matrix(rows: 2, columns: 0), Matrix(rows: 0, columns: 3))

        #expect(product == Matrix(rows: 2, columns: 3))
    }

    @Test func threadCountDoesNotChangeProduct() {
        var generator = SeededGenerator(seed: 54)
        let a = randomMatrix(64, 64, using: &generator)
        let b = randomMatrix(64, 64, using: &generator)

        BLAS.setThreadCount(1)
        let singleThreaded = matmul(a, b)
        BLAS.setThreadCount(2)
        let twoThreaded = matmul(a, b)

        #expect(relativeError(singleThreaded, twoThreaded) < 1e-6)
    }
}

import CBLAS

/// Returns `op(a) · op(b)`, where `op` transposes its operand when the matching flag is set.
///
/// Runs `cblas_sgemm` from OpenBLAS.
public func matmul(_ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false) -> Matrix {
    let rows = transposeA ? a.columns : a.rows
    let columns = transposeB ? b.rows : b.columns
    var result = Matrix(rows: rows, columns: columns)
    // The new matrix is all zeros, so accumulating into it gives the product. With beta 0, OpenBLAS would first
    // run a pass of its own to zero the output, which took about 7% of a /verify profile.
    gemm(a, b, into: &result, transposeA: transposeA, transposeB: transposeB, beta: 1)
    return result
}

/// Computes `c = alpha · op(a) · op(b) + beta · c` in place with `cblas_sgemm`.
///
/// Pass `beta: 1` to accumulate into `c`, as backward passes do for parameter gradients.
///
/// - Parameters:
///   - c: The output, already shaped `rows(op(a)) x columns(op(b))`.
///   - alpha: The scale of the product. Default: 1.
///   - beta: The scale of the old `c`. Default: 0, which overwrites `c`.
public func gemm(
    _ a: Matrix, _ b: Matrix, into c: inout Matrix,
    transposeA: Bool = false, transposeB: Bool = false, alpha: Float = 1, beta: Float = 0
) {
    let m = transposeA ? a.columns : a.rows
    let k = transposeA ? a.rows : a.columns
    let kOfB = transposeB ? b.columns : b.rows
    let n = transposeB ? b.rows : b.columns
    precondition(k == kOfB, "Cannot multiply op(\(a.shapeText)) by op(\(b.shapeText)): inner sizes differ")
    precondition(c.rows == m && c.columns == n, "Product is \(m) x \(n) but the output is \(c.shapeText)")
    guard m > 0, n > 0 else { return }

    a.values.withUnsafeBufferPointer { aBuffer in
        b.values.withUnsafeBufferPointer { bBuffer in
            c.values.withUnsafeMutableBufferPointer { cBuffer in
                cblas_sgemm(
                    CblasRowMajor,
                    transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    blasint(m), blasint(n), blasint(k),
                    alpha, aBuffer.baseAddress, blasint(max(1, a.columns)),
                    bBuffer.baseAddress, blasint(max(1, b.columns)),
                    beta, cBuffer.baseAddress, blasint(max(1, n)))
            }
        }
    }
}

/// Settings of the BLAS library behind `matmul` and `gemm`.
public enum BLAS {
    /// Sets the number of threads OpenBLAS uses for each GEMM call.
    ///
    /// The setting is process-wide. Use 1 when several training jobs or requests already run in parallel, so
    /// their GEMM threads do not compete for the same cores.
    public static func setThreadCount(_ count: Int) {
        precondition(count >= 1, "BLAS thread count must be at least 1, got \(count)")
        openblas_set_num_threads(Int32(count))
    }
}

import CBLAS

extension BLAS {
    /// The name of the kernel set OpenBLAS uses, such as `Haswell` or `Prescott`.
    ///
    /// A DYNAMIC_ARCH build picks it once, when the library loads, from the CPU model or from the
    /// `OPENBLAS_CORETYPE` environment variable.
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "" }
        return String(cString: name)
    }

    /// Returns the kernel set to request through `OPENBLAS_CORETYPE`, or nil to keep the one OpenBLAS chose.
    ///
    /// OpenBLAS 0.3.21 selects kernels by CPU model number and falls back to its baseline x86-64 set, `Prescott`
    /// (SSE3), for models newer than the release, such as family 6 model 207. OpenBLAS does not check a forced
    /// core type against the CPU, so this returns `SkylakeX` only when the flags list the AVX-512 subsets of
    /// Skylake-X (F, CD, BW, DQ and VL), and `Haswell` only with AVX2 and FMA. Linux drops a flag from the list
    /// when the kernel does not enable its register state (arch/x86/kernel/cpu/cpuid-deps.c). Any core name
    /// other than `Prescott` is kept, so a newer OpenBLAS that recognises the CPU keeps its own choice.
    ///
    /// - Parameters:
    ///   - coreName: The kernel set OpenBLAS chose without the variable, `coreName` above.
    ///   - cpuFlags: The CPU feature flags the kernel reports, as in the `flags` line of `/proc/cpuinfo`.
    public static func preferredCoreType(coreName: String, cpuFlags: Set<String>) -> String? {
        guard coreName == "Prescott" else { return nil }
        let skylakeX: Set = ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl", "avx2", "fma"]
        if cpuFlags.isSuperset(of: skylakeX) { return "SkylakeX" }
        if cpuFlags.isSuperset(of: ["avx", "avx2", "fma"]) { return "Haswell" }
        return nil
    }
}

import Tensor
import Testing

@Suite struct BLASCoreTypeTests {
    private static let avx512: Set = [
        "sse3", "avx", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl",
    ]

    @Test func prescottWithAVX512GetsSkylakeX() {
        #expect(BLAS.preferredCoreType(coreName: "Prescott", cpuFlags: Self.avx512) == "SkylakeX")
    }

    @Test func prescottWithAVX2GetsHaswell() {
        let flags: Set = ["sse3", "avx", "avx2", "fma"]
        #expect(BLAS.preferredCoreType(coreName: "Prescott", cpuFlags: flags) == "Haswell")
    }

    @Test func prescottWithPartialAVX512GetsHaswell() {
        var flags = Self.avx512
        flags.remove("avx512vl")
        #expect(BLAS.preferredCoreType(coreName: "Prescott", cpuFlags: flags) == "Haswell")
    }

    @Test(arguments: [["sse3"], ["sse3", "avx"], ["avx", "avx2"], []] as [Set<String>])
    func prescottWithoutAVX2AndFMAIsKept(flags: Set<String>) {
        #expect(BLAS.preferredCoreType(coreName: "Prescott", cpuFlags: flags) == nil)
    }

    @Test(arguments: ["Haswell", "SkylakeX", "Zen", "Sandybridge", ""])
    func recognisedCoreIsKept(coreName: String) {
        #expect(BLAS.preferredCoreType(coreName: coreName, cpuFlags: Self.avx512) == nil)
    }

    @Test func coreNameIsNotEmpty() {
        #expect(!BLAS.coreName.isEmpty)
    }
}

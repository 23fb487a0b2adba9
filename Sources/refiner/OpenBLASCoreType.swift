import Foundation
import Tensor

/// The start-up step that gives OpenBLAS the kernels of this CPU when the library does not recognise the CPU model.
enum OpenBLASCoreType {
    static let variable = "OPENBLAS_CORETYPE"

    /// Restarts the process with `OPENBLAS_CORETYPE` set when OpenBLAS fell back to kernels older than the CPU.
    ///
    /// OpenBLAS reads the variable only while the library loads, before `main`, so it takes a new process image:
    /// `execv` of this executable with the same arguments, which keeps the process id and open files. Call it
    /// first in `main`, before any output or thread. A value the user set, even an empty one, is never
    /// replaced, and the new image finds the variable set and does not restart again. When `execv` fails the
    /// process goes on with the kernels OpenBLAS chose, which differ only in speed and float rounding.
    static func restartIfNeeded() {
        #if os(Linux)
            guard getenv(variable) == nil, let flags = cpuFlags(),
                let coreType = BLAS.preferredCoreType(coreName: BLAS.coreName, cpuFlags: flags)
            else { return }

            setenv(variable, coreType, 0)
            execv("/proc/self/exe", CommandLine.unsafeArgv)

            // NOTE: the log format is not known yet, so this warning is plain text even when logs are JSON lines.
            let reason = String(cString: strerror(errno))
            unsetenv(variable)
            let message =
                "warning: restarting with \(variable)=\(coreType) failed (\(reason)); "
                + "continuing with the OpenBLAS \(BLAS.coreName) kernels\n"
            FileHandle.standardError.write(Data(message.utf8))
        #endif
    }

    /// Returns the flags of the first processor in `/proc/cpuinfo`, or nil when the file cannot be read.
    private static func cpuFlags() -> Set<String>? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        let line = text.split(separator: "\n").first { $0.hasPrefix("flags") }
        guard let values = line?.split(separator: ":", maxSplits: 1).last else { return nil }
        return Set(values.split(separator: " ").map(String.init))
    }
}

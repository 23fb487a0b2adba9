/// An error from loading the WordNet database, naming the directory or file at fault.
public struct WordNetError: Error, CustomStringConvertible, Sendable {
    private enum Code: Sendable {
        case missingDirectory
        case missingFile
        case unreadableFile
        case corruptFile
    }

    private let code: Code

    /// The directory or file that is missing, unreadable or corrupt.
    public let path: String

    /// A message safe to show to an operator, naming ``path`` and what to do.
    public let message: String

    public var description: String { message }

    /// Creates an error for a database directory that does not exist.
    static func missingDirectory(_ path: String) -> WordNetError {
        WordNetError(
            code: .missingDirectory,
            path: path,
            message: "WordNet directory not found: \(path). Install the wordnet-base package or pass its directory."
        )
    }

    /// Creates an error for a database file that is absent from the directory.
    static func missingFile(_ path: String) -> WordNetError {
        WordNetError(
            code: .missingFile,
            path: path,
            message: "WordNet file not found: \(path). The directory must hold the WordNet 3.0 database files."
        )
    }

    /// Creates an error for a database file that exists but cannot be read.
    static func unreadableFile(_ path: String) -> WordNetError {
        WordNetError(code: .unreadableFile, path: path, message: "WordNet file could not be read: \(path).")
    }

    /// Creates an error for a database file whose contents do not follow the WordNet format.
    ///
    /// - Parameters:
    ///   - path: The file that failed to parse.
    ///   - line: The 1-based line number, or nil when the fault is not on one line.
    ///   - reason: What was invalid, in a few words.
    static func corruptFile(_ path: String, line: Int?, reason: String) -> WordNetError {
        let location = line.map { "\(path), line \($0)" } ?? path
        return WordNetError(
            code: .corruptFile,
            path: path,
            message: "WordNet file is corrupt: \(location): \(reason). Reinstall the wordnet-base package."
        )
    }
}

import Foundation

/// One WordNet database file, read whole into memory.
struct DatabaseFile {
    /// The full path of the file, used in error messages.
    let path: String

    private let contents: Data

    /// Reads `name` from `directory`.
    ///
    /// - Throws: ``WordNetError`` when the file is missing or cannot be read.
    init(directory: String, name: String) throws {
        let path = Self.path(directory: directory, name: name)
        guard FileManager.default.fileExists(atPath: path) else {
            throw WordNetError.missingFile(path)
        }
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw WordNetError.unreadableFile(path)
        }

        self.path = path
        self.contents = contents
    }

    /// Returns the path of the file `name` in `directory`.
    static func path(directory: String, name: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }

    /// Calls `body` with a scanner for each content line and the line's 1-based number.
    ///
    /// Lines that start with a space are skipped, because the data and index files open with a
    /// license whose lines start with two spaces, and no entry line does. Empty lines are skipped too.
    func forEachLine(_ body: (inout FieldScanner, Int) throws -> Void) throws {
        try contents.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var lineStart = 0
            var lineNumber = 0
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") {
                    lineEnd += 1
                }
                lineNumber += 1

                if lineEnd > lineStart && bytes[lineStart] != UInt8(ascii: " ") {
                    var scanner = FieldScanner(bytes: bytes, line: lineStart..<lineEnd)
                    try body(&scanner, lineNumber)
                }
                lineStart = lineEnd + 1
            }
        }
    }

    /// Creates the error for an invalid line of this file.
    func corrupt(line: Int?, _ reason: String) -> WordNetError {
        WordNetError.corruptFile(path, line: line, reason: reason)
    }
}

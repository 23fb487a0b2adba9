import Foundation

/// Resolves a `dataset` path of `POST /train` inside the data folder, and rejects any path that leaves it.
struct DatasetLocation: Sendable {
    let dataDirectory: String

    /// Returns the real path of a dataset file inside the data folder.
    ///
    /// The path must be relative and contain no `..` component. Symbolic links are resolved first, so a link
    /// that points out of the folder is rejected too.
    ///
    /// - Throws: `APIError` 400 when the path leaves the folder or names no regular file.
    func resolve(_ relativePath: String) throws(APIError) -> String {
        guard !relativePath.hasPrefix("/"), !relativePath.hasPrefix("~") else {
            throw .invalidField("dataset", "must be a path relative to the data folder, not an absolute path")
        }
        let components = relativePath.split(separator: "/", omittingEmptySubsequences: false)
        guard !components.contains("..") else {
            throw .invalidField("dataset", "must not contain .. components")
        }
        guard !relativePath.contains("\0") else { throw .invalidField("dataset", "must not contain NUL") }

        guard let folder = Self.realPath(dataDirectory) else {
            throw APIError(
                status: 400, code: "invalid_request",
                message: "dataset cannot be read: the server's data folder does not exist; set REFINER_DATA_DIR")
        }
        guard let file = Self.realPath(folder + "/" + relativePath) else {
            throw .invalidField("dataset", "\(relativePath) was not found in the data folder")
        }
        guard file.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/") else {
            throw .invalidField("dataset", "\(relativePath) resolves outside the data folder")
        }
        var status = stat()
        guard stat(file, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw .invalidField("dataset", "\(relativePath) is not a regular file")
        }
        return file
    }

    /// Returns the canonical absolute path with every symbolic link resolved, nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

import Foundation
import TRM
import Tensor

/// The versioned checkpoints of every named model in one folder, one file per version: `<model>@<version>.ckpt`.
///
/// Files are written to a hidden temporary file in the same folder, flushed and renamed, so a reader never sees
/// a half-written file under a version's name. Hidden files and names in any other shape are ignored.
public struct CheckpointStore: Sendable {
    /// One version file found in the folder.
    public struct Entry: Sendable, Equatable {
        public var model: String
        public var version: String
        public var path: String
        /// Size in bytes and modification time, which tell a rewritten file from one already rejected.
        public var size: Int
        public var modified: Date
    }

    public static let fileExtension = ".ckpt"
    /// Temporary files of writers killed before their rename are removed after this long. Default: 1 hour.
    static let staleTemporaryAge: TimeInterval = 3600

    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// Tells whether `name` can name a model: 1 to 64 ASCII letters, digits, `_` or `-`, starting with a letter
    /// or digit.
    public static func isValidModelName(_ name: String) -> Bool {
        isValidComponent(name, extra: "_-")
    }

    /// Tells whether `version` can be part of a file name: 1 to 64 ASCII letters, digits, `_`, `-` or `.`.
    public static func isValidVersion(_ version: String) -> Bool {
        isValidComponent(version, extra: "_-.")
    }

    private static func isValidComponent(_ text: String, extra: String) -> Bool {
        guard let first = text.unicodeScalars.first, text.unicodeScalars.count <= 64 else { return false }
        let allowed = { (scalar: Unicode.Scalar) in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
        }
        return allowed(first) && text.unicodeScalars.allSatisfy { allowed($0) || extra.unicodeScalars.contains($0) }
    }

    /// Returns the path of a model version's file.
    public func path(model: String, version: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent("\(model)@\(version)\(Self.fileExtension)").path
    }

    /// Lists every version file in the folder, newest version first within each model.
    ///
    /// Versions sort by their text, which for generated versions is their creation time.
    public func entries() -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let entries = names.compactMap(entry(fileName:))
        return entries.sorted { ($0.model, $1.version) < ($1.model, $0.version) }
    }

    /// Lists the versions of one model, newest first.
    public func versions(of model: String) -> [Entry] {
        entries().filter { $0.model == model }
    }

    private func entry(fileName: String) -> Entry? {
        guard !fileName.hasPrefix("."), fileName.hasSuffix(Self.fileExtension) else { return nil }
        let stem = fileName.dropLast(Self.fileExtension.count)
        let parts = stem.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let model = String(parts[0])
        let version = String(parts[1])
        guard Self.isValidModelName(model), Self.isValidVersion(version) else { return nil }

        let path = URL(fileURLWithPath: directory).appendingPathComponent(fileName).path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            attributes[.type] as? FileAttributeType == .typeRegular
        else { return nil }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        let modified = attributes[.modificationDate] as? Date ?? .distantPast
        return Entry(model: model, version: version, path: path, size: size, modified: modified)
    }

    /// Writes a verifier checkpoint as a new version of `model`, atomically.
    ///
    /// - Throws: `CheckpointError` when the folder cannot be created or the write fails.
    @discardableResult
    public func save(_ checkpoint: TRMCheckpoint, model: String) throws -> String {
        let version = checkpoint.header.version
        guard Self.isValidModelName(model), Self.isValidVersion(version) else {
            throw CheckpointError(
                path: directory, reason: "model name \(model) or version \(version) cannot be used in a file name")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = path(model: model, version: version)
        try checkpoint.save(path: path)
        return path
    }

    /// Removes the versions of `model` past the `keep` newest, never one named in `inUse`, and the temporary
    /// files that writers killed before their rename left behind.
    ///
    /// - Returns: The paths removed.
    @discardableResult
    public func prune(model: String, keep: Int, inUse: Set<String>) -> [String] {
        let stale = versions(of: model).dropFirst(max(keep, 1)).filter { !inUse.contains($0.version) }
        var removed: [String] = []
        for entry in stale where unlink(entry.path) == 0 {
            removed.append(entry.path)
        }
        return removed + removeStaleTemporaryFiles(model: model)
    }

    private func removeStaleTemporaryFiles(model: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let prefix = ".\(model)@"
        var removed: [String] = []
        for name in names where name.hasPrefix(prefix) && name.contains(".tmp-") {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
            let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
            guard let modified, Date().timeIntervalSince(modified) > Self.staleTemporaryAge else { continue }
            if unlink(path) == 0 { removed.append(path) }
        }
        return removed
    }
}

import Foundation

/// Reads and writes model checkpoints: a header, named Float32 tensors and a checksum in one file.
///
/// Layout, all integers little-endian:
/// - 8 bytes of magic, `RFNRCKPT`;
/// - UInt32 format version, currently 1;
/// - UInt32 length of the JSON header, then the header: `{"header": <model header>, "tensors": [{"name",
///   "rows", "columns"}, …]}`;
/// - the tensors' values as Float32, in the order the header lists them;
/// - UInt32 CRC-32 of every byte before it.
///
/// Writes go to a temporary file in the same folder, are flushed with `fsync` and then renamed over the
/// destination, so a crash never leaves a half-written checkpoint under the final name.
public enum CheckpointFile {
    public static let magic = Array("RFNRCKPT".utf8)
    public static let formatVersion: UInt32 = 1

    struct TensorEntry: Codable {
        var name: String
        var rows: Int
        var columns: Int
    }

    struct Envelope<Header: Codable>: Codable {
        var header: Header
        var tensors: [TensorEntry]
    }

    /// Encodes a checkpoint into bytes.
    public static func encode<Header: Codable>(header: Header, parameters: Parameters) throws -> [UInt8] {
        let entries = parameters.names.map { name in
            TensorEntry(name: name, rows: parameters[name].rows, columns: parameters[name].columns)
        }
        let headerBytes = Array(try JSONEncoder().encode(Envelope(header: header, tensors: entries)))

        var bytes = magic
        appendUInt32(formatVersion, to: &bytes)
        appendUInt32(UInt32(headerBytes.count), to: &bytes)
        bytes += headerBytes
        for name in parameters.names {
            for value in parameters[name].values {
                appendUInt32(value.bitPattern, to: &bytes)
            }
        }
        var crc = CRC32()
        crc.update(bytes)
        appendUInt32(crc.value, to: &bytes)
        return bytes
    }

    /// Writes a checkpoint to `path` atomically: temporary file, `fsync`, rename, then `fsync` of the folder.
    ///
    /// - Throws: `CheckpointError` naming the path and the failing step.
    public static func write<Header: Codable>(header: Header, parameters: Parameters, to path: String) throws {
        let bytes = try encode(header: header, parameters: parameters)
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = folder + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"

        try writeAndSync(bytes, to: temporary)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CheckpointError(path: path, reason: "rename from temporary file failed: \(reason)")
        }
        let directory = open(folder, O_RDONLY)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }

    /// Reads and checks a checkpoint: magic, format version, header, tensor sizes and checksum.
    ///
    /// - Throws: `CheckpointError` saying which check failed.
    public static func read<Header: Codable>(_ type: Header.Type, from path: String) throws -> (Header, Parameters) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CheckpointError(path: path, reason: "file is missing or unreadable")
        }
        return try decode(type, from: Array(data), path: path)
    }

    /// Reads a checkpoint of the model kind `kind` ("trm", "ebm") and its header.
    ///
    /// The kind is read before the header, so a checkpoint of another kind is named as one and not as a malformed
    /// header.
    ///
    /// - Throws: `CheckpointError` saying which check failed.
    public static func read<Header: Codable>(_ type: Header.Type, kind: String, from path: String) throws -> (
        Header, Parameters
    ) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CheckpointError(path: path, reason: "file is missing or unreadable")
        }
        let (found, _) = try decode(ModelKind.self, from: Array(data), path: path)
        guard found.kind == kind else {
            throw CheckpointError(path: path, reason: "model kind is \(found.kind), expected \(kind)")
        }
        return try decode(type, from: Array(data), path: path)
    }

    /// The field every header has that names its model kind.
    private struct ModelKind: Codable {
        var kind: String
    }

    /// Decodes checkpoint bytes; `path` only names the source in errors.
    public static func decode<Header: Codable>(
        _ type: Header.Type, from bytes: [UInt8], path: String
    ) throws -> (Header, Parameters) {
        var reader = ByteReader(bytes: bytes, path: path)
        guard bytes.count >= magic.count + 12, Array(bytes[0..<magic.count]) == magic else {
            throw CheckpointError(path: path, reason: "not a Refiner checkpoint (magic bytes differ)")
        }
        try verifyChecksum(bytes, path: path)
        reader.offset = magic.count

        let version = try reader.uint32()
        guard version == formatVersion else {
            throw CheckpointError(path: path, reason: "format version \(version) is not supported (expected 1)")
        }
        let headerLength = Int(try reader.uint32())
        let envelope: Envelope<Header>
        do {
            envelope = try JSONDecoder().decode(Envelope<Header>.self, from: Data(try reader.bytes(headerLength)))
        } catch let error as CheckpointError {
            throw error
        } catch {
            throw CheckpointError(path: path, reason: "invalid header: \(error)")
        }
        return (envelope.header, try readTensors(envelope.tensors, &reader, end: bytes.count - 4))
    }

    private static func readTensors(_ entries: [TensorEntry], _ reader: inout ByteReader, end: Int) throws -> Parameters
    {
        var parameters = Parameters()
        for entry in entries {
            guard entry.rows >= 0, entry.columns >= 0, entry.rows * entry.columns <= (end - reader.offset) / 4 else {
                throw CheckpointError(path: reader.path, reason: "tensor \(entry.name) does not fit in the file")
            }
            var values = [Float](repeating: 0, count: entry.rows * entry.columns)
            for index in values.indices {
                values[index] = Float(bitPattern: try reader.uint32())
            }
            parameters[entry.name] = Matrix(rows: entry.rows, columns: entry.columns, values: values)
        }
        guard reader.offset == end else {
            throw CheckpointError(path: reader.path, reason: "\(end - reader.offset) unexpected bytes after tensors")
        }
        return parameters
    }

    private static func verifyChecksum(_ bytes: [UInt8], path: String) throws {
        var crc = CRC32()
        bytes.withUnsafeBytes { crc.update(UnsafeRawBufferPointer(rebasing: $0[0..<(bytes.count - 4)])) }
        var reader = ByteReader(bytes: bytes, path: path)
        reader.offset = bytes.count - 4
        guard try reader.uint32() == crc.value else {
            throw CheckpointError(path: path, reason: "checksum mismatch: the file is corrupt or truncated")
        }
    }

    private static func writeAndSync(_ bytes: [UInt8], to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw CheckpointError(path: path, reason: "cannot create file: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }

        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress.map { $0 + written }, bytes.count - written)
            }
            guard result > 0 else {
                unlink(path)
                throw CheckpointError(path: path, reason: "write failed: \(String(cString: strerror(errno)))")
            }
            written += result
        }
        guard fsync(descriptor) == 0 else {
            unlink(path)
            throw CheckpointError(path: path, reason: "fsync failed: \(String(cString: strerror(errno)))")
        }
    }

    private static func appendUInt32(_ value: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }
}

/// A checkpoint that could not be read or written, naming the file and the failed check.
public struct CheckpointError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "checkpoint \(path): \(reason)" }
}

struct ByteReader {
    let bytes: [UInt8]
    let path: String
    var offset = 0

    mutating func uint32() throws -> UInt32 {
        let chunk = try self.bytes(4)
        return UInt32(chunk[0]) | UInt32(chunk[1]) << 8 | UInt32(chunk[2]) << 16 | UInt32(chunk[3]) << 24
    }

    mutating func bytes(_ count: Int) throws -> [UInt8] {
        guard count >= 0, offset + count <= bytes.count else {
            throw CheckpointError(path: path, reason: "file is truncated")
        }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }
}

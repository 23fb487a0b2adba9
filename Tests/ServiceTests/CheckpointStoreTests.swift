import Foundation
import Service
import TRM
import Testing

@Suite struct CheckpointStoreTests {
    @Test(arguments: ["default", "legal-2", "A_b", "9x"])
    func acceptsModelName(_ name: String) {
        #expect(CheckpointStore.isValidModelName(name))
    }

    @Test(arguments: ["", "-x", "_x", "a/b", "..", "a@b", "a.b", "é", String(repeating: "a", count: 65)])
    func rejectsModelName(_ name: String) {
        #expect(!CheckpointStore.isValidModelName(name))
    }

    @Test func savesVersionUnderModelAndVersionName() throws {
        let folder = try TemporaryDirectory("store")
        let store = CheckpointStore(directory: folder.path)

        let path = try store.save(tinyCheckpoint(version: "trm-1"), model: "legal")

        #expect(path == folder.file("legal@trm-1.ckpt"))
        #expect(folder.entries() == ["legal@trm-1.ckpt"])
        #expect(try TRMCheckpoint.load(path: path).header.version == "trm-1")
    }

    @Test func listsNewestVersionFirstPerModel() throws {
        let folder = try TemporaryDirectory("store")
        let store = CheckpointStore(directory: folder.path)
        for version in ["trm-2", "trm-1", "trm-3"] {
            try store.save(tinyCheckpoint(version: version), model: "default")
        }
        try store.save(tinyCheckpoint(version: "trm-9"), model: "other")

        #expect(store.versions(of: "default").map(\.version) == ["trm-3", "trm-2", "trm-1"])
        #expect(store.versions(of: "other").map(\.version) == ["trm-9"])
    }

    @Test func ignoresHiddenTemporaryAndForeignFiles() throws {
        let folder = try TemporaryDirectory("store")
        let store = CheckpointStore(directory: folder.path)
        for name in [".default@trm-5.ckpt.tmp-1-2", "trm.ckpt", "default@.ckpt", "a@b@c.ckpt", "default@x.txt"] {
            #expect(FileManager.default.createFile(atPath: folder.file(name), contents: Data([1, 2, 3])))
        }
        try FileManager.default.createDirectory(atPath: folder.file("dir@v1.ckpt"), withIntermediateDirectories: true)

        #expect(store.entries().isEmpty)
    }

    @Test func pruneKeepsNewestVersions() throws {
        let folder = try TemporaryDirectory("store")
        let store = CheckpointStore(directory: folder.path)
        for version in 1...5 {
            try store.save(tinyCheckpoint(version: "trm-\(version)"), model: "default")
        }

        let removed = store.prune(model: "default", keep: 2, inUse: [])

        #expect(removed.count == 3)
        #expect(store.versions(of: "default").map(\.version) == ["trm-5", "trm-4"])
    }

    @Test func pruneNeverRemovesVersionInUse() throws {
        let folder = try TemporaryDirectory("store")
        let store = CheckpointStore(directory: folder.path)
        for version in 1...4 {
            try store.save(tinyCheckpoint(version: "trm-\(version)"), model: "default")
        }
        try store.save(tinyCheckpoint(version: "trm-1"), model: "other")

        store.prune(model: "default", keep: 1, inUse: ["trm-2"])

        #expect(store.versions(of: "default").map(\.version) == ["trm-4", "trm-2"])
        #expect(store.versions(of: "other").map(\.version) == ["trm-1"])
    }

    @Test func pruneRemovesOnlyStaleTemporaryFiles() throws {
        let folder = try TemporaryDirectory("store")
        let store = CheckpointStore(directory: folder.path)
        let stale = folder.file(".default@trm-1.ckpt.tmp-10-20")
        let fresh = folder.file(".default@trm-2.ckpt.tmp-10-21")
        #expect(FileManager.default.createFile(atPath: stale, contents: Data([1])))
        #expect(FileManager.default.createFile(atPath: fresh, contents: Data([1])))
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(-7200)], ofItemAtPath: stale)

        store.prune(model: "default", keep: 1, inUse: [])

        #expect(folder.entries() == [".default@trm-2.ckpt.tmp-10-21"])
    }
}

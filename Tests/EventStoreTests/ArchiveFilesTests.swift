import Crypto
import EventStore
import Foundation
import Testing

@Suite("EventStore: archives carry the uploaded images")
struct ArchiveFilesTests {
    static func png(_ size: Int) -> Data {
        Data([0x89, 0x50, 0x4E, 0x47]) + Data((0..<size).map { _ in UInt8.random(in: 0...255) })
    }

    static func name(_ bytes: Data) throws -> SharedFileName {
        try SharedFileName(folder: "images", file: SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() + ".png")
    }

    @Test func anExportCarriesEveryImageAndAnImportStoresEachAsItWas() async throws {
        let source = try TemporaryStore()
        let target = try TemporaryStore()
        defer { source.remove(); target.remove() }
        let log = try source.open()
        defer { log.close() }
        _ = try await log.append([event()], to: stream("show-1"), expecting: .any)
        let files = DirectoryStorage(directory: source.directory)
        let images = [Self.png(3000), Self.png(70_000)]
        for image in images { _ = try await files.store(image, as: try Self.name(image)) }
        // Keys stay behind: an archive is no place for secrets.
        _ = try await files.store(Data("secret".utf8), as: try SharedFileName(folder: "keys", file: "ticket-signing.key"))

        let url = source.directory.appendingPathComponent("log.tktlog")
        let exported = try await log.exportArchive(to: url, files: ArchiveFiles(storage: files))
        #expect(exported.files == 2 && exported.fileBytes == images.map(\.count).reduce(0, +))

        let restored = try target.open()
        defer { restored.close() }
        let restoredFiles = DirectoryStorage(directory: target.directory.appendingPathComponent("restored"))
        let imported = try await restored.importArchive(from: url, files: restoredFiles)
        #expect(imported == exported)
        for image in images { #expect(try await restoredFiles.load(try Self.name(image)) == image) }
        #expect(try await restoredFiles.names(in: "keys").isEmpty)
    }

    @Test func anImageWhoseBytesDoNotHashToItsNameIsRefused() async throws {
        let source = try TemporaryStore()
        defer { source.remove() }
        let log = try source.open()
        defer { log.close() }
        let files = DirectoryStorage(directory: source.directory)
        let image = Self.png(100)
        _ = try await files.store(Self.png(100), as: try Self.name(image))
        let error = await #expect(throws: EventStoreError.self) {
            try await log.exportArchive(to: source.directory.appendingPathComponent("log.tktlog"), files: ArchiveFiles(storage: files))
        }
        #expect(error?.message.contains("does not hash to its name") == true)
        let copy = await #expect(throws: EventStoreError.self) {
            try await ArchiveFiles.copy(from: files, to: DirectoryStorage(directory: source.directory.appendingPathComponent("copy")))
        }
        #expect(copy?.code == .archive)
    }
}

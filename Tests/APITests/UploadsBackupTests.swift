import API
import App
import Crypto
import Domain
import EventStore
import Foundation
import Testing
import TestSupport

private struct Raised: Decodable { var image: String? }
private struct Details: Decodable { var poster: String? }

/// `log backup`, `export` and `import` carry the uploaded images: a restore serves every poster and support image
/// the restored shows and issues point at, byte for byte, each checked against its content hash on the way.
@Suite("Backups: the uploaded images travel with the log", .serialized)
struct UploadsBackupTests {
    private static func randomImage(_ magic: [UInt8], size: Int) -> Data {
        Data(magic) + Data((0..<size).map { _ in UInt8.random(in: 0...255) })
    }

    private static func name(_ bytes: Data, _ ext: String) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() + "." + ext
    }

    @Test(.timeLimit(.minutes(3)))
    func aBackupAndAnExportEachRestoreEveryPosterAndSupportImageByteForByte() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-uploads-backup-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let (source, backup, restored) = (root.appendingPathComponent("source"), root.appendingPathComponent("backup"), root.appendingPathComponent("restored"))
        let archive = root.appendingPathComponent("log.tktlog")
        let poster = Self.randomImage([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], size: 40_000)
        let screenshot = Self.randomImage([0xFF, 0xD8, 0xFF, 0xE0], size: 20_000)
        let images = [Self.name(poster, "png"): poster, Self.name(screenshot, "jpeg"): screenshot]

        let server = try await ServerProcess.start(dataDirectory: source)
        let http = HTTPDriver(port: server.port)
        let signer = try await SessionSigner(secret: String(repeating: "e", count: 32))
        let organizer = try await signer.issue(for: Identity(role: .organizer, id: DemoData.organizer.rawValue, email: DemoData.organizerEmail))
        let customer = try await signer.issue(for: Identity(role: .customer, id: "asha", email: "asha@example.com"))
        let uploaded = try await http.upload("/api/organizer/events/demo-seated/poster", field: "poster", file: poster, type: "image/png", token: organizer)
        try #require(uploaded.status == 200, "\(uploaded.body)")
        let raised = try await http.post("/api/user/issues", #"{"subject":"Seat broken","description":"see photo","image":"\#(screenshot.base64EncodedString())"}"#,
                                         token: customer)
        try #require(raised.status == 200 || raised.status == 201, "\(raised.body)")
        #expect(try raised.json(Raised.self).image == "/api/images/\(Self.name(screenshot, "jpeg"))")

        // Both beside the running server.
        let backedUp = try await ToolProcess.run(["log", "backup", "--data-dir", source.path, backup.path])
        #expect(backedUp.status == 0, "\(backedUp.output)\(backedUp.errors)")
        #expect(backedUp.output.contains(", 2 uploaded images (\(poster.count + screenshot.count) bytes) and "), "\(backedUp.output)")
        let exported = try await ToolProcess.run(["log", "export", "--data-dir", source.path, archive.path])
        #expect(exported.status == 0, "\(exported.output)\(exported.errors)")
        #expect(exported.output.contains("2 uploaded images"), "\(exported.output)")
        await server.stop()

        let imported = try await ToolProcess.run(["log", "import", "--data-dir", restored.path, archive.path])
        #expect(imported.status == 0, "\(imported.output)\(imported.errors)")
        #expect(imported.output.contains("2 uploaded images (\(poster.count + screenshot.count) bytes), each verified against its content hash"))

        for directory in [backup, restored] {
            let restoredServer = try await ServerProcess.start(dataDirectory: directory)
            let driver = HTTPDriver(port: restoredServer.port)
            for (name, bytes) in images {
                let served = try await driver.bytes("/api/images/\(name)")
                #expect(served.status == 200 && served.bytes == bytes, "\(name) from \(directory.lastPathComponent)")
            }
            let details = try await driver.get("/api/event/demo-seated")
            #expect(try details.json(Details.self).poster == "/api/images/\(Self.name(poster, "png"))", "\(details.body)")
            await restoredServer.stop()
        }
    }

    @Test func logCopyTakesTheUploadedImagesAlong() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-uploads-copy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let (source, target) = (root.appendingPathComponent("source"), root.appendingPathComponent("target"))
        let log = try LMDBEventLog(.init(path: source.appendingPathComponent("events").path))
        // Sealed under keys beside the source log, as a server there would have.
        try await withPersonalKeys(beside: source) {
            _ = try await DemoData.seedIfEmpty(log: log, now: .now())
        }
        log.close()
        let poster = Self.randomImage([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], size: 10_000)
        _ = try await ImageStore(storage: DirectoryStorage(directory: source)).store(poster, limit: ImageStore.posterBytes)
        let copied = try await ToolProcess.run(["log", "copy", "--from", source.path, "--to", target.path])
        #expect(copied.status == 0, "\(copied.output)\(copied.errors)")
        #expect(copied.output.contains(", 1 uploaded images and 1 personal-data keys"), "\(copied.output)")
        // The keys came along: the copy reads the demo customer's address (a copy without them would read it erased).
        let dumped = try await ToolProcess.run(["log", "dump", "--data-dir", target.path, "--stream", "customer-\(DemoData.customer.rawValue)"])
        #expect(dumped.output.contains(DemoData.customerEmail), "\(dumped.output)")
        let name = try SharedFileName(folder: "images", file: Self.name(poster, "png"))
        #expect(try await DirectoryStorage(directory: target).load(name) == poster)
    }
}

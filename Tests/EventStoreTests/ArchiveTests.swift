import EventStore
import Foundation
import Testing

@Suite("EventStore: export and import")
struct ArchiveTests {
    func filledLog(_ store: TemporaryStore, records: Int = 500) async throws -> LMDBEventLog {
        let log = try store.open()
        for index in 0..<records {
            let payload = #"{"seat":"A\#(index % 40)","price":25000,"note":"row \#(index / 40)"}"#
            _ = try await log.append([event("SeatsHeld", payload)], to: stream("show-\(index % 9)"), expecting: .any)
        }
        return log
    }

    @Test func anExportedLogImportsByteForByteAndVerifies() async throws {
        let source = try TemporaryStore()
        let target = try TemporaryStore()
        defer { source.remove(); target.remove() }
        let log = try await filledLog(source)
        defer { log.close() }
        let first = source.directory.appendingPathComponent("first.tktlog")
        let exported = try log.exportArchive(to: first)
        #expect(exported.records == 500)
        // Ids and hashes (48 random bytes a record) bound the ratio; the JSON and names compress well.
        #expect(exported.archiveBytes < exported.recordBytes / 2)

        let restored = try target.open()
        defer { restored.close() }
        let imported = try await restored.importArchive(from: first)
        #expect(imported == exported)
        #expect(try restored.verify().isIntact)
        #expect(try await restored.read(from: .start, limit: 1000) == log.read(from: .start, limit: 1000))

        let second = target.directory.appendingPathComponent("second.tktlog")
        _ = try restored.exportArchive(to: second)
        #expect(try Data(contentsOf: first) == Data(contentsOf: second))
        // The restored log keeps working: versions continue where the archive ended.
        let next = try await restored.append([event()], to: stream("show-0"), expecting: .exact(StreamVersion(55)))
        #expect(next.appended?.firstPosition == GlobalPosition(501))
    }

    /// Exports a filled log, spoils the archive's bytes with `spoil`, and expects an import to refuse it whole.
    func expectImportRefusesNothingImported(after spoil: (inout Data) -> Void) async throws {
        let source = try TemporaryStore()
        let target = try TemporaryStore()
        defer { source.remove(); target.remove() }
        let log = try await filledLog(source)
        defer { log.close() }
        let url = source.directory.appendingPathComponent("log.tktlog")
        _ = try log.exportArchive(to: url)
        var bytes = try Data(contentsOf: url)
        spoil(&bytes)
        try bytes.write(to: url)

        let restored = try target.open()
        defer { restored.close() }
        let error = await #expect(throws: EventStoreError.self) { try await restored.importArchive(from: url) }
        #expect(error?.code == .archive)
        #expect(try await restored.head() == GlobalPosition.start)
    }

    @Test func aDamagedArchiveImportsNothing() async throws {
        try await expectImportRefusesNothingImported { bytes in bytes[bytes.count / 2] ^= 0x20 }
    }

    @Test func aTruncatedArchiveImportsNothing() async throws {
        try await expectImportRefusesNothingImported { bytes in bytes = bytes.prefix(bytes.count - 40) }
    }

    @Test func importIntoALogThatHoldsRecordsIsRefused() async throws {
        let source = try TemporaryStore()
        defer { source.remove() }
        let log = try await filledLog(source, records: 3)
        defer { log.close() }
        let url = source.directory.appendingPathComponent("log.tktlog")
        _ = try log.exportArchive(to: url)
        let error = await #expect(throws: EventStoreError.self) { try await log.importArchive(from: url) }
        #expect(error?.code == .invalidArgument)
        #expect(try await log.head() == GlobalPosition(3))
    }
}

import EventStore
import Foundation
import LMDB
import Testing

@Suite("EventStore: failures are typed and leave nothing half-written")
struct FailureTests {
    @Test func aFullMapAtItsCeilingFailsTheAppendWithMapFullAndKeepsEarlierRecords() async throws {
        let store = try TemporaryStore()
        defer { store.remove() }
        let log = try LMDBEventLog(.init(path: store.logPath, durable: false, initialMapSize: 256 << 10, maxMapSize: 512 << 10))
        defer { log.close() }
        let payload = String(repeating: "p", count: 4000)
        var appended = 0
        var failure: EventStoreError?
        while failure == nil && appended < 1000 {
            do {
                _ = try await log.append([event("Filler", payload)], to: stream("fill-1"), expecting: .any)
                appended += 1
            } catch {
                failure = error
            }
        }
        let error = try #require(failure)
        #expect(error.code == .mapFull)
        #expect(error.message.contains("ceiling"))
        #expect(try await log.head() == GlobalPosition(UInt64(appended)))
        #expect(try log.verify().isIntact)
    }

    @Test func readingADamagedRecordIsAnUndecodableRecordErrorNamingItsPosition() async throws {
        let store = try TemporaryStore()
        defer { store.remove() }
        do {
            let log = try store.open()
            for _ in 0..<3 { _ = try await log.append([event()], to: stream("show-1"), expecting: .any) }
            log.close()
        }
        do {
            // Truncate record 2 so its header no longer matches its length.
            let environment = try Environment(path: store.logPath)
            let db = try environment.openDatabase("log")
            try environment.write { txn in
                let bytes = Array(try #require(try txn.get(db, key: BigEndianKey.bytes(2))))
                try txn.put(db, key: BigEndianKey.bytes(2), value: Array(bytes.dropLast(5)))
            }
        }
        let log = try store.open()
        defer { log.close() }
        let error = await #expect(throws: EventStoreError.self) { try await log.read(from: .start, limit: 10) }
        #expect(error?.code == .undecodableRecord)
        #expect(error?.message.contains("position 2") == true)
        #expect(try log.verify().problem?.position == GlobalPosition(2))
    }
}

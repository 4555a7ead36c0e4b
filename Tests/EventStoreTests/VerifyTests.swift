import EventStore
import Foundation
import LMDB
import Testing

@Suite("EventStore: verification")
struct VerifyTests {
    /// Writes 10 records over 3 streams into a fresh store and closes it.
    func filledStore() async throws -> TemporaryStore {
        let store = try TemporaryStore()
        let log = try store.open()
        for index in 0..<10 {
            _ = try await log.append([event("E\(index)", #"{"n":\#(index)}"#)], to: stream("show-\(index % 3)"), expecting: .any)
        }
        log.close()
        return store
    }

    /// Changes the raw bytes stored under one key of one database, with the log closed.
    func tamper(_ store: TemporaryStore, database: String, key: [UInt8], _ change: (inout [UInt8]) -> Void) throws {
        let environment = try Environment(path: store.logPath)
        let db = try environment.openDatabase(database)
        try environment.write { txn in
            var bytes = Array(try #require(try txn.get(db, key: key)))
            change(&bytes)
            try txn.put(db, key: key, value: bytes)
        }
    }

    @Test func anIntactLogVerifies() async throws {
        let store = try await filledStore()
        defer { store.remove() }
        let log = try store.open()
        defer { log.close() }
        let report = try log.verify()
        #expect(report == LogVerification(records: 10, streams: 3, problem: nil))
    }

    @Test func aFlippedPayloadByteFailsVerificationAtThatPosition() async throws {
        let store = try await filledStore()
        defer { store.remove() }
        try tamper(store, database: "log", key: BigEndianKey.bytes(6)) { bytes in bytes[bytes.count - 40] ^= 0x01 }
        let log = try store.open()
        defer { log.close() }
        let report = try log.verify()
        #expect(report.problem?.position == GlobalPosition(6))
        #expect(report.problem?.reason.contains("hash chain") == true)
    }

    @Test func aFlippedHeaderByteFailsVerificationAtThatPosition() async throws {
        let store = try await filledStore()
        defer { store.remove() }
        // Byte 20 is the low byte of the stream version.
        try tamper(store, database: "log", key: BigEndianKey.bytes(3)) { bytes in bytes[20] ^= 0x04 }
        let log = try store.open()
        defer { log.close() }
        #expect(try log.verify().problem?.position == GlobalPosition(3))
    }

    @Test func aMissingRecordFailsVerificationAtTheGap() async throws {
        let store = try await filledStore()
        defer { store.remove() }
        do {
            let environment = try Environment(path: store.logPath)
            let db = try environment.openDatabase("log")
            _ = try environment.write { txn in try txn.delete(db, key: BigEndianKey.bytes(4)) }
        }
        let log = try store.open()
        defer { log.close() }
        let problem = try #require(try log.verify().problem)
        #expect(problem.position == GlobalPosition(4))
        #expect(problem.reason == "missing; the next record is at 5")
    }

    @Test func aDamagedStreamIndexFailsVerification() async throws {
        let store = try await filledStore()
        defer { store.remove() }
        let key = Array("show-1".utf8) + [0] + BigEndianKey.bytes(1)
        try tamper(store, database: "streams", key: key) { bytes in bytes = BigEndianKey.bytes(99) }
        let log = try store.open()
        defer { log.close() }
        let problem = try #require(try log.verify().problem)
        // show-1's second event is the fifth record (show-0, show-1, show-2, show-0, show-1).
        #expect(problem.position == GlobalPosition(5))
        #expect(problem.reason.contains("stream index"))
    }
}

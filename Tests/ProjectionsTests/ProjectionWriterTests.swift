import CompactCoding
import Domain
import Foundation
import LMDB
@testable import Projections
import Testing

struct Refused: Error {}

@Suite("Projections: the store's writer")
struct ProjectionWriterTests {
    @Test func batchesCommittedTogetherAllLand() async throws {
        let stores = Stores()
        defer { stores.remove() }
        let store = try stores.store()
        let table = try store.tables("writer-test").even
        try await withThrowingTaskGroup { group in
            for n in 0..<50 {
                group.addTask { try await store.writer.commit { txn in try txn.put(table, key: Array("k\(n)".utf8), value: [UInt8(n)]) } }
            }
            try await group.waitForAll()
        }
        let values = try store.environment.read { txn in try (0..<50).map { try txn.get(table, key: Array("k\($0)".utf8)).map { Array($0) } } }
        #expect(values == (0..<50).map { [UInt8($0)] })
    }

    @Test func aFailingBatchFailsAloneAndWritesNothingOfItself() async throws {
        let stores = Stores()
        defer { stores.remove() }
        let store = try stores.store()
        let table = try store.tables("writer-test").even
        let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for n in 0..<20 {
                group.addTask {
                    do {
                        try await store.writer.commit { txn in
                            try txn.put(table, key: Array("k\(n)".utf8), value: [UInt8(n)])
                            if n == 7 { throw Refused() }
                        }
                        return (n, true)
                    } catch {
                        return (n, false)
                    }
                }
            }
            return try await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes.filter { !$0.value }.map(\.key) == [7])
        let stored = try store.environment.read { txn in try (0..<20).filter { try txn.get(table, key: Array("k\($0)".utf8)) != nil } }
        #expect(stored == (0..<20).filter { $0 != 7 })
    }
}

@Suite("Projections: views stored before they were compact")
struct JSONViewTests {
    /// After an upgrade the old views are served while the version change's rebuild replaces them; views written as
    /// JSON must still read, beside compact ones.
    @Test func aViewWrittenAsJSONIsStillReadBesideCompactOnes() async throws {
        let stores = Stores()
        defer { stores.remove() }
        let store = try stores.store()
        let live = try store.tables(CustomerBookingsProjection.name).even
        let json = Array(#"{"booking":"booking-1"}"#.utf8)
        let compact = try ProjectionStore.encoder.encode(CustomerBookingsProjection.View(booking: BookingID("booking-2")))
        try await store.writer.commit { txn in
            try txn.put(live, key: Array("asha\u{1}1".utf8), value: json)
            try txn.put(live, key: Array("asha\u{1}2".utf8), value: compact)
        }
        #expect(try CustomerBookingsProjection.bookings(of: CustomerID("asha"), from: store) == [BookingID("booking-1"), BookingID("booking-2")])
    }
}

import EventStore
import Foundation
@testable import PostgresLog
import Testing

/// The records a PostgreSQL node keeps for its followers: one gapless run, so a page it answers is what the
/// database would answer, only possibly shorter.
@Suite("PostgresLog: the records kept for followers")
struct RecentRecordsTests {
    @Test func aPageIsAnsweredOnlyFromInsideTheRunAndEndsWithIt() {
        let recent = RecentRecords()
        recent.add(records(5...9))
        #expect(recent.page(from: GlobalPosition(4), limit: 10) == nil)
        #expect(recent.page(from: GlobalPosition(10), limit: 10) == nil)
        #expect(positions(recent.page(from: GlobalPosition(7), limit: 10)) == [7, 8, 9])
        #expect(positions(recent.page(from: GlobalPosition(5), limit: 2)) == [5, 6])
    }

    @Test func recordsThatTouchOrOverlapTheRunJoinItAndOthersStartANewerOneOrAreDropped() {
        let recent = RecentRecords()
        recent.add(records(5...9))
        recent.add(records(10...12))
        recent.add(records(2...6))
        #expect(positions(recent.page(from: GlobalPosition(2), limit: 100)) == Array(2...12))
        // Newer with a gap: the run starts over there (what lies between is read from the database). Older with a
        // gap: dropped.
        recent.add(records(20...21))
        #expect(recent.page(from: GlobalPosition(12), limit: 100) == nil)
        #expect(positions(recent.page(from: GlobalPosition(20), limit: 100)) == [20, 21])
        recent.add(records(15...16))
        #expect(recent.page(from: GlobalPosition(15), limit: 100) == nil)
        recent.add(records(13...19))
        #expect(positions(recent.page(from: GlobalPosition(13), limit: 100)) == Array(13...21))
    }

    @Test func pastItsCapacityTheOldestHalfGoes() {
        let recent = RecentRecords(capacity: 10)
        recent.add(records(1...11))
        #expect(recent.page(from: GlobalPosition(6), limit: 100) == nil)
        #expect(positions(recent.page(from: GlobalPosition(7), limit: 100)) == Array(7...11))
    }

    private func records(_ range: ClosedRange<UInt64>) -> [RecordedEvent] {
        range.map { position in
            RecordedEvent(position: GlobalPosition(position), stream: stream("show-1"), streamVersion: StreamVersion(position - 1),
                          type: "E", recordedAt: Date(timeIntervalSince1970: 0), id: EventID.random(), correlationID: nil,
                          causationID: nil, payload: Data(), hash: .genesis)
        }
    }

    private func positions(_ page: [RecordedEvent]?) -> [UInt64]? { page?.map(\.position.rawValue) }
}

import EventStore
import Foundation

/// Reads of the whole log, decoded, beside a bare cursor walk of the same records.
enum ReadBenchmark {
    /// Appends 1000-event batches until the log holds at least `records`; returns the head.
    static func fill(_ log: LMDBEventLog, to records: Int, payload: Int) async throws -> UInt64 {
        let body = Data(repeating: UInt8(ascii: "y"), count: payload)
        var head = try await log.head().rawValue
        var batch = 0
        while head < UInt64(records) {
            let events = (0..<1000).map { _ in NewEvent(id: EventID.random(), type: "BenchEvent", payload: body) }
            let stream = try StreamName(category: "fill", id: String(batch))
            guard case .appended(let appended) = try await log.append(events, to: stream, expecting: .any) else { continue }
            head = appended.lastPosition.rawValue
            batch += 1
        }
        return head
    }

    /// Decoded records per second over the whole log, in pages, each handed to `each` before the next is read.
    static func readAll(
        _ log: LMDBEventLog, pageSize: Int = 4096, each: ([RecordedEvent]) throws -> Void = { _ in }
    ) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        var next = GlobalPosition(1)
        var count = 0
        while true {
            let page = try await log.read(from: next, limit: pageSize)
            guard let last = page.last else { break }
            try each(page)
            count += page.count
            next = last.position.next
        }
        return Double(count) / (clock.now - start).seconds
    }

    /// Records per second through `scan`, touching each record's type, stream and payload in place.
    static func scanAll(_ log: LMDBEventLog) throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        var payloadBytes = 0
        var benchEvents = 0
        let count = try log.scan(from: .start) { record in
            payloadBytes &+= record.payload.count
            if record.hasType("BenchEvent") { benchEvents += 1 }
            return true
        }
        precondition(benchEvents <= Int(count) && payloadBytes > 0, "the scan saw no payloads")
        return Double(count) / (clock.now - start).seconds
    }

    /// Bare cursor-walk records per second.
    static func rawScan(_ log: LMDBEventLog) throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        let count = try log.scanRecords().records
        return Double(count) / (clock.now - start).seconds
    }
}

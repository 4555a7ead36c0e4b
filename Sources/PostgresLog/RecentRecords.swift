import EventStore
import Synchronization

/// The newest records this node wrote or read, one contiguous run of positions, which its followers page through
/// instead of each asking the database. A node runs a dozen followers (projections, rooms, reactors, the
/// scheduler's), each reading every record: measured over one HTTP hold run, 2,206 page queries returned 148,416
/// rows, each decoded again, for about 15,000 records. Here the records this node commits go in as it wrote them
/// (never decoded), and a page another node wrote is read and decoded once.
///
/// Only committed records enter, and only as a contiguous run, so a page served from here is exactly what the
/// database would answer: a follower asking past the run's end goes to the database (and whatever it reads joins
/// the run when it touches it).
final class RecentRecords: Sendable {
    private struct Run {
        /// Records by position, from `records[0].position` on, gapless.
        var records: [RecordedEvent] = []

        var first: UInt64 { records.first?.position.rawValue ?? 0 }
        var last: UInt64 { records.last?.position.rawValue ?? 0 }
    }

    /// The most records kept; past it the oldest half goes (followers that far behind read the database).
    let capacity: Int
    private let run = Mutex(Run())

    init(capacity: Int = 16_384) { self.capacity = max(2, capacity) }

    /// Up to `limit` records from `position` on, if the run holds `position`; else `nil` (ask the database).
    func page(from position: GlobalPosition, limit: Int) -> [RecordedEvent]? {
        run.withLock { run -> [RecordedEvent]? in
            let start = max(position.rawValue, 1)
            guard !run.records.isEmpty, start >= run.first, start <= run.last else { return nil }
            let offset = Int(start - run.first)
            return Array(run.records[offset..<min(run.records.count, offset + max(0, limit))])
        }
    }

    /// Adds committed records in position order, without gaps among them. Joined to the run when they touch or
    /// overlap it; a run that they leave a gap after is replaced (they are newer); older ones are dropped.
    func add(_ records: [RecordedEvent]) {
        guard let newFirst = records.first?.position.rawValue, let newLast = records.last?.position.rawValue else { return }
        run.withLock { run in
            if run.records.isEmpty || newFirst > run.last + 1 {
                run.records = records
            } else if newLast + 1 >= run.first {
                let before = records.prefix { $0.position.rawValue < run.first }
                let after = records.drop { $0.position.rawValue <= run.last }
                if !before.isEmpty { run.records.insert(contentsOf: before, at: 0) }
                run.records.append(contentsOf: after)
            }
            if run.records.count > capacity { run.records.removeFirst(run.records.count - capacity / 2) }
        }
    }
}

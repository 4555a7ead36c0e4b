/// Copies a whole log into an empty one of any backend (LMDB to PostgreSQL and back): every record byte for byte,
/// each checked against its own hash on the way, then the pending schedule; finally both logs are read again side
/// by side and compared record by record.
public enum LogCopy {
    public struct Summary: Sendable, Equatable {
        public var records: UInt64
        public var schedules: Int
        public var lastHash: ChainHash
    }

    public static func copy(
        from source: any PortableLog, to target: any PortableLog, pageSize: Int = 5_000,
        progress: (_ copied: GlobalPosition, _ head: GlobalPosition) -> Void = { _, _ in }
    ) async throws(EventStoreError) -> Summary {
        guard try await target.head() == .start else {
            throw EventStoreError(.invalidArgument, "a copy goes into an empty log; the target already holds records")
        }
        let head = try await source.head()
        var previous = ChainHash.genesis
        var position = GlobalPosition.start
        while true {
            let page = try await source.read(from: position.next, limit: pageSize)
            guard let last = page.last else { break }
            var records: [[UInt8]] = []
            records.reserveCapacity(page.count)
            for record in page {
                let (bytes, hash) = RecordEncoding.bytes(of: record, previousHash: previous)
                guard hash == record.hash else {
                    throw EventStoreError(.corrupted, "record \(record.position) of the source does not match its hash; verify the source")
                }
                records.append(bytes)
                previous = hash
            }
            try await target.importRecords(records)
            position = last.position
            progress(position, max(head, position))
        }
        let schedules = try await source.pendingSchedule(limit: .max)
        for scheduled in schedules { try await target.schedule(scheduled) }
        try await compare(source, target, through: position, pageSize: pageSize)
        guard try await target.pendingSchedule(limit: .max) == schedules else {
            throw EventStoreError(.corrupted, "the copy's pending schedule differs from the source's")
        }
        return Summary(records: position.rawValue, schedules: schedules.count, lastHash: previous)
    }

    /// Reads both logs again through `position` and requires every record to be the same, hash included.
    private static func compare(_ source: any EventLog, _ target: any EventLog, through end: GlobalPosition, pageSize: Int) async throws(EventStoreError) {
        var position = GlobalPosition.start
        while position < end {
            let original = try await source.read(from: position.next, limit: pageSize)
            let copied = try await target.read(from: position.next, limit: pageSize)
            // Either may answer a shorter page than the other (a page is "up to" its limit): compare what both hold.
            let count = min(original.count, copied.count)
            guard count > 0, original.prefix(count) == copied.prefix(count) else {
                let differs = zip(original, copied).first { $0 != $1 }?.0.position ?? position.next
                throw EventStoreError(.corrupted, "the copy differs from the source at position \(differs)")
            }
            position = original[count - 1].position
        }
    }
}

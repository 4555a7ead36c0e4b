/// Catch-up then live: pages of records after a position, read from the log and woken by commits.
///
/// The head notifications are registered before the first read, and every page is read by position from the
/// last delivered one, so the switch from catching up to live can neither miss nor repeat a record.
public struct LogSubscription: AsyncSequence, Sendable {
    public typealias Element = [RecordedEvent]
    public typealias Failure = EventStoreError

    let log: any EventLog
    let after: GlobalPosition
    let pageSize: Int

    public func makeAsyncIterator() -> Iterator {
        Iterator(log: log, delivered: after, pageSize: pageSize, heads: log.heads().makeAsyncIterator())
    }

    /// Yields non-empty pages in log order; ends when the log closes. While the log is unavailable (`.unavailable`:
    /// a shared log's database restarting) it waits and reads again; any other failure ends it.
    public struct Iterator: AsyncIteratorProtocol {
        let log: any EventLog
        var delivered: GlobalPosition
        let pageSize: Int
        var heads: AsyncStream<GlobalPosition>.Iterator
        var knownHead = GlobalPosition.start
        /// The pause before reading again while the log is unavailable.
        var outage = OutagePause()

        public mutating func next(isolation actor: isolated (any Actor)? = #isolation) async throws(EventStoreError) -> [RecordedEvent]? {
            while true {
                if knownHead > delivered {
                    let page: [RecordedEvent]
                    do {
                        page = try await log.followPage(from: delivered.next, limit: pageSize)
                        outage.reset()
                    } catch where error.code == .unavailable && !Task.isCancelled {
                        // A log that cannot be reached for now (a database restarting): read the same page again
                        // after a pause that doubles up to two seconds, rather than end every follower.
                        do { try await Task.sleep(for: outage.next()) } catch { throw EventStoreError(.closed, "the subscription was cancelled") }
                        continue
                    }
                    if let last = page.last {
                        delivered = last.position
                        return page
                    }
                }
                guard let head = await heads.next(isolation: actor) else { return nil }
                knownHead = head
            }
        }

        public mutating func next() async throws(EventStoreError) -> [RecordedEvent]? {
            try await next(isolation: nil)
        }
    }
}

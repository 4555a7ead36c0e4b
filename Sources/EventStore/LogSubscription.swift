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

    /// Yields non-empty pages in log order; ends when the log closes.
    public struct Iterator: AsyncIteratorProtocol {
        let log: any EventLog
        var delivered: GlobalPosition
        let pageSize: Int
        var heads: AsyncStream<GlobalPosition>.Iterator
        var knownHead = GlobalPosition.start

        public mutating func next(isolation actor: isolated (any Actor)? = #isolation) async throws(EventStoreError) -> [RecordedEvent]? {
            while true {
                if knownHead > delivered {
                    let page = try await log.read(from: delivered.next, limit: pageSize)
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

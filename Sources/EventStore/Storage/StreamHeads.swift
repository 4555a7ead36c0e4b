/// The writer's memory of stream heads: every stream it has looked up or appended to, so an append costs a
/// dictionary lookup instead of a B-tree search. Only the writer thread touches it. After a failed batch the
/// writer forgets everything (`reset`), since the cache may hold heads of writes that never committed.
final class StreamHeads: @unchecked Sendable {
    /// The most streams remembered; past it the cache starts over (lookups then fall back to the index).
    let limit: Int
    private var heads: [StreamName: StreamVersion?] = [:]

    init(limit: Int = 1_000_000) { self.limit = limit }

    /// The remembered head: `nil` when unknown, `.some(nil)` when the stream is known to have no events.
    func remembered(_ stream: StreamName) -> StreamVersion?? { heads[stream] }

    /// Remembers a head that was looked up or just written.
    func remember(_ stream: StreamName, _ version: StreamVersion?) {
        if heads.count >= limit && heads[stream] == nil { heads.removeAll(keepingCapacity: true) }
        heads[stream] = .some(version)
    }

    /// Forgets every head (after a batch that did not commit).
    func reset() { heads.removeAll(keepingCapacity: true) }
}

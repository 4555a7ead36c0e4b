import Synchronization

/// Stream-index entries of records that are committed to the log but not yet written to the `streams`
/// database, for readers to merge with what the database holds.
///
/// Why the index is written behind the log: LMDB commits copy-on-write, so every commit rewrites each B-tree page
/// it touched. The log itself is appended in order and touches few pages, but index entries of many active
/// streams land on as many different pages. Writing them every commit made a 500-append commit write several
/// megabytes (measured: group commit at 0.06x raw LMDB). Written once a second, or every few thousand entries,
/// the same pages are written once for many commits. The log stays the source of truth: on open, entries past the
/// index's checkpoint are rebuilt from the log before any append.
final class StreamIndexBacklog: Sendable {
    /// One stream version's position.
    struct Entry: Sendable, Equatable {
        var version: UInt64
        var position: UInt64
    }

    private struct State {
        var byStream: [StreamName: [Entry]] = [:]
        /// Entries at or below this position have been dropped (they are in the database).
        var prunedThrough: UInt64
    }

    private let state: Mutex<State>

    init(indexedThrough: UInt64) { state = Mutex(State(prunedThrough: indexedThrough)) }

    /// Adds the entries of a batch about to commit (writer only, in log order).
    func add(_ entries: [IndexEntry]) {
        guard !entries.isEmpty else { return }
        state.withLock { state in
            for entry in entries {
                state.byStream[entry.stream, default: []].append(Entry(version: entry.version, position: entry.position))
            }
        }
    }

    /// Drops entries past `position`: their transaction did not commit (writer only).
    func discard(after position: UInt64) {
        state.withLock { state in
            state.byStream = state.byStream.compactMapValues { entries in
                let kept = entries.filter { $0.position <= position }
                return kept.isEmpty ? nil : kept
            }
        }
    }

    /// Drops entries at or below `position`, which a flush committed to the database earlier.
    func prune(through position: UInt64) {
        state.withLock { state in
            guard position > state.prunedThrough else { return }
            state.prunedThrough = position
            state.byStream = state.byStream.compactMapValues { entries in
                let kept = entries.filter { $0.position > position }
                return kept.isEmpty ? nil : kept
            }
        }
    }

    /// The entries of `stream` with positions in `(after, through]`, in version order; `nil` when some of them
    /// were already dropped (the caller's snapshot is older than the last two flushes and must scan the log).
    func entries(of stream: StreamName, after: UInt64, through: UInt64) -> [Entry]? {
        state.withLock { state in
            guard state.prunedThrough <= after else { return nil }
            return (state.byStream[stream] ?? []).filter { $0.position > after && $0.position <= through }
        }
    }
}

/// A stream-index entry produced by a write: the key it will have in the `streams` database.
struct IndexEntry: Sendable {
    var stream: StreamName
    var version: UInt64
    var position: UInt64
}

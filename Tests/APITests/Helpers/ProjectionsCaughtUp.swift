import API
import EventStore
import Projections
import Testing

/// Waits (at most `limit`) until every projection of the catalog has applied `head` in `store`.
func waitForProjections(toReach head: GlobalPosition, in store: ProjectionStore, atMost limit: Duration = .seconds(30)) async throws {
    let deadline = ContinuousClock.now + limit
    for entry in ProjectionCatalog.all {
        while (try store.checkpoint(of: entry.name)?.position ?? .start) < head, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// Rebuilds every projection of the catalog from `log` into `fresh` and expects its rows, key for key and byte for
/// byte, to be the ones `live` holds at `head` (which every live projection must have reached).
func expectViewsEqualARebuild(log: any EventLog, live: ProjectionStore, fresh: ProjectionStore, head: GlobalPosition, note: String) async throws {
    for entry in ProjectionCatalog.all {
        #expect((try live.checkpoint(of: entry.name)?.position ?? .start) == head, "\(note): \(entry.name) caught up")
        _ = try await entry.rebuild(log: log, store: fresh)
        let (mine, theirs) = (try live.rows(entry.name), try fresh.rows(entry.name))
        #expect(mine.map(\.key) == theirs.map(\.key) && mine.map(\.value) == theirs.map(\.value), "\(note): \(entry.name) differs from a rebuild")
    }
}

import API
import EventStore
import Projections

/// Waits (at most `limit`) until every projection of the catalog has applied `head` in `store`.
func waitForProjections(toReach head: GlobalPosition, in store: ProjectionStore, atMost limit: Duration = .seconds(30)) async throws {
    let deadline = ContinuousClock.now + limit
    for entry in ProjectionCatalog.all {
        while (try store.checkpoint(of: entry.name)?.position ?? .start) < head, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

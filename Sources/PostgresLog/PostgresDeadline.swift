import EventStore
import PostgresNIO
import Synchronization

/// How long a read or a batch of writes may wait for a connection. postgres-nio's pool waits for one for as long as
/// the server is away (a restart, a failover), so without a bound a request during an outage would hang; with it,
/// the caller gets `.unavailable` (the API's 503) and may retry: appends are idempotent by event id. The wait for a
/// connection is bounded tightly; a query, which may run long on a busy server, only against being lost.
enum PostgresDeadline {
    /// A hold reads its stream and then appends, so a request during an outage is answered within twice this.
    static let connectionWithin: Duration = .seconds(4)
    /// How long a query may run on its connection before it counts as lost (a busy server answers well within it).
    static let stuckAfter: Duration = .seconds(30)

    /// Runs `operation` on a connection of `client`, answered `.unavailable` when none is leased within `limit`;
    /// the operation is then cancelled without being waited for (a task group would wait for it), so a lease stuck
    /// on a server that went away cannot hold up the writer's queue.
    static func withConnection<T: Sendable>(
        _ client: PostgresClient, _ doing: String, within limit: Duration = connectionWithin,
        _ operation: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let race = Race<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                // Stored before either task can answer.
                race.waiting.withLock { $0 = continuation }
                let timer = race.giveUp(after: limit, "PostgreSQL gave no connection within \(limit) \(doing)")
                let running = Task {
                    do {
                        race.answer(.success(try await client.withConnection { connection in
                            timer.cancel()
                            // A query on a connection the server dropped without a word can wait forever: past
                            // `stuckAfter` it is answered `.unavailable` and left behind.
                            let stuck = race.giveUp(after: stuckAfter, "PostgreSQL did not answer within \(stuckAfter) \(doing)")
                            defer { stuck.cancel() }
                            return try await operation(connection)
                        }))
                    } catch {
                        race.answer(.failure(error))
                    }
                    timer.cancel()
                }
                race.work.withLock { $0 = running }
            }
        } onCancel: {
            race.work.withLock { $0 }?.cancel()
        }
    }

    /// The operation and its timer racing to answer one waiting caller; the first answer wins.
    private final class Race<T: Sendable>: Sendable {
        let waiting = Mutex<CheckedContinuation<T, any Error>?>(nil)
        let work = Mutex<Task<Void, Never>?>(nil)

        /// After `limit`, unless cancelled first: answers `.unavailable` with `message` and cancels the operation.
        func giveUp(after limit: Duration, _ message: String) -> Task<Void, Never> {
            Task {
                guard (try? await Task.sleep(for: limit)) != nil else { return }
                answer(.failure(EventStoreError(.unavailable, message)))
                work.withLock { $0 }?.cancel()
            }
        }

        func answer(_ result: Result<T, any Error>) {
            waiting.withLock { continuation in
                defer { continuation = nil }
                return continuation
            }?.resume(with: result)
        }
    }
}

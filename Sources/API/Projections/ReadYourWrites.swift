import EventStore
import Hummingbird
import Projections

/// `?after=N` on a read: wait (bounded) until the projection behind it has applied log position N, so a client
/// that just got N from a command sees its own write. A position past the log's head is the client's mistake.
struct ReadYourWrites {
    let log: any EventLog
    /// How long a read waits for the projection to reach the asked position before answering 503.
    static let catchUpLimit = Duration.seconds(5)

    func await<P: Projection>(_ request: Request, _ runner: ProjectionRunner<P>) async throws {
        guard let after = request.uri.queryParameters.get("after") else { return }
        guard let position = UInt64(after) else {
            throw APIError.invalidQuery("after must be a log position (a whole number)")
        }
        let head: GlobalPosition
        do {
            head = try await log.head()
        } catch {
            throw APIError.storeUnavailable()
        }
        guard position <= head.rawValue else {
            throw APIError.invalidQuery("after is \(position), beyond the log's head \(head)")
        }
        guard await runner.wait(until: GlobalPosition(position), atMost: Self.catchUpLimit) else {
            throw APIError.projectionBehind("the \(P.name) view has not reached position \(position) yet; try again")
        }
    }
}

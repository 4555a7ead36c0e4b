import App
import Domain
import DomainEvents
import EventStore

/// Ended sessions, kept in the log (a `session-<id>` stream per ended session), so a logout holds across restarts
/// and every node sees it. Checking a token is one lookup of the stream's version, no projection to lag behind.
struct SessionRevocations: Sendable {
    let sessions: CommandHandler<Session>
    let log: any EventLog

    /// Ends the session `id` of `account`; ending it again changes nothing.
    func end(_ id: String, account: String, now: Instant) async throws(APIError) {
        do {
            _ = try await sessions.handle(.end(account: account, now: now), on: try Self.stream(id))
        } catch {
            throw APIError.storeUnavailable()
        }
    }

    /// Whether `id` was ended.
    func isEnded(_ id: String) async throws(APIError) -> Bool {
        do {
            return try await log.version(of: try Self.stream(id)) != nil
        } catch {
            throw APIError.storeUnavailable()
        }
    }

    private static func stream(_ id: String) throws(EventStoreError) -> StreamName {
        try Session.stream(id)
    }
}

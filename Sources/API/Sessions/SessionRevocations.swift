import App
import Domain
import DomainEvents
import EventStore
import Foundation

/// Ended sessions, kept in the log (a `session-<id>` stream per ended session), so a logout holds across restarts
/// and every node sees it. Checking a token is one lookup of the stream's version, no projection to lag behind; on a
/// shared log, where that lookup is a database round trip, memory answers what it can (`EndedSessions`).
struct SessionRevocations: Sendable {
    let sessions: CommandHandler<Session>
    let log: any EventLog
    let memory: EndedSessions?

    /// Ends the session `id` of `account`; ending it again changes nothing.
    func end(_ id: String, account: String, now: Instant) async throws(APIError) {
        do {
            _ = try await sessions.handle(.end(account: account, now: now), on: try Self.stream(id))
            memory?.ended(id)
        } catch {
            throw APIError.storeUnavailable()
        }
    }

    /// Whether `id` was ended.
    /// Whether the session `id`, whose token was issued at `issued`, was ended.
    func isEnded(_ id: String, issued: Date) async throws(APIError) -> Bool {
        if let known = memory?.known(id, issued: issued) { return known }
        let following = memory?.isFollowing ?? false
        do {
            let ended = try await log.version(of: try Self.stream(id)) != nil
            memory?.looked(up: id, ended: ended, followingBefore: following)
            return ended
        } catch {
            throw APIError.storeUnavailable()
        }
    }

    private static func stream(_ id: String) throws(EventStoreError) -> StreamName {
        try Session.stream(id)
    }
}

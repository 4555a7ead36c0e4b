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

    /// Ends every session of `account` issued before `now` (its erasure): the account's own `session-<account>`
    /// stream says until when.
    func endEvery(of account: String, now: Instant) async throws(APIError) {
        do {
            _ = try await sessions.handle(.endEvery(account: account, now: now), on: try Self.stream(account))
            memory?.ended(account: account, at: now.date)
        } catch {
            throw APIError.storeUnavailable()
        }
    }

    /// Whether every session of `account` issued at `issued` was ended (the customer was erased). A customer
    /// never erased has no such stream, which the lookup of its version tells.
    func isEveryEnded(of account: String, issued: Date) async throws(APIError) -> Bool {
        if let known = memory?.known(account: account, issued: issued) { return known }
        let following = memory?.isFollowing ?? false
        do {
            let stream = try Self.stream(account)
            guard try await log.version(of: stream) != nil else {
                memory?.looked(up: account, endedAt: nil, followingBefore: following)
                return false
            }
            let endedAt = try await sessions.state(of: stream).endedAt?.date
            memory?.looked(up: account, endedAt: endedAt, followingBefore: following)
            return endedAt.map { issued <= $0 } ?? false
        } catch {
            throw APIError.storeUnavailable()
        }
    }

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

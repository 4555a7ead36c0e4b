import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// On a log several nodes share, whether a session ended, answered from memory: checking the log for every
/// authenticated request was one database round trip per request (the most frequent query a node sent while
/// customers held seats, 8,142 of them in one three-second run).
///
/// The node follows the log from the head it read when it started, so every session ended after that reaches
/// `ended` (this node's own logouts at once, other nodes' within the follower's lag, as any replicated session store
/// has). A session whose token was issued after following began (with `clockSkew` to spare for another node's
/// clock) can only have ended after it, so the follower has seen its end if there is one: no lookup at all. An older
/// session not known either way is looked up in the log once, after following began: a "not ended" then covers
/// everything before the lookup, and the follower everything after it. Until the follower runs, and if it stops,
/// every check goes to the log as before.
final class EndedSessions: Service, Sendable {
    private struct State {
        var following = false
        /// When following began (after the head it starts from was read).
        var since = Date.distantFuture
        var ended: Set<String> = []
        var notEnded: Set<String> = []
        /// Accounts whose every session issued until then was ended (erased customers), and accounts known not to be.
        var accountsEnded: [String: Date] = [:]
        var accountsNotEnded: Set<String> = []
    }

    private let log: any EventLog
    private let logger: Logger
    private let state = Mutex(State())
    /// Sessions known not to be ended, at most; past it they are looked up again.
    private let capacity: Int

    init(log: any EventLog, logger: Logger, capacity: Int = 100_000) {
        self.log = log
        self.logger = logger
        self.capacity = max(1, capacity)
    }

    /// How far apart the nodes' clocks may be (they run NTP); a token issued less than this after following
    /// began is looked up.
    static let clockSkew: TimeInterval = 30

    /// What memory says about `session`, whose token was issued at `issued`: `nil` when it has to be looked up.
    func known(_ session: String, issued: Date) -> Bool? {
        state.withLock { state -> Bool? in
            guard state.following else { return nil }
            if state.ended.contains(session) { return true }
            if state.notEnded.contains(session) { return false }
            return issued > state.since.addingTimeInterval(Self.clockSkew) ? false : nil
        }
    }

    /// What memory says about the sessions of `account` issued at `issued`: `nil` when it has to be looked up.
    func known(account: String, issued: Date) -> Bool? {
        state.withLock { state -> Bool? in
            guard state.following else { return nil }
            if let endedAt = state.accountsEnded[account] { return issued <= endedAt }
            if state.accountsNotEnded.contains(account) { return false }
            // Issued after following began: an erasure before that ended nothing issued later, and one after it
            // is one the follower reads.
            return issued > state.since.addingTimeInterval(Self.clockSkew) ? false : nil
        }
    }

    /// Keeps what a lookup of `account`'s sessions made after following began found.
    func looked(up account: String, endedAt: Date?, followingBefore: Bool) {
        guard followingBefore else { return }
        state.withLock { state in
            guard state.following else { return }
            if let endedAt {
                state.accountsEnded[account] = endedAt
            } else {
                if state.accountsNotEnded.count >= capacity { state.accountsNotEnded.removeAll(keepingCapacity: true) }
                state.accountsNotEnded.insert(account)
            }
        }
    }

    /// This node ended every session of `account` until `at`.
    func ended(account: String, at: Date) {
        state.withLock { state in
            state.accountsNotEnded.remove(account)
            state.accountsEnded[account] = max(at, state.accountsEnded[account] ?? at)
        }
    }

    /// Keeps what a lookup made after following began found.
    func looked(up session: String, ended: Bool, followingBefore: Bool) {
        guard followingBefore else { return }
        state.withLock { state in
            guard state.following else { return }
            if ended {
                state.ended.insert(session)
            } else {
                if state.notEnded.count >= capacity { state.notEnded.removeAll(keepingCapacity: true) }
                state.notEnded.insert(session)
            }
        }
    }

    /// Whether the follower runs now (a lookup made while it does may be kept).
    var isFollowing: Bool { state.withLock { $0.following } }

    /// This node ended `session`: refused here at once.
    func ended(_ session: String) {
        state.withLock { state in
            state.notEnded.remove(session)
            state.ended.insert(session)
        }
    }

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await self.follow() }
        } catch is CancellationError {
            return
        } catch {
            logger.error("following ended sessions stopped; sessions are checked in the log again", metadata: ["error": "\(error)"])
        }
        // The checks went back to the log and the server keeps serving: a service that returned would stop it.
        try await gracefulShutdown()
    }

    private func follow() async throws {
        defer { state.withLock { $0 = State() } }
        let start = try await log.head()
        let since = Date()
        state.withLock { state in
            state.following = true
            state.since = since
        }
        for try await page in log.subscribe(after: start) {
            let ends = page.filter { $0.stream.isIn(category: Session.category) }
            guard !ends.isEmpty else { continue }
            // A session's end is on the session's stream; an account's every session's (an erasure) on the
            // account's own, which its event names. A record that does not read as one is a session's end, as
            // every session record was before accounts had theirs: the follower must not stop on it.
            var accounts: [(String, Date)] = []
            for end in ends {
                if case .ended(let ended)?? = try? EventEncoding.decode(Session.self, end), ended.account == end.stream.id {
                    accounts.append((end.stream.id, ended.at.date))
                }
            }
            state.withLock { state in
                for end in ends where !accounts.contains(where: { $0.0 == end.stream.id }) {
                    state.notEnded.remove(end.stream.id)
                    state.ended.insert(end.stream.id)
                }
                for (account, at) in accounts {
                    state.accountsNotEnded.remove(account)
                    state.accountsEnded[account] = max(at, state.accountsEnded[account] ?? at)
                }
            }
        }
    }
}

@testable import API
import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing
import TestSupport

/// What a node over a shared log answers from memory about ended sessions, and when it must ask the log.
@Suite("API: ended sessions kept in memory on a shared log")
struct EndedSessionsTests {
    @Test(.timeLimit(.minutes(1)))
    func memoryAnswersOnlyWhatTheFollowerCovers() async throws {
        let log = InMemoryEventLog()
        let memory = EndedSessions(log: log, logger: Logger(label: "test"))
        // Not following yet: every check goes to the log.
        #expect(memory.known("early", issued: Date().addingTimeInterval(3600)) == nil)

        let following = Task { try await memory.run() }
        defer { following.cancel() }
        while !memory.isFollowing { try await Task.sleep(for: .milliseconds(5)) }

        // A token issued before following began (or within the clock skew after): looked up once, then kept.
        #expect(memory.known("older", issued: Date()) == nil)
        memory.looked(up: "older", ended: false, followingBefore: true)
        #expect(memory.known("older", issued: Date()) == false)
        // A lookup begun before following began is not kept: the follower may have missed what it missed.
        memory.looked(up: "racing", ended: false, followingBefore: false)
        #expect(memory.known("racing", issued: Date()) == nil)
        // Issued well after following began: its end, if any, is one the follower reads.
        let fresh = Date().addingTimeInterval(EndedSessions.clockSkew + 1)
        #expect(memory.known("fresh", issued: fresh) == false)

        // Another node's logout reaches memory through the log; this node's own at once.
        _ = try await log.append([NewEvent(id: EventID.random(), type: "SessionEnded", payload: Data("{}".utf8))],
                                 to: try Session.stream("fresh"), expecting: .noStream)
        #expect(try await eventually { memory.known("fresh", issued: fresh) == true })
        memory.ended("older")
        #expect(memory.known("older", issued: Date()) == true)
    }

    /// An erasure ends every session of the account issued until it, on the account's own stream: memory learns
    /// it from the log and refuses those tokens, while a token issued after (the address signed up again) works.
    @Test(.timeLimit(.minutes(1)))
    func anAccountsErasureEndsTheTokensIssuedUntilItAndNoLaterOnes() async throws {
        let log = InMemoryEventLog()
        let memory = EndedSessions(log: log, logger: Logger(label: "test"))
        let following = Task { try await memory.run() }
        defer { following.cancel() }
        while !memory.isFollowing { try await Task.sleep(for: .milliseconds(5)) }

        #expect(memory.known(account: "customer-a", issued: Date()) == nil, "not known either way: looked up")
        let at = Instant(millisecondsSince1970: Instant.now().rawValue + 5_000)
        let ended = try EventEncoding.newEvents(Session.self, [.ended(SessionEnded(account: "customer-a", at: at))])
        _ = try await log.append(ended, to: try Session.stream("customer-a"), expecting: .noStream)
        #expect(try await eventually { memory.known(account: "customer-a", issued: at.date.addingTimeInterval(-1)) == true })
        #expect(memory.known(account: "customer-a", issued: at.date.addingTimeInterval(1)) == false)
        // The account's end is not a session's: a session of that id is still looked up as before.
        #expect(memory.known("customer-a", issued: Date()) == nil)
        #expect(memory.known(account: "customer-b", issued: Date()) == nil)
        // A token issued well after following began needs no lookup: an erasure since is one the follower read.
        #expect(memory.known(account: "customer-b", issued: Date().addingTimeInterval(EndedSessions.clockSkew + 1)) == false)
    }

    /// A follower that cannot read the log leaves every check to the log and keeps its service running: a service
    /// that returned would end the group, and with it the server.
    @Test(.timeLimit(.minutes(1)))
    func aFollowerThatFailsLeavesTheChecksToTheLogAndTheServerRunning() async throws {
        let log = InMemoryEventLog()
        log.failReads(EventStoreError(.io, "the disk went away"))
        let memory = EndedSessions(log: log, logger: Logger(label: "test"))
        let group = ServiceGroup(services: [memory], logger: Logger(label: "test"))
        let ended = Flag()
        let running = Task {
            try await group.run()
            ended.raise()
        }
        try await Task.sleep(for: .milliseconds(300))
        #expect(!memory.isFollowing)
        #expect(memory.known("any", issued: Date().addingTimeInterval(3600)) == nil)
        #expect(!ended.isRaised, "the group ended with the follower")
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(ended.isRaised)
    }

    private final class Flag: Sendable {
        private let raised = Atomic<Bool>(false)
        func raise() { raised.store(true, ordering: .relaxed) }
        var isRaised: Bool { raised.load(ordering: .relaxed) }
    }
}

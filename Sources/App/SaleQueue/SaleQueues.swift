public import Crypto
public import Domain
public import DomainEvents
public import EventStore
import Foundation
import Synchronization

/// On-sale queues over the log: an organizer puts a show's sale behind one, customers arrive, the queue opens and
/// admits them at its rate, and an admitted customer's signed pass lets them hold until it runs out.
///
/// The queue's seed (what draws the early arrivals' order) is 32 random bytes kept in the shared storage, never in
/// the log, which exports carry: the log holds only its SHA-256 until the opening reveals it, so nobody can know the
/// order before the arrivals close, and anyone can check it after.
public struct SaleQueues: Sendable {
    public let log: any EventLog
    public let queues: CommandHandler<SaleQueue>
    public let shows: CommandHandler<Show>
    public let storage: any SharedStorage
    /// Signs passes (`QueuePass`).
    public let passKey: SymmetricKey
    private let queued = QueuedShows()

    /// How long a show known to have no queue is taken to have none before asking the log again: how soon a queue
    /// configured through another node is enforced here.
    public static let unqueuedFor: Duration = .seconds(2)
    /// A queue's step, while anyone waits.
    public static let tick: Duration = .seconds(1)

    /// Where a customer stands.
    public struct Standing: Sendable, Equatable {
        public enum Status: String, Sendable { case none, beforeOpening = "before_opening", waiting, admitted, passExpired = "pass_expired" }
        public var status: Status
        public var opensAt: Instant
        /// The customer's place in the order (1 is first), once the opening has drawn it: less the number admitted
        /// (which the queue's room announces), how many are ahead.
        public var place: Int?
        /// How many are ahead (0: next), once the opening has drawn the order.
        public var ahead: Int?
        /// `ahead` at the queue's rate.
        public var estimate: Duration?
        public var pass: String?
        public var passExpiresAt: Instant?
    }

    /// Puts `show`'s sale behind a queue opening at `opensAt`: the seed is made (or the one made already is taken:
    /// the first stored stays), its hash configured, and the opening's timer set in the same commit.
    public func configure(_ show: ShowID, by organizer: OrganizerID, opensAt: Instant, admitPerMinute: Int, passMinutes: Int,
                          now: Instant) async throws -> GlobalPosition? {
        let state = try await showState(show)
        guard state.status != .none else { throw AppFailure.notFound("event \(show)") }
        guard state.configuration?.organizer == organizer else { throw AppFailure.show(.notTheOrganizer, show) }
        guard [.draft, .submitted, .approved].contains(state.status) else { throw AppFailure.show(.notOnSale(state.status), show) }
        var fresh = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in fresh.indices { fresh[index] = UInt8.random(in: 0...255, using: &generator) }
        let seed = try await storage.store(Data(fresh), as: try Self.seedName(show))
        let hash = Array(SHA256.hash(data: seed))
        let tick = try QueueTickDue(show: show, at: opensAt).scheduled()
        let stream = try SaleQueue.stream(show)
        do {
            let (outcome, _) = try await queues.handle(
                .configure(organizer: organizer, opensAt: opensAt, admitPerMinute: admitPerMinute, passMinutes: passMinutes, seedHash: hash, now: now),
                on: stream) { _, _ in LogTransaction(appends: [], schedules: [tick]) }
            queued.set(show, true)
            return outcome.lastPosition
        } catch {
            throw AppFailure(queue: error, show: show)
        }
    }

    /// The customer arrives (again: the same place). After the opening, a queue nobody waited in has its next step
    /// brought forward to now.
    public func arrive(_ show: ShowID, customer: CustomerID, now: Instant) async throws -> Standing {
        let stream = try SaleQueue.stream(show)
        let before = try await state(stream)
        guard before.settings != nil else { throw AppFailure.notFound("a queue for event \(show)") }
        let wake = before.opened && before.waiting == 0 ? [try QueueTickDue(show: show, at: now).scheduled()] : []
        do {
            _ = try await queues.handle(.arrive(customer: customer, now: now), on: stream) { _, _ in LogTransaction(appends: [], schedules: wake) }
        } catch {
            throw AppFailure(queue: error, show: show)
        }
        return try await standing(show, customer: customer, now: now)
    }

    public func standing(_ show: ShowID, customer: CustomerID, now: Instant) async throws -> Standing {
        let queue = try await state(try SaleQueue.stream(show))
        guard let settings = queue.settings else { throw AppFailure.notFound("a queue for event \(show)") }
        var standing = Standing(status: .none, opensAt: settings.opensAt)
        guard queue.arrivalNumber[customer] != nil else { return standing }
        standing.place = queue.place[customer].map { $0 + 1 }
        if let expires = queue.passes[customer] {
            standing.passExpiresAt = expires
            guard expires > now else {
                standing.status = .passExpired
                return standing
            }
            standing.status = .admitted
            standing.pass = QueuePass(show: show, customer: customer, expiresAt: expires).signed(with: passKey)
            return standing
        }
        guard let ahead = queue.ahead(of: customer) else {
            standing.status = .beforeOpening
            return standing
        }
        standing.status = .waiting
        standing.ahead = ahead
        standing.estimate = .milliseconds(Int64(ahead + 1) * 60_000 / Int64(settings.admitPerMinute))
        return standing
    }

    /// The queue's step at `now`: the opening when due (the seed read back and checked against its hash), then
    /// the admissions due by now at the queue's rate (at most a second's worth per step, so a queue that resumes
    /// after an outage never admits a burst), and the next step in a second while anyone waits.
    public func tick(_ show: ShowID, now: Instant) async throws {
        let stream = try SaleQueue.stream(show)
        var queue = try await state(stream)
        guard let settings = queue.settings else { return }
        if !queue.opened {
            guard now >= settings.opensAt else { return }
            guard let seed = try await storage.load(try Self.seedName(show)), Array(SHA256.hash(data: seed)) == settings.seedHash else {
                throw AppFailure.bug("the seed of event \(show)'s queue is missing or does not match its hash: the queue cannot open")
            }
            do {
                _ = try await queues.handle(.open(seed: Array(seed), now: now), on: stream)
            } catch {
                guard case .rejected(.alreadyOpen) = error else { throw AppFailure(queue: error, show: show) }
            }
            queue = try await state(stream)
        }
        let due = Self.admittedBy(now, queue: queue, settings: settings)
        let count = min(max(0, due - queue.admittedCount), Self.perStep(settings))
        let waitingAfter = queue.waiting - min(count, queue.waiting)
        let next = waitingAfter > 0 ? [try QueueTickDue(show: show, at: now.adding(Self.tick)).scheduled()] : []
        if count > 0 {
            do {
                _ = try await queues.handle(.admit(upTo: queue.admittedCount + count, now: now), on: stream) { _, _ in
                    LogTransaction(appends: [], schedules: next)
                }
            } catch {
                throw AppFailure(queue: error, show: show)
            }
        } else if !next.isEmpty {
            do {
                try await log.schedule(next[0])
            } catch {
                throw AppFailure.storeUnavailable
            }
        }
    }

    /// Whether holds on `show` need a pass: a queue is configured for it.
    public func requiresPass(_ show: ShowID, now: ContinuousClock.Instant = .now) async throws -> Bool {
        if let known = queued.get(show, now: now) { return known }
        let configured = try await state(try SaleQueue.stream(show)).settings != nil
        queued.set(show, configured, now: now)
        return configured
    }

    /// Whether `pass` lets `customer` hold on `show` at `now`.
    public func accepts(_ pass: String, show: ShowID, customer: CustomerID, now: Instant) -> Bool {
        guard let read = QueuePass.verified(pass, with: passKey) else { return false }
        return read.show == show && read.customer == customer && read.expiresAt > now
    }

    /// Admissions due by `now`: the rate's share of the time since the opening.
    static func admittedBy(_ now: Instant, queue: SaleQueue.State, settings: SaleQueueSettings) -> Int {
        guard let openedAt = queue.openedAt, now > openedAt else { return 0 }
        let elapsed = now.rawValue - openedAt.rawValue
        return Int(Int64(settings.admitPerMinute) * elapsed / 60_000)
    }

    /// At most a step's worth (one second's) per step.
    static func perStep(_ settings: SaleQueueSettings) -> Int { max(1, (settings.admitPerMinute + 59) / 60) }

    /// Where a show's seed is kept: its name is the hash of the show's id (ids need not be file names).
    static func seedName(_ show: ShowID) throws -> SharedFileName {
        try SharedFileName(folder: "queue-seeds", file: SHA256.hash(data: Data(show.rawValue.utf8)).map { String(format: "%02x", $0) }.joined())
    }

    private func state(_ stream: StreamName) async throws -> SaleQueue.State {
        do {
            return try await queues.state(of: stream)
        } catch {
            throw AppFailure.storeUnavailable
        }
    }

    private func showState(_ show: ShowID) async throws -> Show.State {
        do {
            return try await shows.state(of: try Show.stream(show))
        } catch {
            throw AppFailure.storeUnavailable
        }
    }

    public init(log: any EventLog, queues: CommandHandler<SaleQueue>, shows: CommandHandler<Show>, storage: any SharedStorage, passKey: SymmetricKey) {
        self.log = log
        self.queues = queues
        self.shows = shows
        self.storage = storage
        self.passKey = passKey
    }
}

/// Shows known to have a queue (for good: a queue is never removed) or, for a while, known not to.
private final class QueuedShows: Sendable {
    private let known = Mutex<[ShowID: (queued: Bool, at: ContinuousClock.Instant)]>([:])

    func get(_ show: ShowID, now: ContinuousClock.Instant) -> Bool? {
        known.withLock { known in
            guard let entry = known[show] else { return nil }
            if entry.queued || now - entry.at < SaleQueues.unqueuedFor { return entry.queued }
            return nil
        }
    }

    func set(_ show: ShowID, _ queued: Bool, now: ContinuousClock.Instant = .now) {
        known.withLock { $0[show] = (queued, now) }
    }
}

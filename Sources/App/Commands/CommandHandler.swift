public import Domain
public import DomainEvents
public import EventStore
public import Prometheus

/// Runs one aggregate type's commands: loads a stream's state once and keeps it in memory, decides, and appends
/// with the expected version, one writer per stream.
///
/// Commands of one stream are decided one after another on the state their predecessors left, and their appends
/// are handed to the log in that order without waiting for each fsync (`EventLog.append` submits on this actor
/// before it suspends). A hot show's holds therefore ride the log's group commit instead of queueing behind one
/// another's disk writes, and expected-version conflicts only happen when something else wrote the stream (or an
/// append failed), in which case the stream is reloaded and the command decided again, at most `maxAttempts` times.
///
/// Memory is bounded whatever ids requests name: a stream with no events is not kept once a command or read on it
/// is done, and beyond `maxLanes` streams the least recently used idle ones are dropped (reloaded from the log
/// when needed again, so nothing changes for anyone).
public actor CommandHandler<D: Decider & ProtobufEvents & SendableMetatype>
where D.State: Sendable, D.Event: Sendable, D.Command: Sendable {
    let log: any EventLog
    private let maxAttempts: Int
    let counters: CommandCounters?
    var lanes: [StreamName: Lane] = [:]
    private var loading: [StreamName: Task<Lane, any Error>] = [:]
    private var generations = 0
    /// The most streams kept in memory; past it, idle ones are dropped, least recently used first.
    let maxLanes: Int
    private var ticks = 0

    /// A stream's state as its decided events leave it, including ones whose append is still in flight.
    struct Lane {
        public var state: D.State
        public var version: StreamVersion?
        /// The id of the stream's last event (in flight or durable), which a decision taken while appends are in
        /// flight names on a shared log (`ExpectedVersion.exactEvent`); `nil` when not known.
        public var lastEvent: EventID?
        /// Which load this lane came from: appends of a dropped lane must not count against its successor.
        public var generation = 0
        /// When the lane was last asked for (a counter): the eviction order.
        public var lastUsed = 0
        /// Appends started and finished on this lane; the difference is what is still in flight.
        public var started = 0
        public var finished = 0
        /// Commands waiting for the appends their decision depended on: resumed once `finished` reaches `through`.
        public var waiters: [(through: Int, continuation: CheckedContinuation<Void, Never>)] = []

        /// Takes `events` into the state and version and counts one more append in flight.
        public mutating func advance(by events: [D.Event]) {
            for event in events { D.apply(event, to: &state) }
            version = StreamVersion((version.map { $0.rawValue + 1 } ?? 0) + UInt64(events.count) - 1)
            started += 1
        }

        public init(state: D.State, version: StreamVersion? = nil, lastEvent: EventID? = nil,
                    waiters: [(through: Int, continuation: CheckedContinuation<Void, Never>)] = []) {
            self.state = state
            self.version = version
            self.lastEvent = lastEvent
            self.waiters = waiters
        }
    }

    /// `maxAttempts` defaults to 3 on a log this process alone writes and to 8 on a shared one, where another node's
    /// commands on the same stream are the usual cause of a conflict, and each conflict also fails the commands
    /// pipelined behind it.
    public init(log: any EventLog, maxAttempts: Int? = nil, counters: CommandCounters? = nil, maxLanes: Int = 20_000) {
        self.log = log
        self.maxAttempts = max(1, maxAttempts ?? (log.isShared ? 8 : 3))
        self.counters = counters
        self.maxLanes = max(1, maxLanes)
    }

    /// How many streams are kept in memory (for tests and metrics).
    public var laneCount: Int { lanes.count }

    /// Decides `command` on `stream` and appends its events. Returns once they are durable.
    public func handle(
        _ command: D.Command, on stream: StreamName, correlation: CorrelationID? = nil
    ) async throws(CommandFailure<D.Rejection>) -> CommandOutcome<D.Event> {
        try await run(command, on: stream, correlation: correlation, alongside: nil).outcome
    }

    /// Decides `command` on `stream` and appends its events in one commit with what `alongside` makes of them and
    /// of the state they were decided on (appends to other streams, timers, priced from that very state): all of it
    /// is durable or none. `alongside` runs on each attempt's
    /// decision, never for a rejection; the positions of its appends come back in its order.
    public func handle(
        _ command: D.Command, on stream: StreamName, correlation: CorrelationID? = nil,
        alongside: @escaping @Sendable (_ events: [D.Event], _ decidedOn: D.State) throws -> LogTransaction
    ) async throws(CommandFailure<D.Rejection>) -> (outcome: CommandOutcome<D.Event>, alongside: [Appended]) {
        try await run(command, on: stream, correlation: correlation, alongside: alongside)
    }

    /// Decides `command` on a stream that has no events yet and returns its first append, for a transaction that
    /// another handler commits (the booking a hold starts, written with the show's hold). Counted as this
    /// aggregate's command; the stream's lane is loaded from the log when a later command needs it.
    public nonisolated func firstAppend(
        _ command: D.Command, on stream: StreamName, correlation: CorrelationID? = nil
    ) throws(CommandFailure<D.Rejection>) -> StreamAppend {
        counters?.commands.increment()
        let events: [D.Event]
        do {
            events = try D.decide(command, D.initialState)
        } catch {
            counters?.rejections.increment()
            throw .rejected(error)
        }
        do {
            return StreamAppend(try EventEncoding.newEvents(D.self, events, correlation: correlation), to: stream, expecting: .noStream)
        } catch {
            throw .encoding(error)
        }
    }

    private func run(
        _ command: D.Command, on stream: StreamName, correlation: CorrelationID?,
        alongside: (@Sendable ([D.Event], D.State) throws -> LogTransaction)?
    ) async throws(CommandFailure<D.Rejection>) -> (outcome: CommandOutcome<D.Event>, alongside: [Appended]) {
        counters?.commands.increment()
        for _ in 0..<maxAttempts {
            var decision = try await decide(command, on: stream, alongside: alongside)
            // On a log other nodes write too, an expected version cannot tell the state a pipelined decision was
            // taken on (this lane's appends still in flight) from another node's write that reached the same
            // version first: if an earlier append of this lane conflicts, a later one expecting the version after it
            // would be written on a state nobody holds (seen: seats held twice across three nodes). So there, a
            // decision taken on appends in flight names the last event it follows (`exactEvent`), which only this
            // lane's own append can satisfy; without that id it waits until they are durable.
            while log.isShared && decision.inFlight && decision.lastEvent == nil {
                _ = await dependenciesHeld(stream, decision)
                decision = try await decide(command, on: stream, alongside: alongside)
            }
            let events: [D.Event]
            switch decision.outcome {
            case .failure(let rejection):
                // A rejection is final once the appends it was decided on are durable and the log holds nothing
                // newer; if one of them failed, or something else wrote the stream, it is decided again.
                if await dependenciesHeld(stream, decision), try await isCurrent(stream, decision) {
                    counters?.rejections.increment()
                    forgetIfEmpty(stream)
                    throw .rejected(rejection)
                }
                continue
            case .success(let decided):
                events = decided
            }
            if events.isEmpty {
                if await dependenciesHeld(stream, decision), try await isCurrent(stream, decision) {
                    forgetIfEmpty(stream)
                    return (.unchanged(version: decision.version), [])
                }
                continue
            }
            let expected: ExpectedVersion
            if log.isShared, decision.inFlight, let version = decision.version, let last = decision.lastEvent {
                expected = .exactEvent(version, last)
            } else {
                expected = decision.version.map(ExpectedVersion.exact) ?? .noStream
            }
            let records: [NewEvent]
            do {
                records = try EventEncoding.newEvents(D.self, events, correlation: correlation)
            } catch {
                throw .encoding(error)
            }
            var companion: LogTransaction?
            switch decision.companion {
            case .success(let made): companion = made
            case .failure(let error): throw .alongside(error)
            case nil: break
            }
            advance(stream, by: events, last: records.last?.id)
            let result: TransactionResult
            do {
                result = try await append(records, to: stream, expecting: expected, with: companion)
            } catch {
                finished(stream, generation: decision.generation, valid: false)
                throw .store(error)
            }
            switch result {
            case .appended(let appended):
                finished(stream, generation: decision.generation, valid: true)
                return (.appended(events, at: appended[0]), Array(appended.dropFirst()))
            case .conflict:
                counters?.conflicts.increment()
                // Something else wrote the stream (or a companion's), or an append before this one failed: nothing
                // of this decision was written, so start from the log again.
                finished(stream, generation: decision.generation, valid: false)
            }
        }
        throw .tooManyConflicts(stream)
    }

    /// The command's own append, alone or first in one transaction with its companion's.
    private func append(
        _ records: [NewEvent], to stream: StreamName, expecting expected: ExpectedVersion, with companion: LogTransaction?
    ) async throws(EventStoreError) -> TransactionResult {
        guard let companion else {
            switch try await log.append(records, to: stream, expecting: expected) {
            case .appended(let appended): return .appended([appended])
            case .conflict(let conflict): return .conflict(conflict)
            }
        }
        let own = StreamAppend(records, to: stream, expecting: expected)
        return try await log.append(LogTransaction(appends: [own] + companion.appends, schedules: companion.schedules))
    }

    /// What a command decided, and on which lane: only scalars, so no copy of the lane's state outlives the
    /// decision (a copy alive while the lane evolves would make every evolution copy the whole state).
    private struct Decision {
        var outcome: Result<[D.Event], D.Rejection>
        var version: StreamVersion?
        var generation: Int
        var started: Int
        /// The lane's last event when it was decided.
        var lastEvent: EventID?
        /// Whether appends of this lane were still in flight when it was decided.
        var inFlight: Bool
        /// What `alongside` made of the decided events and the state they were decided on (`nil`: nothing asked).
        var companion: Result<LogTransaction, any Error>?
    }

    private func decide(
        _ command: D.Command, on stream: StreamName, alongside: (@Sendable ([D.Event], D.State) throws -> LogTransaction)? = nil
    ) async throws(CommandFailure<D.Rejection>) -> Decision {
        let lane = try await self.lane(for: stream)
        let outcome: Result<[D.Event], D.Rejection>
        do {
            outcome = .success(try D.decide(command, lane.state))
        } catch {
            outcome = .failure(error)
        }
        // Made here, while the state the decision was taken on is at hand (no await in between), and only then.
        var companion: Result<LogTransaction, any Error>?
        if let alongside, case .success(let events) = outcome, !events.isEmpty {
            companion = Result { try alongside(events, lane.state) }
        }
        return Decision(outcome: outcome, version: lane.version, generation: lane.generation, started: lane.started,
                        lastEvent: lane.lastEvent, inFlight: lane.started > lane.finished, companion: companion)
    }

    /// Evolves the lane in place (through the dictionary, which holds its only copy) with events about to be
    /// appended, the last of them `last`.
    private func advance(_ stream: StreamName, by events: [D.Event], last: EventID?) {
        lanes[stream]?.advance(by: events)
        lanes[stream]?.lastEvent = last
    }

    /// The current state of `stream` (loaded if needed), for read-your-writes checks and tests.
    public func state(of stream: StreamName) async throws(CommandFailure<D.Rejection>) -> D.State {
        let state = try await lane(for: stream).state
        forgetIfEmpty(stream)
        return state
    }

    func lane(for stream: StreamName) async throws(CommandFailure<D.Rejection>) -> Lane {
        ticks += 1
        if lanes[stream] != nil {
            lanes[stream]?.lastUsed = ticks
            if let lane = lanes[stream] { return lane }
        }
        let task = loading[stream] ?? Task { [log] in try await Self.load(stream, from: log) }
        loading[stream] = task
        do {
            var loaded = try await task.value
            loading[stream] = nil
            // Another command may have installed (and advanced) the lane while this one waited for the load.
            if let lane = lanes[stream] { return lane }
            generations += 1
            loaded.generation = generations
            loaded.lastUsed = ticks
            evictIfFull()
            lanes[stream] = loaded
            return loaded
        } catch let error as EventStoreError {
            loading[stream] = nil
            throw .store(error)
        } catch {
            loading[stream] = nil
            throw .encoding(error as? EncodingFailure ?? EncodingFailure(type: "?", cause: error))
        }
    }

    /// Drops the lane of a stream that has no events and nothing in flight: an id nobody wrote to costs nothing
    /// lasting, however many of them requests name.
    func forgetIfEmpty(_ stream: StreamName) {
        guard let lane = lanes[stream], lane.version == nil, lane.started == lane.finished, lane.waiters.isEmpty else { return }
        lanes[stream] = nil
    }

    /// Keeps at most `maxLanes` lanes: when full, the least recently used quarter of the idle ones goes.
    private func evictIfFull() {
        guard lanes.count >= maxLanes else { return }
        let idle = lanes.compactMap { stream, lane in
            lane.started == lane.finished && lane.waiters.isEmpty ? (stream, lane.lastUsed) : nil
        }.sorted { $0.1 < $1.1 }
        for (stream, _) in idle.prefix(lanes.count - maxLanes * 3 / 4) { lanes[stream] = nil }
    }

    /// Marks one append of `stream` done; a failed one drops the lane so the next command reloads from the log.
    /// Waiters whose appends have all finished are woken; all are woken when the lane is dropped.
    private func finished(_ stream: StreamName, generation: Int, valid: Bool) {
        guard var lane = lanes[stream], lane.generation == generation else { return }
        lane.finished += 1
        let ready = valid ? lane.waiters.filter { $0.through <= lane.finished } : lane.waiters
        lane.waiters.removeAll { !valid || $0.through <= lane.finished }
        lanes[stream] = valid ? lane : nil
        for waiter in ready { waiter.continuation.resume() }
    }

    /// Waits for the appends that were in flight when `decided` was taken (not for later ones, so a busy stream
    /// cannot starve a decision), and tells whether they all held: `false` if the lane was dropped meanwhile.
    private func dependenciesHeld(_ stream: StreamName, _ decided: Decision) async -> Bool {
        let through = decided.started
        // Scalars only: a lane copy held across the wait would make every evolution meanwhile copy the state.
        let current = lanes[stream].map { (generation: $0.generation, finished: $0.finished) }
        if let current, current.generation == decided.generation, current.finished < through {
            await withCheckedContinuation { continuation in lanes[stream]?.waiters.append((through, continuation)) }
        }
        return lanes[stream]?.generation == decided.generation
    }

    /// Whether a decision that appends nothing was taken on what the log holds. An append would find out by its
    /// expected version; a rejection or a no-op has to ask. Something else may have written the stream (a tool,
    /// another handler, a test writing beside the server): then the lane is dropped and reloaded. Asked only
    /// when no append of this lane started after the decision, since those legitimately move the log on.
    private func isCurrent(_ stream: StreamName, _ decided: Decision) async throws(CommandFailure<D.Rejection>) -> Bool {
        guard let lane = lanes[stream], lane.generation == decided.generation, lane.started == decided.started else { return true }
        let logged: StreamVersion?
        do {
            logged = try await log.version(of: stream)
        } catch {
            throw .store(error)
        }
        guard logged == decided.version else {
            if lanes[stream]?.generation == decided.generation, lanes[stream]?.started == decided.started { lanes[stream] = nil }
            return false
        }
        return true
    }

    private static func load(_ stream: StreamName, from log: any EventLog) async throws -> Lane {
        var state = D.initialState
        var version: StreamVersion?
        var lastEvent: EventID?
        var pages = log.pages(of: stream)
        while let page = try await pages.next() {
            for record in page {
                // In place: `state = evolve(state, event)` copied a show's holds and sales on every event, so a
                // show of 10,000 events took half a second to load, and the reactors' loads at start-up on the bench's
                // log outlasted a shutdown's bound (seen in bench rebuild's cold start).
                if let event = try EventEncoding.decode(D.self, record) { D.apply(event, to: &state) }
                version = record.streamVersion
                lastEvent = record.id
            }
        }
        return Lane(state: state, version: version, lastEvent: lastEvent)
    }
}

/// What a command did.
public enum CommandOutcome<Event: Sendable>: Sendable {
    /// Its events are durable at these positions.
    case appended([Event], at: Appended)
    /// It had already taken effect: nothing was appended.
    case unchanged(version: StreamVersion?)
}

/// Why a command did not take effect.
public enum CommandFailure<Rejection: Error & Equatable>: Error {
    /// The domain refused it; nothing was appended.
    case rejected(Rejection)
    /// The stream kept changing under it.
    case tooManyConflicts(StreamName)
    /// The log failed; nothing of this command is durable.
    case store(EventStoreError)
    /// An event would not encode or decode.
    case encoding(EncodingFailure)
    /// What was to be written alongside the command's events could not be prepared; nothing was appended.
    case alongside(any Error)
}

extension CommandOutcome {
    /// Where its last event landed, or `nil` when it had already taken effect.
    public var lastPosition: GlobalPosition? {
        if case .appended(_, let at) = self { at.lastPosition } else { nil }
    }
}

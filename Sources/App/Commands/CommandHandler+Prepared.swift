public import Domain
public import DomainEvents
public import EventStore
public import Prometheus

/// A command decided for a transaction that another handler commits: the stream's events and the append that
/// writes them at the version they were decided on.
public struct PreparedAppend<Event: Sendable>: Sendable {
    /// What the command decided.
    public var events: [Event]
    /// The append, expecting the version the decision was taken on.
    public var append: StreamAppend
    /// That version (`nil`: the stream was empty).
    public var decidedOn: StreamVersion?

    public init(events: [Event], append: StreamAppend, decidedOn: StreamVersion? = nil) {
        self.events = events
        self.append = append
        self.decidedOn = decidedOn
    }
}

extension CommandHandler {
    /// Decides `command` on `stream` for a transaction another handler commits (a booking's release written with
    /// the show's, in one commit): `nil` when the command already took effect. Appends made in such transactions
    /// bypass this handler's lane, so the lane is first checked against the log (one version read) when nothing of
    /// its own is in flight; after the commit, `adopt` takes the events in.
    public func prepareAppend(
        _ command: D.Command, on stream: StreamName, correlation: CorrelationID? = nil
    ) async throws(CommandFailure<D.Rejection>) -> PreparedAppend<D.Event>? {
        counters?.commands.increment()
        var lane: Lane
        while true {
            // Scalars only across the await: a copy of the state held meanwhile would make the lane's evolutions copy it.
            let (generation, version, idle) = try await laneSummary(stream)
            if idle {
                let logged: StreamVersion?
                do {
                    logged = try await log.version(of: stream)
                } catch {
                    throw .store(error)
                }
                if logged != version { dropIfIdle(stream, generation: generation) }
            } else if log.isShared {
                // On a shared log a prepared append is decided only on durable appends: it is committed by
                // another handler and never enters this lane before it lands, so it cannot name an event in flight
                // as a command's own append does (`run`).
                await settle(stream)
                continue
            }
            lane = try await self.lane(for: stream)
            if !log.isShared || lane.started == lane.finished { break }
        }
        let events: [D.Event]
        do {
            events = try D.decide(command, lane.state)
        } catch {
            counters?.rejections.increment()
            forgetIfEmpty(stream)
            throw .rejected(error)
        }
        if events.isEmpty {
            forgetIfEmpty(stream)
            return nil
        }
        do {
            let records = try EventEncoding.newEvents(D.self, events, correlation: correlation)
            let expected: ExpectedVersion = lane.version.map(ExpectedVersion.exact) ?? .noStream
            return PreparedAppend(events: events, append: StreamAppend(records, to: stream, expecting: expected), decidedOn: lane.version)
        } catch {
            throw .encoding(error)
        }
    }

    /// Takes the events of a prepared append that committed into the stream's lane, when the lane is still where
    /// they were decided; otherwise the lane is dropped (if nothing of it is in flight) and reloaded when needed.
    public func adopt(_ prepared: PreparedAppend<D.Event>) {
        let stream = prepared.append.stream
        guard var lane = lanes[stream] else { return }
        guard lane.version == prepared.decidedOn, lane.started == lane.finished else {
            dropIfIdle(stream, generation: lane.generation)
            return
        }
        lane.advance(by: prepared.events)
        lane.lastEvent = prepared.append.events.last?.id
        lane.finished += 1
        lanes[stream] = lane
    }

    /// Waits until the appends of `stream` in flight now have finished (or the lane was dropped).
    func settle(_ stream: StreamName) async {
        guard let lane = lanes[stream], lane.started > lane.finished else { return }
        await withCheckedContinuation { continuation in lanes[stream]?.waiters.append((lane.started, continuation)) }
    }

    private func laneSummary(_ stream: StreamName) async throws(CommandFailure<D.Rejection>) -> (Int, StreamVersion?, Bool) {
        let lane = try await self.lane(for: stream)
        return (lane.generation, lane.version, lane.started == lane.finished)
    }

    /// Forgets a lane that has nothing in flight and nobody waiting (a lane with appends in flight stays: their
    /// outcome decides whether it is kept).
    public func dropIfIdle(_ stream: StreamName, generation: Int) {
        guard let lane = lanes[stream], lane.generation == generation, lane.started == lane.finished, lane.waiters.isEmpty else { return }
        lanes[stream] = nil
    }
}

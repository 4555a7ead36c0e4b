import Domain
import EventStore
import Foundation
import Hummingbird
import Synchronization

/// A customer's hold, across the aggregates, in one commit: the show's hold, the booking it starts (with the show's
/// own price) and the timer that expires it are durable together or not at all, so no crash can leave a hold without
/// its booking or its timer. A hold that replaced the customer's earlier one then releases that booking.
struct HoldProcess: Sendable {
    let log: any EventLog
    let shows: CommandHandler<Show>
    let bookings: CommandHandler<Booking>

    struct Held: Sendable {
        var booking: BookingID
        var items: Items
        var expiresAt: Instant
        var price: PriceBreakdown
        var position: GlobalPosition
    }

    /// A held hold's price overflowed: a bug in the limits, never the customer's input.
    private struct Unpriceable: Error {}

    func hold(_ request: Show.HoldRequest, show id: ShowID, customer: CustomerID, now: Instant) async throws -> Held {
        let stream = try StreamName(category: Show.category, id: id.rawValue)
        // The configuration only: a copy of the whole state held across the awaits below would make each
        // concurrent hold on this show copy the show's holds.
        guard let configuration = try await showState(stream, id: id).configuration else { throw APIError.notFound("event \(id)") }
        let booking = BookingID("booking-\(UUID.random().uuidString.lowercased())")
        let bookingStream = try Self.bookingStream(booking)

        let outcome: CommandOutcome<Show.Event>
        let started: [Appended]
        // The terms of the decision that was written (the companion runs again if the show's append is retried).
        let written = Mutex<BookingTerms?>(nil)
        do throws(CommandFailure<Show.Rejection>) {
            (outcome, started) = try await shows.handle(.hold(request, booking: booking, customer: customer, now: now), on: stream) { events in
                guard let held = Self.held(in: events) else { return LogTransaction(appends: []) }
                let terms = try Self.terms(of: held, show: id, customer: customer, configuration)
                written.withLock { $0 = terms }
                return LogTransaction(
                    appends: [try bookings.firstAppend(.start(terms), on: bookingStream)],
                    schedules: [try HoldExpiryDue(show: id, booking: booking, expiresAt: held.expiresAt).scheduled()])
            }
        } catch .alongside(let cause) {
            // The show held, but its booking could not be made from the hold: a bug, and nothing was written.
            throw APIError(.internalServerError, code: "internal",
                           cause is Unpriceable ? "the hold could not be priced" : "the hold's booking could not be started")
        } catch {
            throw APIError(command: error, show: id)
        }
        guard case .appended(let events, let appended) = outcome, let held = Self.held(in: events), !started.isEmpty,
              let terms = written.withLock({ $0 })
        else {
            throw APIError(.internalServerError, code: "internal", "a new hold decided nothing")
        }
        for case .holdReleased(let replaced) in events {
            try await release(bookingOf: replaced.booking, by: customer)
        }
        // The last thing this hold wrote: a read after it sees the seat map and the customer's new booking.
        let position = ([appended] + started).map(\.lastPosition).max() ?? appended.lastPosition
        return Held(booking: booking, items: held.items, expiresAt: held.expiresAt, price: terms.price, position: position)
    }

    private static func held(in events: [Show.Event]) -> ItemsHeld? {
        events.lazy.compactMap { if case .itemsHeld(let held) = $0 { held } else { nil } }.first
    }

    /// The booking a hold starts, priced by the show's configuration.
    private static func terms(
        of held: ItemsHeld, show: ShowID, customer: CustomerID, _ configuration: ShowConfiguration
    ) throws -> BookingTerms {
        // An overflow and an unpriced seat are the same bug here: the show has just held these items.
        guard let price = (try? configuration.price(of: held.items)) ?? nil else { throw Unpriceable() }
        return BookingTerms(show: show, customer: customer, items: held.items, price: price, expiresAt: held.expiresAt,
                            refundPolicy: configuration.refundPolicy, schedule: configuration.schedule)
    }

    func release(_ booking: BookingID, show id: ShowID, customer: CustomerID) async throws -> GlobalPosition? {
        let stream = try StreamName(category: Show.category, id: id.rawValue)
        let outcome: CommandOutcome<Show.Event>
        do {
            outcome = try await shows.handle(.releaseHold(booking: booking, customer: customer), on: stream)
        } catch {
            throw APIError(command: error, show: id)
        }
        let bookingReleased = try await release(bookingOf: booking, by: customer)
        // The last of the two appends: a read after it sees both the seat map and the customer's booking change.
        let showReleased = outcome.lastPosition
        return [showReleased, bookingReleased].compactMap { $0 }.max()
    }

    /// Ends the booking whose hold the show released, returning where. A booking that never started (its hold
    /// failed half-way) or already ended has nothing to release; a store failure is reported.
    @discardableResult
    private func release(bookingOf booking: BookingID, by customer: CustomerID) async throws -> GlobalPosition? {
        let stream = try Self.bookingStream(booking)
        do {
            return try await bookings.handle(.release(by: customer), on: stream).lastPosition
        } catch {
            switch error {
            case .rejected: return nil
            case .store, .encoding, .alongside, .tooManyConflicts: throw APIError.storeUnavailable()
            }
        }
    }

    /// The show's current state (for questions asked before a command, such as which category to hold).
    func showState(_ id: ShowID) async throws -> Show.State {
        guard let stream = try? StreamName(category: Show.category, id: id.rawValue) else { throw APIError.notFound("event \(id)") }
        return try await showState(stream, id: id)
    }

    private func showState(_ stream: StreamName, id: ShowID) async throws -> Show.State {
        do {
            return try await shows.state(of: stream)
        } catch {
            throw APIError.storeUnavailable()
        }
    }

    static func bookingStream(_ booking: BookingID) throws -> StreamName {
        try StreamName(category: Booking.category, id: booking.rawValue)
    }
}

extension APIError {
    /// A failed show command as HTTP.
    init(command failure: CommandFailure<Show.Rejection>, show: ShowID) {
        switch failure {
        case .rejected(let rejection): self.init(show: rejection, id: show.rawValue)
        case .tooManyConflicts: self.init(.conflict, code: "busy", "the event is changing quickly; try again")
        case .store, .encoding: self = .storeUnavailable()
        case .alongside: self.init(.internalServerError, code: "internal", "what the command writes alongside could not be prepared")
        }
    }
}

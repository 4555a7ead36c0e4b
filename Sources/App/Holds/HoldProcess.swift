public import Domain
public import DomainEvents
public import EventStore
public import Foundation
public import Synchronization

/// A customer's hold, across the aggregates, in one commit: the show's hold, the booking it starts (with the show's
/// own price) and the timer that expires it are durable together or not at all, so no crash can leave a hold without
/// its booking or its timer. A hold that replaces the customer's earlier one releases that booking in the same commit.
public struct HoldProcess: Sendable {
    public let log: any EventLog
    public let shows: CommandHandler<Show>
    public let bookings: CommandHandler<Booking>
    /// Where a best-available hold finds its show's layout.
    public let screens: CommandHandler<Screen>
    /// Asked before a hold with an order is let go or replaced: a captured payment nobody reported is settled first.
    public let reconciliation: PaymentReconciliation
    public var ending: HoldEnding { HoldEnding(log: log, shows: shows, bookings: bookings) }

    public struct Held: Sendable {
        public var booking: BookingID
        public var items: Items
        public var expiresAt: Instant
        public var price: PriceBreakdown
        public var position: GlobalPosition

        public init(booking: BookingID, items: Items, expiresAt: Instant, price: PriceBreakdown, position: GlobalPosition) {
            self.booking = booking
            self.items = items
            self.expiresAt = expiresAt
            self.price = price
            self.position = position
        }
    }

    /// A held hold's price overflowed: a bug in the limits, never the customer's input.
    private struct Unpriceable: Error {}

    /// The customer's hold on the show was replaced by another between this hold's reading and its decision.
    private struct ReplacedHoldMoved: Error {}

    /// What the platform writes in the same commit as a hold it makes in a customer's name (a waiting list's
    /// offer), prepared for the hold's booking. Such a hold never replaces one the customer has: it is refused with
    /// `CustomerHoldsAlready` instead.
    public struct Companion: Sendable {
        public var prepare: @Sendable (BookingID) async throws -> StreamAppend?
        public init(prepare: @escaping @Sendable (BookingID) async throws -> StreamAppend?) { self.prepare = prepare }
    }

    /// A hold with a companion for a customer who holds something on the show already.
    public struct CustomerHoldsAlready: Error {}

    public func hold(_ request: Show.HoldRequest, show id: ShowID, customer: CustomerID, now: Instant,
                     companion: Companion? = nil) async throws -> Held {
        let stream = try Show.stream(id)
        let booking = BookingID("booking-\(UUID.random().lowercasedText)")
        // A customer holding again while another hold of theirs races this one: decided again on the new state.
        for _ in 0..<3 {
            if let held = try await hold(request, as: booking, show: id, on: stream, customer: customer, now: now, companion: companion) {
                return held
            }
        }
        throw AppFailure.busy("your holds on event \(id) are changing quickly")
    }

    /// One attempt: `nil` when the customer's earlier hold changed under it (nothing was written).
    private func hold(
        _ request: Show.HoldRequest, as booking: BookingID, show id: ShowID, on stream: StreamName, customer: CustomerID, now: Instant,
        companion: Companion?
    ) async throws -> Held? {
        // The customer's current hold only: a copy of the whole state held across the awaits below would make each
        // concurrent hold on this show copy the show's holds. Whether the show exists is the decider's to say.
        let (previous, screen) = try await currentHold(stream, id: id, customer: customer, needingLayout: request)
        if previous != nil, companion != nil { throw CustomerHoldsAlready() }
        let extra = try await companion?.prepare(booking)
        var request = request
        if let screen { request = try await withLayout(request, of: screen) }
        let bookingStream = try Booking.stream(booking)
        // The hold this one replaces is released in the same commit: its booking's release is decided beforehand,
        // after asking the gateway whether its order was paid (then it is sold, not replaced: decided again).
        var replacing: PreparedAppend<Booking.Event>?
        var checks: [ScheduledEvent] = []
        if let previous {
            let finding: PaymentReconciliation.Finding
            (finding, checks) = try await reconciliation.beforeEnding(previous, now: now)
            if finding == .paid { return nil }
            replacing = try await prepareRelease(previous, show: id, customer: customer)
        }

        let outcome: CommandOutcome<Show.Event>
        let started: [Appended]
        // The terms of the decision that was written (the companion runs again if the show's append is retried).
        let written = Mutex<BookingTerms?>(nil)
        let release = replacing?.append
        let paymentChecks = checks
        do throws(CommandFailure<Show.Rejection>) {
            (outcome, started) = try await shows.handle(.hold(request, booking: booking, customer: customer, now: now), on: stream) { events, decidedOn in
                guard let held = Self.held(in: events) else { return LogTransaction(appends: []) }
                let replaced = events.lazy.compactMap { if case .holdReleased(let released) = $0 { released.booking } else { nil } }.first
                if let replaced, replaced != previous { throw ReplacedHoldMoved() }
                // Priced by the configuration the hold was decided on, not one read before a retried decision.
                let terms = try Self.terms(of: held, show: id, customer: customer, decidedOn.configuration)
                written.withLock { $0 = terms }
                let releasing = replaced == nil ? [] : release.map { [$0] } ?? []
                return LogTransaction(
                    appends: [try bookings.firstAppend(.start(terms), on: bookingStream)] + releasing + (extra.map { [$0] } ?? []),
                    schedules: [try HoldExpiryDue(show: id, booking: booking, expiresAt: held.expiresAt).scheduled()]
                        + (releasing.isEmpty ? [] : paymentChecks))
            }
        } catch .alongside(let cause) {
            if cause is ReplacedHoldMoved { return nil }
            // The show held, but its booking could not be made from the hold: a bug, and nothing was written.
            throw AppFailure.bug(cause is Unpriceable ? "the hold could not be priced" : "the hold's booking could not be started")
        } catch .tooManyConflicts where release != nil || extra != nil {
            // The replaced booking changed meanwhile (its customer paying it, say), or the companion's stream did:
            // decided again.
            return nil
        } catch {
            throw AppFailure(error, show: id)
        }
        guard case .appended(let events, let appended) = outcome, let held = Self.held(in: events), !started.isEmpty,
              let terms = written.withLock({ $0 })
        else {
            throw AppFailure.bug("a new hold decided nothing")
        }
        if let replacing, started.count > 1 { await bookings.adopt(replacing) }
        // The last thing this hold wrote: a read after it sees the seat map and the customer's new booking.
        let position = ([appended] + started).map(\.lastPosition).max() ?? appended.lastPosition
        return Held(booking: booking, items: held.items, expiresAt: held.expiresAt, price: terms.price, position: position)
    }

    /// A request with the layout of its show's screen, which a choice of seats needs to know which sit side by side
    /// (a screen's layout cannot change while a show holds a slot on it, so reading it before deciding is safe).
    private func withLayout(_ request: Show.HoldRequest, of screen: ScreenRef) async throws -> Show.HoldRequest {
        let layout: SeatLayout?
        do {
            layout = try await screens.state(of: try Screen.stream(screen.screen)).layout
        } catch {
            throw AppFailure.storeUnavailable
        }
        return switch request {
        case let .best(count, seatType, _): .best(count: count, seatType: seatType, layout: layout)
        case let .seats(seats, _): .seats(seats, layout: layout)
        default: request
        }
    }

    /// The release of the customer's earlier booking on this show, decided for the commit that replaces its hold;
    /// `nil` when it is no longer a hold to release.
    private func prepareRelease(_ booking: BookingID, show: ShowID, customer: CustomerID) async throws -> PreparedAppend<Booking.Event>? {
        let stream = try Booking.stream(booking)
        do {
            return try await bookings.prepareAppend(.release(by: customer, show: show), on: stream)
        } catch {
            switch error {
            case .rejected: return nil
            case .store, .encoding, .alongside, .tooManyConflicts: throw AppFailure.storeUnavailable
            }
        }
    }

    private static func held(in events: [Show.Event]) -> ItemsHeld? {
        events.lazy.compactMap { if case .itemsHeld(let held) = $0 { held } else { nil } }.first
    }

    /// The booking a hold starts, priced by the show's configuration.
    private static func terms(
        of held: ItemsHeld, show: ShowID, customer: CustomerID, _ configuration: ShowConfiguration?
    ) throws -> BookingTerms {
        // No configuration, an overflow and an unpriced seat are the same bug here: the show has just held these items.
        guard let configuration, let price = (try? configuration.price(of: held.items)) ?? nil else { throw Unpriceable() }
        return BookingTerms(show: show, customer: customer, items: held.items, price: price, expiresAt: held.expiresAt,
                            refundPolicy: configuration.refundPolicy, schedule: configuration.schedule)
    }

    /// The customer lets their hold go: decided by the booking (theirs, of this show, still a hold) and written in
    /// one commit with the show freeing its items. Another customer's booking, or one that does not exist, is a 404.
    /// A hold with an order is first settled with the gateway: one the customer paid is confirmed, not released.
    public func release(_ booking: BookingID, show id: ShowID, customer: CustomerID, now: Instant) async throws -> GlobalPosition? {
        let checks = try await releaseChecks(booking, customer: customer, now: now)
        do {
            return try await ending.end(booking, of: id, bookingCommand: .release(by: customer, show: id),
                                        showCommand: .releaseHold(booking: booking, customer: customer), schedules: checks)
        } catch {
            switch error {
            case .booking(let failure): throw AppFailure(failure, booking: booking)
            case .show(let failure): throw AppFailure(failure, show: id)
            case .store: throw AppFailure.storeUnavailable
            }
        }
    }

    /// The gateway is asked only about the caller's own booking: another customer's stays a plain 404.
    private func releaseChecks(_ booking: BookingID, customer: CustomerID, now: Instant) async throws -> [ScheduledEvent] {
        guard let stream = try? Booking.stream(booking),
              try await bookings.currentState(of: stream).terms?.customer == customer else { return [] }
        return try await reconciliation.beforeEnding(booking, now: now).1
    }

    /// The show's current state (for questions asked before a command, such as which category to hold).
    public func showState(_ id: ShowID) async throws -> Show.State {
        guard let stream = try? Show.stream(id) else { throw AppFailure.notFound("event \(id)") }
        return try await showState(stream, id: id)
    }

    /// The customer's current hold on the show, without keeping a copy of the state.
    /// The customer's current hold, and the show's screen when `request` needs its layout: a best-available one
    /// always, seats picked by hand when the show refuses lone seats. Read from the state at once, not kept.
    private func currentHold(_ stream: StreamName, id: ShowID, customer: CustomerID, needingLayout request: Show.HoldRequest)
        async throws -> (BookingID?, ScreenRef?) {
        let state = try await showState(stream, id: id)
        let needsLayout = switch request {
        case .best(_, _, nil): true
        case .seats(_, nil): state.configuration?.loneSeats == .refused
        default: false
        }
        return (state.holdOfCustomer[customer], needsLayout ? state.configuration?.details.screen : nil)
    }

    private func showState(_ stream: StreamName, id: ShowID) async throws -> Show.State {
        do {
            return try await shows.state(of: stream)
        } catch {
            throw AppFailure.storeUnavailable
        }
    }

    public init(log: any EventLog, shows: CommandHandler<Show>, bookings: CommandHandler<Booking>, screens: CommandHandler<Screen>,
                reconciliation: PaymentReconciliation) {
        self.log = log
        self.shows = shows
        self.bookings = bookings
        self.screens = screens
        self.reconciliation = reconciliation
    }
}

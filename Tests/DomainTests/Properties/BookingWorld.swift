import Domain
import TestSupport

/// One show and its bookings, driven the way the service's process managers drive the two deciders:
/// the show decides what is held and sold, each booking what is paid and refunded.
struct BookingWorld {
    private(set) var show: Show.State
    private(set) var bookings: [BookingID: Booking.State] = [:]
    private(set) var now = noon
    private var nextID = 0
    /// What happened, to show that the random runs reach every path.
    private(set) var happened: [String: Int] = [:]
    /// Every event each decider produced, in order: the streams an auditor would replay.
    private(set) var showHistory: [Show.Event]
    private(set) var bookingHistories: [BookingID: [Booking.Event]] = [:]

    init(_ configuration: ShowConfiguration) {
        showHistory = Sample.onSale(configuration)
        show = Show.fold(showHistory)
    }

    /// Applies a show command; a rejection leaves everything as it was.
    @discardableResult
    mutating func show(_ command: Show.Command) -> [Show.Event]? {
        guard let events = try? Show.decide(command, show) else { return nil }
        show = events.reduce(show, Show.evolve)
        showHistory += events
        for event in events { happened[Show.encode(event).type, default: 0] += 1 }
        if case .itemsSold(let sold)? = events.first, sold.late { happened["late sale", default: 0] += 1 }
        return events
    }

    @discardableResult
    mutating func booking(_ id: BookingID, _ command: Booking.Command) -> [Booking.Event]? {
        guard let state = bookings[id], let events = try? Booking.decide(command, state) else { return nil }
        bookings[id] = events.reduce(state, Booking.evolve)
        bookingHistories[id, default: []] += events
        for event in events { happened[Booking.encode(event).type, default: 0] += 1 }
        return events
    }

    mutating func fresh(_ prefix: String) -> String {
        nextID += 1
        return "\(prefix)-\(nextID)"
    }

    mutating func advance(minutes: Int) { now = now.adding(.minutes(minutes)) }

    /// A customer holds; the booking starts with the show's own price; a replaced hold's booking is released.
    mutating func hold(_ request: Show.HoldRequest, customer: CustomerID) {
        let id = BookingID(fresh("booking"))
        guard let events = show(.hold(request, booking: id, customer: customer, now: now)) else { return }
        for event in events {
            switch event {
            case .holdReleased(let released): booking(released.booking, .release(by: customer, show: .s1))
            case .itemsHeld(let held):
                guard let configuration = show.configuration, let price = try? show.price(of: held.items) else { return }
                let terms = BookingTerms(show: .s1, customer: customer, items: held.items, price: price, expiresAt: held.expiresAt,
                                         refundPolicy: configuration.refundPolicy, schedule: configuration.schedule)
                bookings[id] = Booking.fold([.started(BookingStarted(terms: terms))])
                bookingHistories[id] = [.started(BookingStarted(terms: terms))]
            default: break
            }
        }
    }

    /// The customer pays (possibly late): the show sells or refuses, and the booking confirms or refunds.
    mutating func pay(_ id: BookingID) {
        guard let state = bookings[id], let terms = state.terms, state.status != .confirmed, state.refund == nil else { return }
        if terms.price.isFree {
            guard show(.sell(booking: id, customer: terms.customer, items: terms.items, now: now)) != nil else { return }
            booking(id, .confirmFree(tickets: tickets(for: terms.items), now: now))
            return
        }
        if state.order == nil, booking(id, .createOrder(OrderID(fresh("order")), now: now)) == nil {
            // Too late to order at all: nothing was charged.
            return
        }
        guard let order = bookings[id]?.order else { return }
        let receipt = PaymentReceipt(order: order, payment: PaymentID(fresh("pay")), amount: terms.price.total)
        if show(.sell(booking: id, customer: terms.customer, items: terms.items, now: now)) != nil {
            booking(id, .confirmPayment(receipt, tickets: tickets(for: terms.items), now: now))
        } else if booking(id, .refundUnfulfillablePayment(receipt, refund: RefundID(fresh("refund")), now: now)) != nil {
            happened["late payment refunded", default: 0] += 1
        }
    }

    /// The customer opens the checkout: an order is created, to be paid later (maybe after the hold expired).
    mutating func order(_ id: BookingID) {
        booking(id, .createOrder(OrderID(fresh("order")), now: now))
    }

    mutating func release(_ id: BookingID) {
        guard let customer = bookings[id]?.terms?.customer else { return }
        if show(.releaseHold(booking: id, customer: customer)) != nil { booking(id, .release(by: customer, show: .s1)) }
    }

    mutating func expireDue() {
        for (id, hold) in show.holds where hold.expiresAt <= now {
            show(.expireHold(booking: id, now: now))
            booking(id, .expire(now: now))
        }
    }

    mutating func refund(_ id: BookingID) {
        guard let customer = bookings[id]?.terms?.customer else { return }
        if booking(id, .requestRefund(by: customer, refund: RefundID(fresh("refund")), now: now)) != nil {
            show(.returnItems(booking: id))
        }
    }

    mutating func cancelShow() {
        guard show(.cancel(by: .organizer(.o1), reason: "cancelled", now: now)) != nil else { return }
        for (id, state) in bookings where state.status == .confirmed {
            booking(id, .refundInFull(refund: RefundID(fresh("refund")), now: now))
            show(.returnItems(booking: id))
        }
    }

    private mutating func tickets(for items: Items) -> [TicketID] {
        (0..<items.count).map { _ in TicketID(fresh("ticket")) }
    }
}

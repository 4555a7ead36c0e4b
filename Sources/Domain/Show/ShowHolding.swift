/// The rules for holding and selling a show's seats and tickets, split out of `Show` to keep each file short.
enum ShowHolding {
    typealias Rejection = Show.Rejection
    typealias Event = Show.Event

    /// All or nothing: a request that cannot be held whole holds nothing and names what was unavailable.
    /// A customer who holds again replaces their previous hold instead of adding to it.
    static func hold(
        _ request: Show.HoldRequest, booking: BookingID, customer: CustomerID, now: Instant, _ state: Show.State
    ) throws(Rejection) -> [Event] {
        guard let configuration = state.configuration else { throw .noSuchShow }
        guard state.status == .approved else { throw .notOnSale(state.status) }
        guard now < configuration.bookingClosesAt else { throw .bookingClosed(closedAt: configuration.bookingClosesAt) }
        let previous = state.holdOfCustomer[customer]
        let (items, participants) = try requestedItems(try resolved(request, configuration, state, replacing: previous), configuration)
        if participants != nil, let problem = configuration.registration?.problem(registered: state.salesOfCustomer[customer] ?? 0) {
            throw .invalidRegistration(problem)
        }
        guard items.count > 0 else { throw .emptyRequest }
        guard items.count <= configuration.maxTicketsPerOrder else {
            throw .tooManyTickets(requested: items.count, limit: configuration.maxTicketsPerOrder)
        }
        if let existing = state.holds[booking] {
            if existing.customer == customer && existing.items == items { return [] }
            throw .bookingAlreadyUsed(booking)
        }
        if state.sales[booking] != nil { throw .bookingAlreadyUsed(booking) }

        try checkAvailable(items, excluding: previous, configuration, state, unavailable: { (missing) throws(Rejection) in
            switch missing {
            case .seats(let seats): throw .seatsUnavailable(seats)
            case .tickets(let available): throw .ticketsUnavailable(available)
            }
        })
        try checkLoneSeats(request, configuration, state, replacing: previous)
        var events: [Event] = []
        if let previous { events.append(.holdReleased(HoldReleased(booking: previous, reason: .replaced))) }
        events.append(.itemsHeld(ItemsHeld(
            booking: booking, customer: customer, items: items,
            expiresAt: now.adding(.minutes(configuration.holdMinutes)), participants: participants)))
        return events
    }

    /// A paid booking's items become sold. Its hold converts; after the hold ended, the same items are sold only
    /// if nobody took them meanwhile.
    static func sell(
        booking: BookingID, customer: CustomerID, items: Items, now: Instant, _ state: Show.State
    ) throws(Rejection) -> [Event] {
        guard let configuration = state.configuration else { throw .noSuchShow }
        if let sale = state.sales[booking] {
            guard sale.items == items else { throw .bookingAlreadyUsed(booking) }
            return []
        }
        guard state.status != .cancelled else { throw .showCancelled }
        // Two holds of one customer racing to be confirmed (the second replaced the first) cannot both register.
        if configuration.kind == .registration, let problem = configuration.registration?.problem(registered: state.salesOfCustomer[customer] ?? 0) {
            throw .invalidRegistration(problem)
        }
        if let hold = state.holds[booking] {
            guard hold.customer == customer, hold.items == items else { throw .bookingAlreadyUsed(booking) }
            return [.itemsSold(ItemsSold(booking: booking, customer: customer, items: items, late: false))]
        }
        guard state.status == .approved, now < configuration.schedule.end else { throw .itemsNoLongerAvailable(booking) }
        try checkAvailable(items, excluding: nil, configuration, state, unavailable: { (_: Missing) throws(Rejection) in
            throw .itemsNoLongerAvailable(booking)
        })
        return [.itemsSold(ItemsSold(booking: booking, customer: customer, items: items, late: true))]
    }

    /// What a check found missing.
    enum Missing {
        case seats(Set<SeatID>)
        case tickets([CategoryID: Int])
    }

    /// Checks that `items` exist and are free; what `excluding`'s hold has counts as free (it is being replaced).
    private static func checkAvailable(
        _ items: Items, excluding previous: BookingID?, _ configuration: ShowConfiguration, _ state: Show.State,
        unavailable: (Missing) throws(Rejection) -> Void
    ) throws(Rejection) {
        switch (items, configuration.inventory) {
        case (.seats(let seats), .seated(let seated)):
            let unknown = seats.filter { seated.seats[$0] == nil }
            guard unknown.isEmpty else { throw .unknownSeats(unknown) }
            let taken = seats.filter { seat in
                guard let owner = state.seatTakenBy[seat] else { return false }
                return owner != previous
            }
            if !taken.isEmpty { try unavailable(.seats(taken)) }
        case (.tickets(let counts), .categories(let categories)):
            let known = Set(categories.map(\.id))
            let unknown = Set(counts.keys).subtracting(known)
            guard unknown.isEmpty else { throw .unknownCategories(unknown) }
            guard counts.values.allSatisfy({ $0 > 0 }) else { throw .emptyRequest }
            let released: [CategoryID: Int] = if let previous, case .tickets(let held)? = state.holds[previous]?.items { held } else { [:] }
            var short: [CategoryID: Int] = [:]
            for (category, count) in counts {
                let available = state.available(category) + (released[category] ?? 0)
                if count > available { short[category] = max(0, available) }
            }
            if !short.isEmpty { try unavailable(.tickets(short)) }
        default:
            throw .wrongKindOfRequest
        }
    }

    /// The items a request asks for, checked against the show's kind (and form, for registrations).
    private static func requestedItems(
        _ request: Show.HoldRequest, _ configuration: ShowConfiguration
    ) throws(Rejection) -> (Items, [Participant]?) {
        switch (request, configuration.kind) {
        case (.seats(let seats, _), .seating):
            return (.seats(seats), nil)
        case (.tickets(let counts), .open), (.tickets(let counts), .online):
            return (.tickets(counts), nil)
        case let (.participants(participants, category), .registration):
            if let problem = configuration.registration?.problem(with: participants) { throw .invalidRegistration(problem) }
            return (.tickets(participants.isEmpty ? [:] : [category: participants.count]), participants)
        default:
            throw .wrongKindOfRequest
        }
    }
}

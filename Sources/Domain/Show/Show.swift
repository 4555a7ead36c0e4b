/// One show's configuration, lifecycle and inventory: the boundary that rules out double booking and overselling.
/// Every hold of a show lands in its stream, so the rules below see every competing request in order.
public enum Show: Decider {
    public static let initialState = State()

    public static func decide(_ command: Command, _ state: State) throws(Rejection) -> [Event] {
        switch command {
        case .draft(let configuration):
            return try draft(configuration, state)
        case let .editDetails(details, organizer):
            try requireOrganizer(organizer, state, editable: true)
            if state.configuration?.details == details { return [] }
            if let problem = ShowLimits.problem(in: details) { throw .invalidConfiguration(problem) }
            return [.detailsEdited(ShowDetailsEdited(details: details))]
        case let .reschedule(schedule, organizer):
            try requireOrganizer(organizer, state, editable: true)
            guard schedule.start < schedule.end else { throw .invalidSchedule }
            if state.configuration?.schedule == schedule { return [] }
            if let problem = ShowLimits.problem(in: schedule) { throw .invalidConfiguration(problem) }
            return [.rescheduled(ShowRescheduled(schedule: schedule))]
        case let .changeInventory(inventory, organizer):
            try requireOrganizer(organizer, state, editable: true)
            if state.configuration?.inventory == inventory { return [] }
            try checkInventoryChange(inventory, state)
            return [.inventoryChanged(ShowInventoryChanged(inventory: inventory))]
        case let .changeRefundPolicy(policy, organizer):
            try requireOrganizer(organizer, state, editable: true)
            if state.configuration?.refundPolicy == policy { return [] }
            return [.refundPolicyChanged(RefundPolicyChanged(policy: policy))]
        case let .changeCutoff(cutoff, organizer):
            try requireOrganizer(organizer, state, editable: true)
            guard let configuration = state.configuration else { throw .noSuchShow }
            if configuration.cutoff == cutoff { return [] }
            if let problem = ShowValidation.problem(in: cutoff, schedule: configuration.schedule) { throw .invalidConfiguration(problem) }
            return [.cutoffChanged(CutoffChanged(cutoff: cutoff))]
        case let .setLoneSeatRule(rule, organizer):
            try requireOrganizer(organizer, state, editable: true)
            guard let configuration = state.configuration else { throw .noSuchShow }
            guard case .seated = configuration.inventory else { throw .invalidConfiguration("only a seated event has seats to leave alone") }
            if configuration.loneSeats == rule { return [] }
            return [.loneSeatRuleChanged(LoneSeatRuleChanged(rule: rule))]
        case .submit(let organizer):
            try requireOrganizer(organizer, state, editable: true)
            if state.status == .submitted { return [] }
            guard state.status == .draft || state.status == .rejected else { throw .wrongStatus(state.status) }
            return [.submitted(ShowSubmitted(organizer: organizer))]
        case .approve(let admin):
            if state.status == .approved { return [] }
            guard state.status == .submitted else { throw .wrongStatus(state.status) }
            return [.approved(ShowApproved(admin: admin))]
        case let .reject(admin, reason):
            if state.status == .rejected && state.rejectionReason == reason { return [] }
            guard state.status == .submitted else { throw .wrongStatus(state.status) }
            return [.rejected(ShowRejected(admin: admin, reason: reason))]
        case let .hold(request, booking, customer, now):
            return try ShowHolding.hold(request, booking: booking, customer: customer, now: now, state)
        case let .releaseHold(booking, customer):
            guard let hold = state.holds[booking] else { return [] }
            guard hold.customer == customer else { throw .notYourHold(booking) }
            return [.holdReleased(HoldReleased(booking: booking, reason: .byCustomer))]
        case let .expireHold(booking, now):
            // A paid, released or already expired hold decides nothing; so does a timer that fired early.
            guard let hold = state.holds[booking], hold.expiresAt <= now else { return [] }
            return [.holdExpired(HoldExpired(booking: booking))]
        case let .sell(booking, customer, items, now):
            return try ShowHolding.sell(booking: booking, customer: customer, items: items, now: now, state)
        case .returnItems(let booking):
            guard let sale = state.sales[booking] else { return [] }
            return [.itemsReturned(ItemsReturned(booking: booking, items: sale.items))]
        case let .cancel(actor, reason, now):
            if state.status == .cancelled { return [] }
            guard state.status != .none else { throw .noSuchShow }
            guard state.status != .ended else { throw .wrongStatus(.ended) }
            if case .organizer(let organizer) = actor, organizer != state.configuration?.organizer { throw .notTheOrganizer }
            return [.cancelled(ShowCancelled(by: actor, reason: reason, at: now))]
        case .end(let now):
            if state.status == .ended || state.status == .cancelled { return [] }
            guard let configuration = state.configuration else { throw .noSuchShow }
            guard now >= configuration.schedule.end else { throw .showNotOver(endsAt: configuration.schedule.end) }
            return [.ended(ShowEnded(at: now))]
        }
    }

    public static func evolve(_ state: State, _ event: Event) -> State {
        var state = state
        apply(event, to: &state)
        return state
    }

    public static func apply(_ event: Event, to state: inout State) {
        switch event {
        case .drafted(let drafted):
            state.status = .draft
            state.configuration = drafted.configuration
        case .detailsEdited(let edited): state.configuration?.details = edited.details
        case .rescheduled(let moved): state.configuration?.schedule = moved.schedule
        case .inventoryChanged(let changed): state.configuration?.inventory = changed.inventory
        case .refundPolicyChanged(let changed): state.configuration?.refundPolicy = changed.policy
        case .cutoffChanged(let changed): state.configuration?.cutoff = changed.cutoff
        case .loneSeatRuleChanged(let changed): state.configuration?.loneSeats = changed.rule
        case .submitted:
            state.status = .submitted
            state.rejectionReason = nil
        case .approved: state.status = .approved
        case .rejected(let rejected):
            state.status = .rejected
            state.rejectionReason = rejected.reason
        case .itemsHeld(let held):
            state.holds[held.booking] = Hold(customer: held.customer, items: held.items, expiresAt: held.expiresAt)
            state.holdOfCustomer[held.customer] = held.booking
            state.take(held.items, for: held.booking, counts: \.heldCounts)
        case .holdReleased(let released): state.endHold(released.booking)
        case .holdExpired(let expired): state.endHold(expired.booking)
        case .itemsSold(let sold):
            // A sale that follows its hold converts it; a late sale takes the items afresh.
            state.endHold(sold.booking)
            state.sales[sold.booking] = Sale(customer: sold.customer, items: sold.items)
            state.salesOfCustomer[sold.customer, default: 0] += 1
            state.take(sold.items, for: sold.booking, counts: \.soldCounts)
        case .itemsReturned(let returned):
            if let sale = state.sales.removeValue(forKey: returned.booking) {
                state.give(sale.items, counts: \.soldCounts)
                state.salesOfCustomer[sale.customer, default: 1] -= 1
                if state.salesOfCustomer[sale.customer] == 0 { state.salesOfCustomer[sale.customer] = nil }
            }
        case .cancelled: state.status = .cancelled
        case .ended: state.status = .ended
        }
    }

    private static func draft(_ configuration: ShowConfiguration, _ state: State) throws(Rejection) -> [Event] {
        if state.configuration == configuration { return [] }
        guard state.status == .none else { throw .alreadyDrafted }
        guard configuration.schedule.start < configuration.schedule.end else { throw .invalidSchedule }
        if let problem = ShowValidation.problem(in: configuration) { throw .invalidConfiguration(problem) }
        return [.drafted(ShowDrafted(configuration: configuration))]
    }

    /// The command comes from the show's organizer, and the show can still be edited.
    private static func requireOrganizer(_ organizer: OrganizerID, _ state: State, editable: Bool) throws(Rejection) {
        guard let configuration = state.configuration else { throw .noSuchShow }
        guard configuration.organizer == organizer else { throw .notTheOrganizer }
        if editable, state.status == .cancelled || state.status == .ended { throw .wrongStatus(state.status) }
    }

    /// A new inventory may not drop a held or sold seat, a category with tickets out, or capacity below them.
    private static func checkInventoryChange(_ inventory: Inventory, _ state: State) throws(Rejection) {
        if let problem = ShowValidation.problem(in: inventory, kind: state.configuration?.kind) {
            throw .invalidConfiguration(problem)
        }
        switch inventory {
        case .seated(let seated):
            let stranded = Set(state.seatTakenBy.keys).subtracting(seated.seats.keys)
            if !stranded.isEmpty {
                throw .wouldStrandTickets("seats \(stranded.sorted().map(\.rawValue).joined(separator: ", ")) are held or sold")
            }
        case .categories(let categories):
            let byID = Dictionary(categories.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let outstanding = Set(state.heldCounts.filter { $0.value > 0 }.keys).union(state.soldCounts.filter { $0.value > 0 }.keys)
            for category in outstanding.sorted() {
                let out = (state.heldCounts[category] ?? 0) + (state.soldCounts[category] ?? 0)
                guard let kept = byID[category] else {
                    throw .wouldStrandTickets("category \(category) has \(out) tickets held or sold")
                }
                if kept.capacity < out {
                    throw .wouldStrandTickets("category \(category) cannot go below the \(out) tickets held or sold")
                }
            }
        }
    }
}

extension Show.State {
    /// Marks `items` taken by `booking`, counting categories in `counts`.
    mutating func take(_ items: Items, for booking: BookingID, counts: WritableKeyPath<Self, [CategoryID: Int]>) {
        switch items {
        case .seats(let seats): for seat in seats { seatTakenBy[seat] = booking }
        case .tickets(let tickets): for (category, count) in tickets { self[keyPath: counts][category, default: 0] += count }
        }
    }

    /// Frees `items`, uncounting categories in `counts`.
    mutating func give(_ items: Items, counts: WritableKeyPath<Self, [CategoryID: Int]>) {
        switch items {
        case .seats(let seats): for seat in seats { seatTakenBy.removeValue(forKey: seat) }
        case .tickets(let tickets): for (category, count) in tickets { self[keyPath: counts][category, default: 0] -= count }
        }
    }

    /// Ends an active hold, freeing its items.
    mutating func endHold(_ booking: BookingID) {
        guard let hold = holds.removeValue(forKey: booking) else { return }
        if holdOfCustomer[hold.customer] == booking { holdOfCustomer.removeValue(forKey: hold.customer) }
        give(hold.items, counts: \.heldCounts)
    }
}

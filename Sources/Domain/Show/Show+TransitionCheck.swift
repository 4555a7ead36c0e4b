extension Show: TransitionCheck {
    /// A show starts drafted; nothing follows its end; a seat is never held or sold to two bookings at once, a
    /// category never past its capacity; only a hold, or a sale, that exists is ended or returned.
    public static func impossibility(of event: Event, after state: State) -> String? {
        if state.status == .none, !isDraft(event) { return "a show's first event must be ShowDrafted" }
        switch event {
        case .drafted:
            return state.status == .none ? nil : "the show was drafted before"
        case .approved:
            return state.status == .submitted ? nil : "approved while \(state.status.rawValue), not submitted"
        case .itemsHeld(let held):
            guard state.status == .approved else { return "items held while the show is \(state.status.rawValue)" }
            return takes(held.items, for: held.booking, state)
        case .itemsSold(let sold):
            return takes(sold.items, for: sold.booking, state)
        case .holdReleased(let released):
            return state.holds[released.booking] == nil ? "booking \(released.booking) has no hold to release" : nil
        case .holdExpired(let expired):
            return state.holds[expired.booking] == nil ? "booking \(expired.booking) has no hold to expire" : nil
        case .itemsReturned(let returned):
            return state.sales[returned.booking] == nil ? "booking \(returned.booking) bought nothing to return" : nil
        case .cancelled, .ended:
            return state.status == .cancelled || state.status == .ended ? "the show had already \(state.status.rawValue)" : nil
        case .detailsEdited, .rescheduled, .inventoryChanged, .refundPolicyChanged, .cutoffChanged, .loneSeatRuleChanged, .submitted, .rejected:
            return nil
        }
    }

    private static func isDraft(_ event: Event) -> Bool {
        if case .drafted = event { return true }
        return false
    }

    /// Why `booking` cannot take `items`: a seat outside the inventory or taken by another booking, or a
    /// category without that many tickets left.
    private static func takes(_ items: Items, for booking: BookingID, _ state: State) -> String? {
        switch items {
        case .seats(let seats):
            guard case .seated(let inventory)? = state.configuration?.inventory else { return "seats taken in a show without seats" }
            for seat in seats.sorted() {
                if inventory.seats[seat] == nil { return "seat \(seat) is not in the show's inventory" }
                if let other = state.seatTakenBy[seat], other != booking { return "seat \(seat) was already taken by booking \(other)" }
            }
            return nil
        case .tickets(let counts):
            for (category, count) in counts.sorted(by: { $0.key < $1.key }) {
                // A hold being converted by its own sale gives its tickets back first.
                let ownHold = state.holds[booking].map { hold in if case .tickets(let held) = hold.items { held[category] ?? 0 } else { 0 } } ?? 0
                if state.available(category) + ownHold < count { return "category \(category) has \(state.available(category)) tickets left, not \(count)" }
            }
            return nil
        }
    }
}

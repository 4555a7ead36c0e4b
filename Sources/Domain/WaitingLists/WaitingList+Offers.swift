extension WaitingList.State {
    /// Who may be offered what the show has free now, in the order they should be asked: those waiting (no offer
    /// open) whose wish the free seats or tickets can meet, first in line first. A customer who holds something on
    /// the show already is passed over for now (a hold in their name would replace theirs); a wish bigger than what
    /// is free is passed over too, so that one large party does not keep smaller ones behind it waiting while seats
    /// stand empty. Each comes with the hold that meets the wish: the best seats (`BestSeats`) or the tickets.
    public func candidates(on show: Show.State) -> [(entry: WaitlistEntry, request: Show.HoldRequest)] {
        guard show.status == .approved else { return [] }
        let free = show.freeSeatsByType
        return entries.compactMap { entry in
            guard entry.offer == nil, show.holdOfCustomer[entry.customer] == nil,
                  let available = show.free(for: entry.wish, freeSeatsByType: free), available >= entry.wish.count else { return nil }
            return switch entry.wish {
            case let .seats(count, seatType): (entry, .best(count: count, seatType: seatType, layout: nil))
            case let .tickets(count, category): (entry, .tickets([category: count]))
            }
        }
    }
}

extension Show.State {
    /// How many seats of each seat type are neither held nor sold (empty for a show without seats).
    public var freeSeatsByType: [String: Int] {
        guard case .seated(let seated)? = configuration?.inventory else { return [:] }
        var free: [String: Int] = [:]
        for (seat, type) in seated.seats where seatTakenBy[seat] == nil { free[type, default: 0] += 1 }
        return free
    }

    /// How many of what `wish` asks for are free now; `nil` when the show does not sell that (seats of a show
    /// without seats, tickets of a category it does not have).
    public func free(for wish: WaitlistWish, freeSeatsByType free: [String: Int]? = nil) -> Int? {
        switch (wish, configuration?.inventory) {
        case let (.seats(_, seatType), .seated(seated)?):
            // Given the counts (a pass over a whole list), a type without free seats counts 0 either way.
            if free == nil, let seatType, !seated.seats.values.contains(seatType) { return nil }
            let free = free ?? freeSeatsByType
            return seatType.map { free[$0] ?? 0 } ?? free.values.reduce(0, +)
        case let (.tickets(_, category), .categories(categories)?):
            return categories.contains { $0.id == category } ? available(category) : nil
        default:
            return nil
        }
    }
}

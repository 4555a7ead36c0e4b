extension ShowHolding {
    /// A best-available request made concrete: the seats `BestSeats` picks on the show as it stands, the customer's
    /// own hold counting as free (the new hold replaces it). Every other request is as it was.
    static func resolved(
        _ request: Show.HoldRequest, _ configuration: ShowConfiguration, _ state: Show.State, replacing previous: BookingID?
    ) throws(Rejection) -> Show.HoldRequest {
        guard case let .best(count, seatType, layout) = request else { return request }
        guard case .seated(let seated) = configuration.inventory else { throw .wrongKindOfRequest }
        guard count > 0 else { throw .emptyRequest }
        guard count <= configuration.maxTicketsPerOrder else {
            throw .tooManyTickets(requested: count, limit: configuration.maxTicketsPerOrder)
        }
        if let seatType, !seated.seats.values.contains(seatType) { throw .unknownSeatType(seatType) }
        let map = SeatMap(seated, layout: layout, state, replacing: previous)
        guard let seats = BestSeats.pick(count, type: seatType, in: map.blocks, types: seated.seats, free: map.isFree) else {
            let available = map.blocks.blocks.flatMap(\.seats).filter { map.isFree($0) && (seatType == nil || seated.seats[$0] == seatType) }.count
            throw .notEnoughSeats(requested: count, free: available)
        }
        return .seats(Set(seats), layout: layout)
    }

    /// On a show that refuses lone seats, seats chosen by hand that leave a seat alone are refused when as many seats
    /// could be chosen that leave none (then the customer can choose again; when none can, the choice stands).
    static func checkLoneSeats(
        _ request: Show.HoldRequest, _ configuration: ShowConfiguration, _ state: Show.State, replacing previous: BookingID?
    ) throws(Rejection) {
        guard configuration.loneSeats == .refused, case let .seats(seats, layout) = request,
              case .seated(let seated) = configuration.inventory
        else { return }
        let map = SeatMap(seated, layout: layout, state, replacing: previous)
        let alone = map.blocks.loneSeats(after: seats, free: map.isFree)
        guard !alone.isEmpty else { return }
        if let other = BestSeats.pick(seats.count, type: nil, in: map.blocks, types: seated.seats, free: map.isFree),
           map.blocks.loneSeats(after: Set(other), free: map.isFree).isEmpty {
            throw .wouldLeaveLoneSeats(alone)
        }
    }

    /// A seated show's seats as a choice sees them: side by side on the layout, and free unless another booking
    /// holds or bought them.
    private struct SeatMap {
        let blocks: SeatBlocks
        let isFree: (SeatID) -> Bool

        init(_ seated: SeatedInventory, layout: SeatLayout?, _ state: Show.State, replacing previous: BookingID?) {
            blocks = layout.map { SeatBlocks(layout: $0) { seated.seats[$0] != nil } } ?? SeatBlocks(seatNames: seated.seats)
            let taken = state.seatTakenBy
            isFree = { seat in seated.seats[seat] != nil && (taken[seat].map { $0 == previous } ?? true) }
        }
    }
}

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
        let blocks = layout.map { SeatBlocks(layout: $0) { seated.seats[$0] != nil } } ?? SeatBlocks(seatNames: seated.seats)
        func free(_ seat: SeatID) -> Bool {
            guard seated.seats[seat] != nil, let owner = state.seatTakenBy[seat] else { return seated.seats[seat] != nil }
            return owner == previous
        }
        guard let seats = BestSeats.pick(count, type: seatType, in: blocks, types: seated.seats, free: free) else {
            let available = blocks.blocks.flatMap(\.seats).filter { free($0) && (seatType == nil || seated.seats[$0] == seatType) }.count
            throw .notEnoughSeats(requested: count, free: available)
        }
        return .seats(Set(seats))
    }
}

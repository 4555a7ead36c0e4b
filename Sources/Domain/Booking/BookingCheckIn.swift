/// Check-in at the door: each ticket admits once, to its own show, within the show's window.
enum BookingCheckIn {
    static func checkIn(
        _ ticket: TicketID, show: ShowID, scanner: OrganizerID, now: Instant, _ state: Booking.State
    ) throws(Booking.Rejection) -> [Booking.Event] {
        let terms = try Booking.require(state)
        guard let found = state.tickets[ticket] else { throw .unknownTicket(ticket) }
        guard terms.show == show else { throw .ticketForAnotherShow(terms.show) }
        // Tickets exist only once a booking is confirmed, so a found ticket is valid unless refunded.
        guard state.refund == nil else { throw .ticketRefunded }
        // A second scan is refused, naming the first: at the door that is the answer staff need, so the rule
        // "repeating a command decides nothing" gives way here.
        if let first = found.checkedIn { throw .alreadyCheckedIn(at: first.at, by: first.by) }
        let opens = terms.schedule.start.subtracting(Booking.checkInOpensBefore)
        guard now >= opens, now <= terms.schedule.end else {
            throw .outsideCheckInWindow(opens: opens, closes: terms.schedule.end)
        }
        return [.checkedIn(TicketCheckedIn(ticket: ticket, scanner: scanner, at: now))]
    }
}

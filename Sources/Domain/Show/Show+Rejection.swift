extension Show {
    /// Why a command was refused; each case carries the facts needed to explain it.
    public enum Rejection: Error, Equatable, Sendable {
        case alreadyDrafted
        case noSuchShow
        case notTheOrganizer
        case invalidSchedule
        case invalidConfiguration(String)
        /// The command needs another status (`draft` for a submit, `submitted` for an approval, …).
        case wrongStatus(ShowStatus)
        /// Booking needs an approved show that is neither cancelled nor ended.
        case notOnSale(ShowStatus)
        /// The booking cut-off (or the start) has passed.
        case bookingClosed(closedAt: Instant)
        case emptyRequest
        case tooManyTickets(requested: Int, limit: Int)
        /// The request does not match the show's kind (seats for an open show, …).
        case wrongKindOfRequest
        case unknownSeats(Set<SeatID>)
        /// Held or sold by another booking; the request held nothing.
        case seatsUnavailable(Set<SeatID>)
        /// A best-available request for more seats (of its type) than are free: how many are.
        case notEnoughSeats(requested: Int, free: Int)
        /// A best-available request for a seat type the show does not sell.
        case unknownSeatType(String)
        /// Seats picked by hand that would leave these seats alone, on a show that refuses it (`LoneSeatRule`).
        case wouldLeaveLoneSeats(Set<SeatID>)
        case unknownCategories(Set<CategoryID>)
        /// Not enough left: the categories asked for and how many of each are still available.
        case ticketsUnavailable([CategoryID: Int])
        case invalidRegistration(RegistrationProblem)
        /// This booking id already holds or bought something else.
        case bookingAlreadyUsed(BookingID)
        case notYourHold(BookingID)
        /// A late payment's items were taken meanwhile: the payment must be refunded.
        case itemsNoLongerAvailable(BookingID)
        case showCancelled
        /// The change would strand sold or held tickets.
        case wouldStrandTickets(String)
        case showNotOver(endsAt: Instant)
    }
}

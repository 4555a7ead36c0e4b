extension Show {
    /// What can be asked of a show. Each command carries the time it needs; the shell supplies ids.
    public enum Command: Sendable, Equatable {
        /// An organizer drafts a show.
        case draft(ShowConfiguration)
        /// An organizer edits the public details.
        case editDetails(ShowDetails, by: OrganizerID)
        /// An organizer moves the show in time.
        case reschedule(ShowSchedule, by: OrganizerID)
        /// An organizer changes what is for sale or its prices; sold and held tickets keep their prices.
        case changeInventory(Inventory, by: OrganizerID)
        /// An organizer changes the refund policy of future bookings.
        case changeRefundPolicy(RefundPolicy, by: OrganizerID)
        /// An organizer changes when booking closes (until it is cancelled or ended).
        case changeCutoff(BookingCutoff, by: OrganizerID)
        /// Whether customers' own choices of seats may leave a lone seat.
        case setLoneSeatRule(LoneSeatRule, by: OrganizerID)
        /// An organizer sends the draft for approval.
        case submit(by: OrganizerID)
        /// An admin approves it: it goes on sale.
        case approve(by: AdminID)
        /// An admin rejects it, with a reason the organizer sees.
        case reject(by: AdminID, reason: String)
        /// A customer holds seats or tickets for a booking until `now` + the hold period.
        case hold(HoldRequest, booking: BookingID, customer: CustomerID, now: Instant)
        /// The customer lets the hold go before it expires.
        case releaseHold(booking: BookingID, customer: CustomerID)
        /// The hold's timer fired.
        case expireHold(booking: BookingID, now: Instant)
        /// The booking was paid (or is free): its items become sold. A payment after expiry is honoured only
        /// if the same items are still free.
        case sell(booking: BookingID, customer: CustomerID, items: Items, now: Instant)
        /// A refunded booking's items go back on sale.
        case returnItems(booking: BookingID)
        /// The organizer or an admin cancels the show.
        case cancel(by: Actor, reason: String, now: Instant)
        /// The show's end timer fired.
        case end(now: Instant)
    }

    /// What a customer asks to hold.
    public enum HoldRequest: Sendable, Hashable {
        /// Specific seats of a seated show, with its screen's layout when the show refuses lone seats (`nil`: its
        /// seats in rows by their names).
        case seats(Set<SeatID>, layout: SeatLayout? = nil)
        /// Counts per category of an open or online show.
        case tickets([CategoryID: Int])
        /// People signing up for a registration show (one ticket each).
        case participants([Participant], category: CategoryID)
        /// The best `count` free seats of a seated show (`BestSeats`), of one seat type if given, on the show's
        /// screen's `layout` (`nil`: a show with no screen, its seats in rows by their names).
        case best(count: Int, seatType: String?, layout: SeatLayout?)
    }
}

/// Who acted, when it matters who. Stored as `{"organizer":"id"}`, `{"admin":"id"}`, `{"customer":"id"}` or
/// `{"system":true}`.
public enum Actor: Hashable, Sendable, Codable {
    case organizer(OrganizerID)
    case admin(AdminID)
    case customer(CustomerID)
    /// The platform itself (timers, process managers).
    case system

    private enum Key: String, CodingKey { case organizer, admin, customer, system }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        if let id = try container.decodeIfPresent(OrganizerID.self, forKey: .organizer) {
            self = .organizer(id)
        } else if let id = try container.decodeIfPresent(AdminID.self, forKey: .admin) {
            self = .admin(id)
        } else if let id = try container.decodeIfPresent(CustomerID.self, forKey: .customer) {
            self = .customer(id)
        } else {
            _ = try container.decode(Bool.self, forKey: .system)
            self = .system
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .organizer(let id): try container.encode(id, forKey: .organizer)
        case .admin(let id): try container.encode(id, forKey: .admin)
        case .customer(let id): try container.encode(id, forKey: .customer)
        case .system: try container.encode(true, forKey: .system)
        }
    }
}

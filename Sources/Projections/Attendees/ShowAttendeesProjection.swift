public import Domain
public import DomainEvents
public import EventStore

/// Who comes to each show, for its organizer: a row per confirmed booking (whose, its tickets and what each admits,
/// the registration form's answers, check-ins, a refund) and the contact details of each customer who booked.
/// A booking's row is written when it is confirmed (a late payment confirms a hold that had expired, so nothing
/// waits on the hold); until then its owner row says whose it is, for which show, and for a registration who signs
/// up. A sale touches two small binary rows (`ShowAttendees+Binary.swift`): the owner when it starts, the row when
/// it is confirmed.
///
/// Keys: `show\u{1}booking` (a confirmed booking of the show), `\u{2}booking` (a booking's owner: its later events
/// do not name the show), `\u{3}customer` (a customer's name, address and phone, and their registrations' bookings).
/// Ids never hold control characters.
///
/// A customer's erasure erases their row and their registrations' answers here, as their sealed events read once
/// their key is gone: the views a rebuild makes after an erasure are the ones the erasure left.
public struct ShowAttendeesProjection: Projection {
    public indirect enum View: Codable, Sendable, Equatable {
        case booking(Attendance)
        case owner(Owner)
        case person(Contact)
    }

    /// One confirmed booking of a show, as its organizer sees it.
    public struct Attendance: Codable, Sendable, Equatable {
        public var customer: CustomerID
        /// Registration shows: each participant's answers, keyed by the form's field labels.
        public var participants: [Participant]
        public var tickets: [IssuedTicket]
        public var confirmedAt: Instant?
        public var checkedIn: Int
        public var refunded: Bool
    }

    /// Whose a booking is, for which show, and (registration shows) who signs up.
    public struct Owner: Codable, Sendable, Equatable {
        public var show: ShowID?
        public var customer: CustomerID?
        public var participants: [Participant]
    }

    public struct Contact: Codable, Sendable, Equatable {
        public var name: String
        public var email: String
        public var phone: String
        /// The customer's bookings that name participants (a registration's): where their answers are, for an erasure.
        public var registrations: [BookingID]
    }

    // NOTE: checkpoint identity; renaming it orphans the checkpoint and rebuilds under the new name.
    public static let name = "show-attendees"
    /// 2: rows written on confirmation only, owners carry the customer and participants, binary views.
    /// 3: a customer's row lists their registrations, and an erasure erases what they hold.
    /// 4: a registration starts the row's phone afresh (an erased account's address signing up again).
    public static let version = 4

    public init() {}

    static func bookingKey(_ show: ShowID, _ booking: BookingID) -> String { "\(show.rawValue)\u{1}\(booking.rawValue)" }
    static func ownerKey(_ booking: BookingID) -> String { "\u{2}\(booking.rawValue)" }
    static func personKey(_ customer: CustomerID) -> String { "\u{3}\(customer.rawValue)" }

    public func fold(_ record: RecordedEvent, _ event: DomainEvent?, into views: ViewBatch<View>) throws {
        switch event {
        case .show(.itemsHeld(let held))?:
            // Only a registration's hold carries what its row needs (the participants); a seat's adds nothing.
            guard let participants = held.participants, !participants.isEmpty else { return }
            try Self.owner(held.booking, views) { $0.participants = participants }
            try Self.person(held.customer, views) { contact in
                if !contact.registrations.contains(held.booking) { contact.registrations.append(held.booking) }
            }
        case .booking(.started(let started))?:
            try Self.owner(BookingID(record.stream.id), views) { owner in
                owner.show = started.terms.show
                owner.customer = started.terms.customer
            }
        case .booking(.confirmed(let confirmed))?:
            let booking = BookingID(record.stream.id)
            guard case .owner(let owner)? = try views.view(Self.ownerKey(booking)), let show = owner.show, let customer = owner.customer
            else { return }
            views.set(Self.bookingKey(show, booking), .booking(Attendance(
                customer: customer, participants: owner.participants, tickets: confirmed.tickets, confirmedAt: confirmed.at,
                checkedIn: 0, refunded: false)))
        case .booking(.checkedIn)?:
            try Self.change(BookingID(record.stream.id), views) { $0.checkedIn += 1 }
        case .booking(.refundRequested)?:
            try Self.change(BookingID(record.stream.id), views) { $0.refunded = true }
        case .customer(.registered(let registered))?:
            try Self.person(registered.customer, views) { contact in
                contact.name = registered.name
                contact.email = registered.email
                // A new account (an erased one's address signing up again) has no phone until it gives one.
                contact.phone = ""
            }
        case .customer(.profileUpdated(let updated))?:
            try Self.person(CustomerID(record.stream.id), views) { contact in
                contact.name = updated.name
                contact.phone = updated.phone
            }
        case .customer(.erased(let erased))?:
            try Self.erase(erased.customer, views)
        default:
            return
        }
    }

    /// A change to a booking's owner row (its hold and its start come in one commit, in either order).
    private static func owner(_ booking: BookingID, _ views: ViewBatch<View>, _ update: (inout Owner) -> Void) throws {
        try views.update(ownerKey(booking)) { view in
            var owner = if case .owner(let owner)? = view { owner } else { Owner(show: nil, customer: nil, participants: []) }
            update(&owner)
            view = .owner(owner)
        }
    }

    private static func person(_ customer: CustomerID, _ views: ViewBatch<View>, _ update: (inout Contact) -> Void) throws {
        try views.update(personKey(customer)) { view in
            var contact = if case .person(let contact)? = view { contact } else { Contact(name: "", email: "", phone: "", registrations: []) }
            update(&contact)
            view = .person(contact)
        }
    }

    /// Erases what the projection holds of `customer`: their contact details, and their registrations' answers.
    private static func erase(_ customer: CustomerID, _ views: ViewBatch<View>) throws {
        let erased = PersonalData.erased
        var registrations: [BookingID] = []
        try person(customer, views) { contact in
            contact.name = erased
            contact.email = erased
            contact.phone = erased
            registrations = contact.registrations
        }
        func erasing(_ participants: [Participant]) -> [Participant] {
            participants.map { Participant(answers: $0.answers.mapValues { _ in erased }) }
        }
        for booking in registrations {
            try owner(booking, views) { $0.participants = erasing($0.participants) }
            try change(booking, views) { $0.participants = erasing($0.participants) }
        }
    }

    /// A change to the row of a booking, found through its owner row.
    private static func change(_ booking: BookingID, _ batch: ViewBatch<View>, _ update: (inout Attendance) -> Void) throws {
        guard case .owner(let owner)? = try batch.view(ownerKey(booking)), let show = owner.show,
              case .booking(var row)? = try batch.view(bookingKey(show, booking))
        else { return }
        update(&row)
        batch.set(bookingKey(show, booking), .booking(row))
    }

    /// One attendee: a confirmed booking and who made it.
    public struct Attendee: Sendable, Equatable {
        public var booking: BookingID
        public var attendance: Attendance
        public var contact: Contact?
    }

    /// The confirmed bookings of `show`, oldest confirmation first, with their customers' contact details.
    public static func attendees(of show: ShowID, from store: ProjectionStore) throws(EventStoreError) -> [Attendee] {
        let prefix = "\(show.rawValue)\u{1}"
        let rows: [(BookingID, Attendance, Instant)] = try store.views(Self.self, prefix: prefix).compactMap { entry in
            guard case .booking(let row) = entry.view, let confirmedAt = row.confirmedAt else { return nil }
            return (BookingID(String(entry.key.dropFirst(prefix.count))), row, confirmedAt)
        }
        let customers = Array(Set(rows.map(\.1.customer))).sorted()
        var contacts: [CustomerID: Contact] = [:]
        for (customer, view) in zip(customers, try store.views(Self.self, keys: customers.map(personKey))) {
            if case .person(let contact)? = view { contacts[customer] = contact }
        }
        return rows.sorted { ($0.2, $0.0) < ($1.2, $1.0) }.map { Attendee(booking: $0.0, attendance: $0.1, contact: contacts[$0.1.customer]) }
    }
}

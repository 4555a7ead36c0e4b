public import Domain
public import DomainEvents
public import EventStore

/// Who comes to each show, for its organizer: a row per booking (whose, what, the registration form's answers, its
/// tickets once confirmed, check-ins, a refund) and the contact details of each customer who booked. Only
/// confirmed bookings are attendees; a hold's row waits for its confirmation (a late payment confirms a hold that
/// had expired, so rows are not removed when holds end).
///
/// Keys: `show\u{1}booking` (a booking of the show), `\u{2}booking` (the show of a booking: its later events do not
/// name it), `\u{3}customer` (a customer's name, address and phone). Ids never hold control characters.
public struct ShowAttendeesProjection: Projection {
    public indirect enum View: Codable, Sendable, Equatable {
        case booking(Attendance)
        case owner(ShowID)
        case person(Contact)
    }

    /// One booking of a show, as its organizer sees it.
    public struct Attendance: Codable, Sendable, Equatable {
        public var customer: CustomerID
        public var items: Items?
        /// Registration shows: each participant's answers, keyed by the form's field names.
        public var participants: [Participant]
        public var tickets: [IssuedTicket]
        public var confirmedAt: Instant?
        public var checkedIn: Int
        public var refunded: Bool

        static func empty(_ customer: CustomerID) -> Attendance {
            Attendance(customer: customer, items: nil, participants: [], tickets: [], confirmedAt: nil, checkedIn: 0, refunded: false)
        }
    }

    public struct Contact: Codable, Sendable, Equatable {
        public var name: String
        public var email: String
        public var phone: String
    }

    // NOTE: checkpoint identity; renaming it orphans the checkpoint and rebuilds under the new name.
    public static let name = "show-attendees"
    public static let version = 1

    public init() {}

    static func bookingKey(_ show: ShowID, _ booking: BookingID) -> String { "\(show.rawValue)\u{1}\(booking.rawValue)" }
    static func ownerKey(_ booking: BookingID) -> String { "\u{2}\(booking.rawValue)" }
    static func personKey(_ customer: CustomerID) -> String { "\u{3}\(customer.rawValue)" }

    public func fold(_ record: RecordedEvent, _ event: DomainEvent?) throws -> ViewChange<View>? {
        switch event {
        case .show(.itemsHeld(let held))?:
            let show = ShowID(record.stream.id)
            return Self.change(show, held.booking, customer: held.customer) { row in
                row.items = held.items
                row.participants = held.participants ?? []
            }
        case .booking(.started(let started))?:
            let booking = BookingID(record.stream.id)
            return ViewChange { batch in
                batch.set(Self.ownerKey(booking), .owner(started.terms.show))
                let key = Self.bookingKey(started.terms.show, booking)
                var row = if case .booking(let row)? = try batch.view(key) { row } else { Attendance.empty(started.terms.customer) }
                if row.items == nil { row.items = started.terms.items }
                batch.set(key, .booking(row))
            }
        case .booking(.confirmed(let confirmed))?:
            return Self.change(BookingID(record.stream.id)) { row in
                row.tickets = confirmed.tickets
                row.confirmedAt = confirmed.at
            }
        case .booking(.checkedIn)?:
            return Self.change(BookingID(record.stream.id)) { $0.checkedIn += 1 }
        case .booking(.refundRequested)?:
            return Self.change(BookingID(record.stream.id)) { $0.refunded = true }
        case .customer(.registered(let registered))?:
            return ViewChange(key: Self.personKey(registered.customer)) { view in
                var contact = if case .person(let contact)? = view { contact } else { Contact(name: "", email: "", phone: "") }
                contact.name = registered.name
                contact.email = registered.email
                view = .person(contact)
            }
        case .customer(.profileUpdated(let updated))?:
            return ViewChange(key: Self.personKey(CustomerID(record.stream.id))) { view in
                var contact = if case .person(let contact)? = view { contact } else { Contact(name: "", email: "", phone: "") }
                contact.name = updated.name
                contact.phone = updated.phone
                view = .person(contact)
            }
        default:
            return nil
        }
    }

    /// A change to the row of a booking whose show the event names.
    private static func change(_ show: ShowID, _ booking: BookingID, customer: CustomerID,
                               _ update: @escaping @Sendable (inout Attendance) -> Void) -> ViewChange<View> {
        ViewChange(key: bookingKey(show, booking)) { view in
            var row = if case .booking(let row)? = view { row } else { Attendance.empty(customer) }
            update(&row)
            view = .booking(row)
        }
    }

    /// A change to the row of a booking, found through its owner row.
    private static func change(_ booking: BookingID, _ update: @escaping @Sendable (inout Attendance) -> Void) -> ViewChange<View> {
        ViewChange { batch in
            guard case .owner(let show)? = try batch.view(ownerKey(booking)),
                  case .booking(var row)? = try batch.view(bookingKey(show, booking))
            else { return }
            update(&row)
            batch.set(bookingKey(show, booking), .booking(row))
        }
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

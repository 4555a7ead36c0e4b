import Domain
import DomainEvents

// A show's attendees in protobuf's wire format, by hand (see `BinaryView`): a sale writes an owner row and, when
// confirmed, a booking row. Field numbers are this file's own.
//
// View: 1 booking (1 customer, 2 participant*, 3 ticket* (1 id, 2 admits), 4 confirmedAt, 5 checkedIn, 6 refunded),
// 2 owner (1 show, 2 customer, 3 participant*), 3 person (1 name, 2 email, 3 phone, 4 registration booking*).
// A participant: 1 answer* (1 field label, 2 text), answers sorted by label.
extension ShowAttendeesProjection.View: BinaryView {
    func binaryEncoded(into w: inout WireWriter) {
        switch self {
        case .booking(let row):
            w.message(1) { b in
                b.string(1, row.customer.rawValue)
                Self.write(row.participants, 2, &b)
                for ticket in row.tickets {
                    b.message(3) { t in
                        t.string(1, ticket.id.rawValue)
                        t.string(2, ticket.admits)
                    }
                }
                if let confirmedAt = row.confirmedAt { b.int64(4, confirmedAt.rawValue) }
                b.int(5, row.checkedIn)
                b.bool(6, row.refunded)
            }
        case .owner(let owner):
            w.message(2) { o in
                if let show = owner.show { o.string(1, show.rawValue) }
                if let customer = owner.customer { o.string(2, customer.rawValue) }
                Self.write(owner.participants, 3, &o)
            }
        case .person(let contact):
            w.message(3) { p in
                p.string(1, contact.name)
                p.string(2, contact.email)
                p.string(3, contact.phone)
                for booking in contact.registrations { p.string(4, booking.rawValue) }
            }
        }
    }

    init(binary r: inout WireReader) throws(SchemaMismatch) {
        self = try r.oneOf("a show attendees row") { number, wire, r throws(SchemaMismatch) in
            switch (number, wire) {
            case (1, 2): var m = try r.message(); return .booking(try Self.row(&m))
            case (2, 2): var m = try r.message(); return .owner(try Self.owner(&m))
            case (3, 2): var m = try r.message(); return .person(try Self.contact(&m))
            default: return nil
            }
        }
    }

    private static func write(_ participants: [Participant], _ number: Int, _ w: inout WireWriter) {
        for participant in participants {
            w.message(number) { p in
                for (label, text) in participant.answers.sorted(by: { $0.key < $1.key }) {
                    p.message(1) { a in
                        a.string(1, label)
                        a.string(2, text)
                    }
                }
            }
        }
    }

    private static func participant(_ m: inout WireReader) throws(SchemaMismatch) -> Participant {
        var answers: [String: String] = [:]
        while let (number, wire) = try m.field() {
            guard (number, wire) == (1, 2) else { try m.skip(wire); continue }
            var answer = try m.message()
            var label = "", text = ""
            while let (number, wire) = try answer.field() {
                switch (number, wire) {
                case (1, 2): label = try answer.string()
                case (2, 2): text = try answer.string()
                default: try answer.skip(wire)
                }
            }
            answers[label] = text
        }
        return Participant(answers: answers)
    }

    private static func row(_ m: inout WireReader) throws(SchemaMismatch) -> ShowAttendeesProjection.Attendance {
        var row = ShowAttendeesProjection.Attendance(customer: CustomerID(""), participants: [], tickets: [], confirmedAt: nil, checkedIn: 0,
                                                     refunded: false)
        while let (number, wire) = try m.field() {
            switch (number, wire) {
            case (1, 2): row.customer = CustomerID(try m.string())
            case (2, 2): var p = try m.message(); row.participants.append(try participant(&p))
            case (3, 2):
                var t = try m.message()
                var id = "", admits = ""
                while let (number, wire) = try t.field() {
                    switch (number, wire) {
                    case (1, 2): id = try t.string()
                    case (2, 2): admits = try t.string()
                    default: try t.skip(wire)
                    }
                }
                row.tickets.append(IssuedTicket(id: TicketID(id), admits: admits))
            case (4, 0): row.confirmedAt = Instant(millisecondsSince1970: try m.int64())
            case (5, 0): row.checkedIn = try m.int()
            case (6, 0): row.refunded = try m.bool()
            default: try m.skip(wire)
            }
        }
        return row
    }

    private static func owner(_ m: inout WireReader) throws(SchemaMismatch) -> ShowAttendeesProjection.Owner {
        var owner = ShowAttendeesProjection.Owner(show: nil, customer: nil, participants: [])
        while let (number, wire) = try m.field() {
            switch (number, wire) {
            case (1, 2): owner.show = ShowID(try m.string())
            case (2, 2): owner.customer = CustomerID(try m.string())
            case (3, 2): var p = try m.message(); owner.participants.append(try participant(&p))
            default: try m.skip(wire)
            }
        }
        return owner
    }

    private static func contact(_ m: inout WireReader) throws(SchemaMismatch) -> ShowAttendeesProjection.Contact {
        var contact = ShowAttendeesProjection.Contact(name: "", email: "", phone: "", registrations: [])
        while let (number, wire) = try m.field() {
            switch (number, wire) {
            case (1, 2): contact.name = try m.string()
            case (2, 2): contact.email = try m.string()
            case (3, 2): contact.phone = try m.string()
            case (4, 2): contact.registrations.append(BookingID(try m.string()))
            default: try m.skip(wire)
            }
        }
        return contact
    }
}

import Domain
import DomainEvents

// A show's bookings and door in protobuf's wire format, by hand (see `BinaryView`): a rebuild writes two rows per
// booking. Field numbers are this file's own; rows stored compact by earlier versions still read.
//
// View: 1 summary (1 valid, 2 checkedIn), 2 booking (1 customer, 2 tickets, 3 checkedIn, 4 refunded), 3 owner (a show id).
extension ShowBookingsProjection.View: BinaryView {
    func binaryEncoded(into w: inout WireWriter) {
        switch self {
        case .summary(let door):
            w.message(1) { d in
                d.int(1, door.valid)
                d.int(2, door.checkedIn)
            }
        case .booking(let row):
            w.message(2) { b in
                b.string(1, row.customer.rawValue)
                b.int(2, row.tickets)
                b.int(3, row.checkedIn)
                b.bool(4, row.refunded)
            }
        case .owner(let show):
            w.string(3, show.rawValue)
        }
    }

    init(binary r: inout WireReader) throws(SchemaMismatch) {
        var view: Self?
        while let (number, wire) = try r.field() {
            switch (number, wire) {
            case (1, 2):
                var m = try r.message()
                var door = ShowBookingsProjection.CheckInCounts(valid: 0, checkedIn: 0)
                while let (number, wire) = try m.field() {
                    switch (number, wire) {
                    case (1, 0): door.valid = try m.int()
                    case (2, 0): door.checkedIn = try m.int()
                    default: try m.skip(wire)
                    }
                }
                view = .summary(door)
            case (2, 2):
                var m = try r.message()
                var row = ShowBookingsProjection.Row(customer: CustomerID(""), tickets: 0, checkedIn: 0, refunded: false)
                while let (number, wire) = try m.field() {
                    switch (number, wire) {
                    case (1, 2): row.customer = CustomerID(try m.string())
                    case (2, 0): row.tickets = try m.int()
                    case (3, 0): row.checkedIn = try m.int()
                    case (4, 0): row.refunded = try m.bool()
                    default: try m.skip(wire)
                    }
                }
                view = .booking(row)
            case (3, 2): view = .owner(ShowID(try r.string()))
            default: try r.skip(wire)
            }
        }
        guard let view else { throw SchemaMismatch("a show bookings row of no kind") }
        self = view
    }
}

// A customer's booking row: 1 booking.
extension CustomerBookingsProjection.View: BinaryView {
    func binaryEncoded(into w: inout WireWriter) {
        w.string(1, booking.rawValue)
    }

    init(binary r: inout WireReader) throws(SchemaMismatch) {
        var booking: String?
        while let (number, wire) = try r.field() {
            if number == 1, wire == 2 { booking = try r.string() } else { try r.skip(wire) }
        }
        guard let booking else { throw SchemaMismatch("a customer's booking row without its booking") }
        self.init(booking: BookingID(booking))
    }
}

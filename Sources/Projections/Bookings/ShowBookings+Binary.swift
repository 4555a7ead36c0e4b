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
        self = try r.oneOf("a show bookings row") { number, wire, r throws(SchemaMismatch) in
            switch (number, wire) {
            case (1, 2): var m = try r.message(); return .summary(try Self.door(&m))
            case (2, 2): var m = try r.message(); return .booking(try Self.row(&m))
            case (3, 2): return .owner(ShowID(try r.string()))
            default: return nil
            }
        }
    }

    private static func door(_ m: inout WireReader) throws(SchemaMismatch) -> ShowBookingsProjection.CheckInCounts {
        var door = ShowBookingsProjection.CheckInCounts(valid: 0, checkedIn: 0)
        while let (number, wire) = try m.field() {
            switch (number, wire) {
            case (1, 0): door.valid = try m.int()
            case (2, 0): door.checkedIn = try m.int()
            default: try m.skip(wire)
            }
        }
        return door
    }

    private static func row(_ m: inout WireReader) throws(SchemaMismatch) -> ShowBookingsProjection.Row {
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
        return row
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

import Domain
import DomainEvents

// Availability rows in protobuf's wire format, by hand (see `BinaryView`): a rebuild writes a row per booking and per
// marked seat. Field numbers are this file's own; rows stored compact by earlier versions still read.
//
// View: 1 summary, 2 seat, 3 booking.
// Summary: 1 status, 2 seat (repeated, in reading order), 3 category (1 id, 2 capacity, 3 held, 4 sold; in id order).
// Seat: 1 status, 2 heldUntil. Booking: 1 items, 2 sold, 3 heldUntil.
extension ShowAvailabilityProjection.View: BinaryView {
    func binaryEncoded(into w: inout WireWriter) {
        switch self {
        case .summary(let summary):
            w.message(1) { s in
                s.string(1, summary.status.rawValue)
                for seat in summary.seats { s.string(2, seat.rawValue) }
                for (id, counts) in summary.categories.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                    s.message(3) { c in
                        c.string(1, id.rawValue)
                        c.int(2, counts.capacity)
                        c.int(3, counts.held)
                        c.int(4, counts.sold)
                    }
                }
            }
        case .seat(let seat):
            w.message(2) { s in
                s.string(1, seat.status.rawValue)
                if let until = seat.heldUntil { s.int64(2, until.rawValue) }
            }
        case .booking(let booked):
            w.message(3) { b in
                b.items(1, booked.items)
                b.bool(2, booked.sold)
                if let until = booked.heldUntil { b.int64(3, until.rawValue) }
            }
        }
    }

    init(binary r: inout WireReader) throws(SchemaMismatch) {
        self = try r.oneOf("an availability row") { number, wire, r throws(SchemaMismatch) in
            switch (number, wire) {
            case (1, 2): var m = try r.message(); return .summary(try Self.summary(&m))
            case (2, 2): var m = try r.message(); return .seat(try Self.seat(&m))
            case (3, 2): var m = try r.message(); return .booking(try Self.booked(&m))
            default: return nil
            }
        }
    }

    private static func summary(_ r: inout WireReader) throws(SchemaMismatch) -> AvailabilitySummary {
        var status: ShowStatus?, seats: [SeatID] = [], categories: [CategoryID: CategoryCounts] = [:]
        while let (number, wire) = try r.field() {
            switch (number, wire) {
            case (1, 2): status = ShowStatus(rawValue: try r.string())
            case (2, 2): seats.append(SeatID(try r.string()))
            case (3, 2):
                var m = try r.message()
                var id = "", counts = CategoryCounts(capacity: 0)
                while let (number, wire) = try m.field() {
                    switch (number, wire) {
                    case (1, 2): id = try m.string()
                    case (2, 0): counts.capacity = try m.int()
                    case (3, 0): counts.held = try m.int()
                    case (4, 0): counts.sold = try m.int()
                    default: try m.skip(wire)
                    }
                }
                categories[CategoryID(id)] = counts
            default: try r.skip(wire)
            }
        }
        guard let status else { throw SchemaMismatch("an availability summary without a show status it knows") }
        return AvailabilitySummary(status: status, seats: seats, categories: categories)
    }

    private static func seat(_ r: inout WireReader) throws(SchemaMismatch) -> SeatState {
        var status: SeatState.Status?, until: Instant?
        while let (number, wire) = try r.field() {
            switch (number, wire) {
            case (1, 2): status = SeatState.Status(rawValue: try r.string())
            case (2, 0): until = Instant(rawValue: try r.int64())
            default: try r.skip(wire)
            }
        }
        guard let status else { throw SchemaMismatch("a seat row without a status it knows") }
        return SeatState(status: status, heldUntil: until)
    }

    private static func booked(_ r: inout WireReader) throws(SchemaMismatch) -> BookedItems {
        var items: Items?, sold = false, until: Instant?
        while let (number, wire) = try r.field() {
            switch (number, wire) {
            case (1, 2): var m = try r.message(); items = try SaleWire.items(&m)
            case (2, 0): sold = try r.bool()
            case (3, 0): until = Instant(rawValue: try r.int64())
            default: try r.skip(wire)
            }
        }
        guard let items else { throw SchemaMismatch("a booking's availability row without its items") }
        return BookedItems(items: items, sold: sold, heldUntil: until)
    }
}

import Domain
import DomainEvents

// The analytics rows in protobuf's wire format, by hand (see `BinaryView`): a rebuild writes one per booking and one
// per show. Field numbers are this file's own; rows stored compact by earlier versions still read. Maps are written
// in key order, so equal rows are equal bytes (a rebuild is compared with the live views byte for byte).
//
// View: 1 show, 2 booking.
// ShowAnalytics: 1 holds (1 started, 2 confirmed, 3 expired, 4 released, 5 refunded), 2 section, 3 day, 4 checkedIn.
// BookingPart: 1 show, 2 section, 3 confirmedOn, 4 refunded. A section or day: 1 name, 2 tickets, 3 revenue.
extension ShowAnalyticsProjection.View: BinaryView {
    func binaryEncoded(into w: inout WireWriter) {
        switch self {
        case .show(let analytics):
            w.message(1) { a in
                a.message(1) { h in
                    h.int(1, analytics.holds.started)
                    h.int(2, analytics.holds.confirmed)
                    h.int(3, analytics.holds.expired)
                    h.int(4, analytics.holds.released)
                    h.int(5, analytics.holds.refunded)
                }
                a.sales(2, analytics.sections)
                a.sales(3, analytics.days)
                a.int(4, analytics.checkedIn)
            }
        case .booking(let part):
            w.message(2) { b in
                b.string(1, part.show.rawValue)
                b.sales(2, part.sections)
                if let day = part.confirmedOn { b.string(3, day) }
                b.bool(4, part.refunded)
            }
        }
    }

    init(binary r: inout WireReader) throws(SchemaMismatch) {
        self = try r.oneOf("an analytics row") { number, wire, r throws(SchemaMismatch) in
            switch (number, wire) {
            case (1, 2): var m = try r.message(); return .show(try Self.analytics(&m))
            case (2, 2): var m = try r.message(); return .booking(try Self.booking(&m))
            default: return nil
            }
        }
    }

    private static func analytics(_ r: inout WireReader) throws(SchemaMismatch) -> ShowAnalytics {
        var analytics = ShowAnalytics()
        while let (number, wire) = try r.field() {
            switch (number, wire) {
            case (1, 2):
                var h = try r.message()
                while let (number, wire) = try h.field() {
                    switch (number, wire) {
                    case (1, 0): analytics.holds.started = try h.int()
                    case (2, 0): analytics.holds.confirmed = try h.int()
                    case (3, 0): analytics.holds.expired = try h.int()
                    case (4, 0): analytics.holds.released = try h.int()
                    case (5, 0): analytics.holds.refunded = try h.int()
                    default: try h.skip(wire)
                    }
                }
            case (2, 2): var m = try r.message(); try m.sales(into: &analytics.sections)
            case (3, 2): var m = try r.message(); try m.sales(into: &analytics.days)
            case (4, 0): analytics.checkedIn = try r.int()
            default: try r.skip(wire)
            }
        }
        return analytics
    }

    private static func booking(_ r: inout WireReader) throws(SchemaMismatch) -> ShowAnalyticsProjection.BookingPart {
        var part = ShowAnalyticsProjection.BookingPart(show: ShowID(""), sections: [:], confirmedOn: nil, refunded: false)
        while let (number, wire) = try r.field() {
            switch (number, wire) {
            case (1, 2): part.show = ShowID(try r.string())
            case (2, 2): var m = try r.message(); try m.sales(into: &part.sections)
            case (3, 2): part.confirmedOn = try r.string()
            case (4, 0): part.refunded = try r.bool()
            default: try r.skip(wire)
            }
        }
        return part
    }
}

extension WireWriter {
    /// Sales by name, one entry per name in name order.
    fileprivate mutating func sales(_ number: Int, _ sales: [String: Sales]) {
        for (name, entry) in sales.sorted(by: { $0.key < $1.key }) {
            message(number) { s in
                s.string(1, name)
                s.int(2, entry.tickets)
                s.money(3, entry.revenue)
            }
        }
    }
}

extension WireReader {
    /// One entry of sales by name.
    fileprivate mutating func sales(into map: inout [String: Sales]) throws(SchemaMismatch) {
        var name = "", tickets = 0, revenue: Money?
        while let (number, wire) = try field() {
            switch (number, wire) {
            case (1, 2): name = try string()
            case (2, 0): tickets = try int()
            case (3, 2): var m = try message(); revenue = try SaleWire.money(&m)
            default: try skip(wire)
            }
        }
        guard let revenue else { throw SchemaMismatch("sales of \(name) without their revenue") }
        map[name] = Sales(tickets: tickets, revenue: revenue)
    }
}

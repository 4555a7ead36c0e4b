import Domain
import DomainEvents

// A booking's summary view in protobuf's wire format, written by hand: a rebuild writes one per booking, and through
// Codable (CompactCoding) each cost ~15 µs, 14 % of a rebuild. The views are a cache of the log, not a contract, so
// the field numbers below are this file's own; views stored compact by earlier versions still read.
//
// BookingSummary: 1 id, 2 show, 3 customer, 4 items, 5 price, 6 status, 7 expiresAt, 8 startedAt, 9 confirmedAt,
// 10 ticket (repeated: 1 id, 2 admits, 3 checkedInAt), 11 refund (1 amount, 2 status).
extension BookingSummary: BinaryView {
    func binaryEncoded(into w: inout WireWriter) {
        w.string(1, id.rawValue)
        w.string(2, show.rawValue)
        w.string(3, customer.rawValue)
        w.items(4, items)
        w.price(5, price)
        w.string(6, status.rawValue)
        w.int64(7, expiresAt.rawValue)
        w.int64(8, startedAt.rawValue)
        if let confirmedAt { w.int64(9, confirmedAt.rawValue) }
        for ticket in tickets {
            w.message(10) { t in
                t.string(1, ticket.id.rawValue)
                t.string(2, ticket.admits)
                if let checkedInAt = ticket.checkedInAt { t.int64(3, checkedInAt.rawValue) }
            }
        }
        if let refund {
            w.message(11) { r in
                r.money(1, refund.amount)
                r.string(2, refund.status)
            }
        }
    }

    init(binary r: inout WireReader) throws(SchemaMismatch) {
        var id = "", show = "", customer = "", items: Items?, price: PriceBreakdown?, status: BookingStatus?
        var expiresAt: Int64 = 0, startedAt: Int64 = 0, confirmedAt: Int64?, tickets: [Ticket] = [], refund: RefundSummary?
        while let (number, wire) = try r.field() {
            switch (number, wire) {
            case (1, 2): id = try r.string()
            case (2, 2): show = try r.string()
            case (3, 2): customer = try r.string()
            case (4, 2): var m = try r.message(); items = try SaleWire.items(&m)
            case (5, 2): var m = try r.message(); price = try SaleWire.price(&m)
            case (6, 2): status = BookingStatus(rawValue: try r.string())
            case (7, 0): expiresAt = try r.int64()
            case (8, 0): startedAt = try r.int64()
            case (9, 0): confirmedAt = try r.int64()
            case (10, 2):
                var m = try r.message()
                var ticket = "", admits = "", checkedInAt: Int64?
                while let (number, wire) = try m.field() {
                    switch (number, wire) {
                    case (1, 2): ticket = try m.string()
                    case (2, 2): admits = try m.string()
                    case (3, 0): checkedInAt = try m.int64()
                    default: try m.skip(wire)
                    }
                }
                tickets.append(Ticket(id: TicketID(ticket), admits: admits, checkedInAt: checkedInAt.map(Instant.init(rawValue:))))
            case (11, 2):
                var m = try r.message()
                var amount: Money?, text = ""
                while let (number, wire) = try m.field() {
                    switch (number, wire) {
                    case (1, 2): var n = try m.message(); amount = try SaleWire.money(&n)
                    case (2, 2): text = try m.string()
                    default: try m.skip(wire)
                    }
                }
                guard let amount else { throw SchemaMismatch("a refund summary without its amount") }
                refund = RefundSummary(amount: amount, status: text)
            default: try r.skip(wire)
            }
        }
        guard let items, let price, let status else { throw SchemaMismatch("a booking summary without its items, price or status") }
        self.init(id: BookingID(id), show: ShowID(show), customer: CustomerID(customer), items: items, price: price, status: status,
                  expiresAt: Instant(rawValue: expiresAt), startedAt: Instant(rawValue: startedAt), confirmedAt: confirmedAt.map(Instant.init(rawValue:)),
                  tickets: tickets, refund: refund)
    }
}

import Domain
import DomainEvents
import EventStore

// The payout ledger's rows in protobuf's wire format, by hand (see `BinaryView`): a rebuild writes one per booking
// and one per payment or refund, and through Codable they were the largest share of its view encoding. Field numbers
// are this file's own (views are a cache, not a contract); rows stored compact by earlier versions still read.
//
// View: 1 totals, 2 entry, 3 booking.
// Totals: 1 gross, 2 refunds, 3 net, 4 tickets, 5 settled (1 gross, 2 refunds, 3 platform fees, 4 net payable, 5 tickets), 6 settledAt.
// Entry: 1 position, 2 booking, 3 kind (0 paid, 1 refunded), 4 amount. BookingPart: 1 show, 2 base, 3 tickets, 4 confirmed.
extension PayoutLedgerProjection.View: BinaryView {
    func binaryEncoded(into w: inout WireWriter) {
        switch self {
        case .totals(let totals):
            w.message(1) { t in
                t.money(1, totals.gross)
                t.money(2, totals.refunds)
                t.money(3, totals.net)
                t.int(4, totals.tickets)
                if let settled = totals.settled {
                    t.message(5) { s in
                        s.money(1, settled.gross)
                        s.money(2, settled.refunds)
                        s.money(3, settled.platformFees)
                        s.money(4, settled.netPayable)
                        s.int(5, settled.tickets)
                    }
                }
                if let at = totals.settledAt { t.int64(6, Int64(bitPattern: at.rawValue)) }
            }
        case .entry(let entry):
            w.message(2) { e in
                e.int64(1, Int64(bitPattern: entry.position.rawValue))
                e.string(2, entry.booking.rawValue)
                e.int(3, entry.kind == .paid ? 0 : 1)
                e.money(4, entry.amount)
            }
        case .booking(let part):
            w.message(3) { b in
                b.string(1, part.show.rawValue)
                b.money(2, part.base)
                b.int(3, part.tickets)
                b.bool(4, part.confirmed)
            }
        }
    }

    init(binary r: inout WireReader) throws(SchemaMismatch) {
        self = try r.oneOf("a payout ledger row") { number, wire, r throws(SchemaMismatch) in
            switch (number, wire) {
            case (1, 2): var m = try r.message(); return .totals(try Self.totals(&m))
            case (2, 2): var m = try r.message(); return .entry(try Self.entry(&m))
            case (3, 2): var m = try r.message(); return .booking(try Self.booking(&m))
            default: return nil
            }
        }
    }

    private static func totals(_ r: inout WireReader) throws(SchemaMismatch) -> PayoutLedgerProjection.Totals {
        var gross: Money?, refunds: Money?, net: Money?, tickets = 0, settled: PayoutFigures?, settledAt: GlobalPosition?
        while let (number, wire) = try r.field() {
            switch (number, wire) {
            case (1, 2): var m = try r.message(); gross = try SaleWire.money(&m)
            case (2, 2): var m = try r.message(); refunds = try SaleWire.money(&m)
            case (3, 2): var m = try r.message(); net = try SaleWire.money(&m)
            case (4, 0): tickets = try r.int()
            case (5, 2): var m = try r.message(); settled = try figures(&m)
            case (6, 0): settledAt = GlobalPosition(try r.varint())
            default: try r.skip(wire)
            }
        }
        guard let gross, let refunds, let net else { throw SchemaMismatch("payout totals without their amounts") }
        return .init(gross: gross, refunds: refunds, net: net, tickets: tickets, settled: settled, settledAt: settledAt)
    }

    private static func figures(_ r: inout WireReader) throws(SchemaMismatch) -> PayoutFigures {
        var amounts: [Int: Money] = [:], tickets = 0
        while let (number, wire) = try r.field() {
            switch (number, wire) {
            case (1...4, 2): var m = try r.message(); amounts[number] = try SaleWire.money(&m)
            case (5, 0): tickets = try r.int()
            default: try r.skip(wire)
            }
        }
        guard let gross = amounts[1], let refunds = amounts[2], let fees = amounts[3], let net = amounts[4] else {
            throw SchemaMismatch("settled payout figures without their amounts")
        }
        return PayoutFigures(gross: gross, refunds: refunds, platformFees: fees, netPayable: net, tickets: tickets)
    }

    private static func entry(_ r: inout WireReader) throws(SchemaMismatch) -> PayoutLedgerProjection.Entry {
        var position: UInt64 = 0, booking = "", kind = 0, amount: Money?
        while let (number, wire) = try r.field() {
            switch (number, wire) {
            case (1, 0): position = try r.varint()
            case (2, 2): booking = try r.string()
            case (3, 0): kind = try r.int()
            case (4, 2): var m = try r.message(); amount = try SaleWire.money(&m)
            default: try r.skip(wire)
            }
        }
        guard let amount, kind == 0 || kind == 1 else { throw SchemaMismatch("a payout ledger entry without its amount or kind") }
        return .init(position: GlobalPosition(position), booking: BookingID(booking), kind: kind == 0 ? .paid : .refunded, amount: amount)
    }

    private static func booking(_ r: inout WireReader) throws(SchemaMismatch) -> PayoutLedgerProjection.BookingPart {
        var show = "", base: Money?, tickets = 0, confirmed = false
        while let (number, wire) = try r.field() {
            switch (number, wire) {
            case (1, 2): show = try r.string()
            case (2, 2): var m = try r.message(); base = try SaleWire.money(&m)
            case (3, 0): tickets = try r.int()
            case (4, 0): confirmed = try r.bool()
            default: try r.skip(wire)
            }
        }
        guard let base else { throw SchemaMismatch("a payout ledger booking without its base price") }
        return .init(show: ShowID(show), base: base, tickets: tickets, confirmed: confirmed)
    }
}

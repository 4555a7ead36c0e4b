public import Domain

// Hand encoders of the records every hold writes (`ItemsHeld`, `BookingStarted` and the `HoldExpiryDue` timer): the
// very bytes swift-protobuf writes for their generated messages, which cost a quarter of a hold's instructions
// (callgrind: each nested message's size computed before it is written, through generic visitors). proto3's rules,
// as the generated code applies them: fields in number order; a scalar at its default (0, false, "") left out; an
// element of a repeated field and a message field that is set always written, even when empty. WireEncodingTests
// hold them to the generated messages on random events; every other type is written through its message.

extension SaleWire {
    /// `ItemsHeld`, or `nil` for one that names participants (a registration's: through the generated message).
    static func write(_ held: ItemsHeld) -> [UInt8]? {
        guard held.participants == nil else { return nil }
        var w = WireWriter(capacity: 96)
        w.text(1, held.booking.rawValue)
        w.text(2, held.customer.rawValue)
        w.items(3, held.items)
        w.scalar(4, held.expiresAt.rawValue)
        return w.bytes
    }

    static func write(_ started: BookingStarted) -> [UInt8] {
        let terms = started.terms
        var w = WireWriter(capacity: 256)
        w.message(1) { t in
            t.text(1, terms.show.rawValue)
            t.text(2, terms.customer.rawValue)
            t.items(3, terms.items)
            t.message(4) { p in
                for line in terms.price.lines {
                    p.message(1) { l in
                        l.text(1, line.item)
                        l.protoMoney(2, line.unitPrice)
                        l.scalar(3, Int64(line.quantity))
                        l.protoMoney(4, line.feePerTicket)
                    }
                }
                p.protoMoney(2, terms.price.base)
                p.protoMoney(3, terms.price.fees)
                p.protoMoney(4, terms.price.tax)
                p.protoMoney(5, terms.price.total)
            }
            t.scalar(5, terms.expiresAt.rawValue)
            t.message(6) { r in
                r.flag(1, terms.refundPolicy.refundable)
                r.scalar(2, Int64(terms.refundPolicy.deadlineMinutesBeforeStart))
                r.flag(3, terms.refundPolicy.feesRefunded)
            }
            t.message(7) { s in
                s.scalar(1, terms.schedule.start.rawValue)
                s.scalar(2, terms.schedule.end.rawValue)
            }
        }
        return w.bytes
    }

    static func write(_ due: HoldExpiryDue) -> [UInt8] {
        var w = WireWriter(capacity: 64)
        w.text(1, due.show.rawValue)
        w.text(2, due.booking.rawValue)
        w.scalar(3, due.expiresAt.rawValue)
        return w.bytes
    }
}

extension WireWriter {
    /// A proto3 `int64` field: left out at 0.
    mutating func scalar(_ number: Int, _ value: Int64) {
        if value != 0 { int64(number, value) }
    }

    /// A proto3 `string` field: left out when empty.
    mutating func text(_ number: Int, _ value: String) {
        if !value.isEmpty { string(number, value) }
    }

    /// A proto3 `bool` field: left out when false.
    mutating func flag(_ number: Int, _ value: Bool) {
        if value { bool(number, true) }
    }

    /// `Money` as a set message field.
    mutating func protoMoney(_ number: Int, _ money: Money) {
        message(number) { w in
            w.scalar(1, money.minor)
            w.text(2, money.currency.rawValue)
        }
    }

    /// `Items` as common.proto has it, a set message field: its oneof set to a seat list or to ticket counts, sorted
    /// as the generated mapping sorts them. Views that hold items (availability's bookings, booking summaries) write
    /// them this way too.
    public mutating func items(_ number: Int, _ items: Items) {
        message(number) { w in
            switch items {
            case .seats(let seats):
                w.message(1) { list in for seat in seats.map(\.rawValue).sorted() { list.string(1, seat) } }
            case .tickets(let counts):
                w.message(2) { list in
                    for (category, count) in counts.sorted(by: { $0.key < $1.key }) {
                        list.message(1) { entry in
                            entry.text(1, category.rawValue)
                            entry.scalar(2, Int64(count))
                        }
                    }
                }
            }
        }
    }
}

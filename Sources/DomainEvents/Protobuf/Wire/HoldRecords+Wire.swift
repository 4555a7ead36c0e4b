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
            t.price(4, terms.price)
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

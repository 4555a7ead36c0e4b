public import Domain

// Hand decoders of a sale's records (`ItemsHeld`, `ItemsSold`, `HoldExpired`, `HoldReleased`, `BookingStarted`,
// `OrderCreated`, `BookingConfirmed`), field numbers as in show.proto, booking.proto and common.proto. Every other
// type is decoded through the generated messages.

public enum SaleWire {
    static func itemsHeld(_ r: inout WireReader) throws(SchemaMismatch) -> ItemsHeld {
        var booking = "", customer = "", items: Items?, expiresAt: Int64 = 0, participants: [Participant]?
        while let (number, wire) = try r.field() {
            switch (number, wire) {
            case (1, 2): booking = try r.string()
            case (2, 2): customer = try r.string()
            case (3, 2): var m = try r.message(); try Self.once(items); items = try Self.items(&m)
            case (4, 0): expiresAt = try r.int64()
            case (5, 2): var m = try r.message(); participants = try Self.participants(&m, into: participants ?? [])
            default: try r.skip(wire)
            }
        }
        guard let items else { throw SchemaMismatch("items are neither seats nor tickets") }
        return ItemsHeld(booking: BookingID(booking), customer: CustomerID(customer), items: items, expiresAt: Instant(expiresAt),
                         participants: participants)
    }

    static func itemsSold(_ r: inout WireReader) throws(SchemaMismatch) -> ItemsSold {
        var booking = "", customer = "", items: Items?, late = false
        while let (number, wire) = try r.field() {
            switch (number, wire) {
            case (1, 2): booking = try r.string()
            case (2, 2): customer = try r.string()
            case (3, 2): var m = try r.message(); try Self.once(items); items = try Self.items(&m)
            case (4, 0): late = try r.bool()
            default: try r.skip(wire)
            }
        }
        guard let items else { throw SchemaMismatch("items are neither seats nor tickets") }
        return ItemsSold(booking: BookingID(booking), customer: CustomerID(customer), items: items, late: late)
    }

    /// `HoldExpired`'s only field, the booking (field 1).
    static func booking(_ r: inout WireReader) throws(SchemaMismatch) -> BookingID {
        var booking = ""
        while let (number, wire) = try r.field() {
            if (number, wire) == (1, 2) { booking = try r.string() } else { try r.skip(wire) }
        }
        return BookingID(booking)
    }

    static func holdReleased(_ r: inout WireReader) throws(SchemaMismatch) -> HoldReleased {
        var booking = "", reason = 0
        while let (number, wire) = try r.field() {
            switch (number, wire) {
            case (1, 2): booking = try r.string()
            case (2, 0): reason = try r.enumValue()
            default: try r.skip(wire)
            }
        }
        let decoded: HoldReleased.Reason = switch reason {
        case 1: .byCustomer
        case 2: .replaced
        default: throw SchemaMismatch("HoldReleased.reason \(reason) is not a reason")
        }
        return HoldReleased(booking: BookingID(booking), reason: decoded)
    }

    static func bookingStarted(_ r: inout WireReader) throws(SchemaMismatch) -> BookingStarted {
        var terms: BookingTerms?
        while let (number, wire) = try r.field() {
            if (number, wire) == (1, 2) { var m = try r.message(); try Self.once(terms); terms = try Self.terms(&m) } else { try r.skip(wire) }
        }
        // An absent message reads as its defaults, as the generated decoder reads it: and an empty Items throws.
        if let terms { return BookingStarted(terms: terms) }
        var empty = WireReader(UnsafeRawBufferPointer(start: nil, count: 0))
        return BookingStarted(terms: try Self.terms(&empty))
    }

    static func orderCreated(_ r: inout WireReader) throws(SchemaMismatch) -> OrderCreated {
        var order = "", amount: Money?
        while let (number, wire) = try r.field() {
            switch (number, wire) {
            case (1, 2): order = try r.string()
            case (2, 2): var m = try r.message(); try Self.once(amount); amount = try Self.money(&m)
            default: try r.skip(wire)
            }
        }
        return OrderCreated(order: OrderID(order), amount: try Self.required(amount))
    }

    static func bookingConfirmed(_ r: inout WireReader) throws(SchemaMismatch) -> BookingConfirmed {
        var payment: PaymentReceipt?, tickets: [IssuedTicket] = [], at: Int64 = 0
        while let (number, wire) = try r.field() {
            switch (number, wire) {
            case (1, 2): var m = try r.message(); try Self.once(payment); payment = try Self.receipt(&m)
            case (2, 2):
                var m = try r.message()
                var id = "", admits = ""
                while let (number, wire) = try m.field() {
                    switch (number, wire) {
                    case (1, 2): id = try m.string()
                    case (2, 2): admits = try m.string()
                    default: try m.skip(wire)
                    }
                }
                tickets.append(IssuedTicket(id: TicketID(id), admits: admits))
            case (3, 0): at = try r.int64()
            default: try r.skip(wire)
            }
        }
        return BookingConfirmed(payment: payment, tickets: tickets, at: Instant(at))
    }

    // MARK: values

    public static func items(_ r: inout WireReader) throws(SchemaMismatch) -> Items? {
        var items: Items?
        while let (number, wire) = try r.field() {
            switch (number, wire) {
            case (1, 2):
                try Self.once(items)
                var list = try r.message()
                var seats = Set<SeatID>()
                while let (number, wire) = try list.field() {
                    if (number, wire) == (1, 2) { seats.insert(SeatID(try list.string())) } else { try list.skip(wire) }
                }
                items = .seats(seats)
            case (2, 2):
                try Self.once(items)
                var list = try r.message()
                var counts: [CategoryID: Int] = [:]
                while let (number, wire) = try list.field() {
                    guard (number, wire) == (1, 2) else { try list.skip(wire); continue }
                    var entry = try list.message()
                    var category = "", count = 0
                    while let (number, wire) = try entry.field() {
                        switch (number, wire) {
                        case (1, 2): category = try entry.string()
                        case (2, 0): count = try entry.int()
                        default: try entry.skip(wire)
                        }
                    }
                    counts[CategoryID(category)] = count
                }
                items = .tickets(counts)
            default: try r.skip(wire)
            }
        }
        return items
    }

    public static func money(_ r: inout WireReader) throws(SchemaMismatch) -> Money {
        var minor: Int64 = 0, currency = ""
        while let (number, wire) = try r.field() {
            switch (number, wire) {
            case (1, 0): minor = try r.int64()
            case (2, 2): currency = try r.string()
            default: try r.skip(wire)
            }
        }
        guard !currency.isEmpty else { throw SchemaMismatch("an amount has no currency") }
        return Money(minor: minor, currency: Currency(rawValue: currency))
    }

    /// Our writers write a singular message field once; protobuf would merge a second one into the first, which
    /// these decoders do not do: they refuse it (the generated decoder stays the reference for what merging means).
    static func once<T>(_ existing: T?) throws(SchemaMismatch) {
        guard existing == nil else { throw SchemaMismatch("a message field given twice") }
    }

    /// An amount that must be there: an absent one reads as an amount without a currency, refused.
    static func required(_ money: Money?) throws(SchemaMismatch) -> Money {
        guard let money else { throw SchemaMismatch("an amount has no currency") }
        return money
    }

    static func receipt(_ r: inout WireReader) throws(SchemaMismatch) -> PaymentReceipt {
        var order = "", payment = "", amount: Money?
        while let (number, wire) = try r.field() {
            switch (number, wire) {
            case (1, 2): order = try r.string()
            case (2, 2): payment = try r.string()
            case (3, 2): var m = try r.message(); try Self.once(amount); amount = try Self.money(&m)
            default: try r.skip(wire)
            }
        }
        return PaymentReceipt(order: OrderID(order), payment: PaymentID(payment), amount: try Self.required(amount))
    }

    static func terms(_ r: inout WireReader) throws(SchemaMismatch) -> BookingTerms {
        var show = "", customer = "", items: Items?, price: PriceBreakdown?, expiresAt: Int64 = 0
        var policy: RefundPolicy?, schedule: ShowSchedule?
        while let (number, wire) = try r.field() {
            switch (number, wire) {
            case (1, 2): show = try r.string()
            case (2, 2): customer = try r.string()
            case (3, 2): var m = try r.message(); try Self.once(items); items = try Self.items(&m)
            case (4, 2): var m = try r.message(); try Self.once(price); price = try Self.price(&m)
            case (5, 0): expiresAt = try r.int64()
            case (6, 2): var m = try r.message(); try Self.once(policy); policy = try Self.policy(&m)
            case (7, 2): var m = try r.message(); try Self.once(schedule); schedule = try Self.schedule(&m)
            default: try r.skip(wire)
            }
        }
        guard let items else { throw SchemaMismatch("items are neither seats nor tickets") }
        if price == nil {
            var empty = WireReader(UnsafeRawBufferPointer(start: nil, count: 0))
            price = try Self.price(&empty)
        }
        return BookingTerms(show: ShowID(show), customer: CustomerID(customer), items: items, price: price!, expiresAt: Instant(expiresAt),
                            refundPolicy: policy ?? RefundPolicy(refundable: false, deadlineMinutesBeforeStart: 0, feesRefunded: false),
                            schedule: schedule ?? ShowSchedule(start: Instant(0), end: Instant(0)))
    }

    public static func price(_ r: inout WireReader) throws(SchemaMismatch) -> PriceBreakdown {
        var lines: [PriceBreakdown.Line] = []
        var base: Money?, fees: Money?, tax: Money?, total: Money?
        while let (number, wire) = try r.field() {
            switch (number, wire) {
            case (1, 2):
                var m = try r.message()
                var item = "", unit: Money?, quantity = 0, fee: Money?
                while let (number, wire) = try m.field() {
                    switch (number, wire) {
                    case (1, 2): item = try m.string()
                    case (2, 2): var n = try m.message(); try Self.once(unit); unit = try Self.money(&n)
                    case (3, 0): quantity = try m.int()
                    case (4, 2): var n = try m.message(); try Self.once(fee); fee = try Self.money(&n)
                    default: try m.skip(wire)
                    }
                }
                lines.append(PriceBreakdown.Line(item: item, unitPrice: try Self.required(unit), quantity: quantity, feePerTicket: try Self.required(fee)))
            case (2, 2): var m = try r.message(); try Self.once(base); base = try Self.money(&m)
            case (3, 2): var m = try r.message(); try Self.once(fees); fees = try Self.money(&m)
            case (4, 2): var m = try r.message(); try Self.once(tax); tax = try Self.money(&m)
            case (5, 2): var m = try r.message(); try Self.once(total); total = try Self.money(&m)
            default: try r.skip(wire)
            }
        }
        return PriceBreakdown(lines: lines, base: try Self.required(base), fees: try Self.required(fees), tax: try Self.required(tax),
                              total: try Self.required(total))
    }

    static func policy(_ r: inout WireReader) throws(SchemaMismatch) -> RefundPolicy {
        var policy = RefundPolicy(refundable: false, deadlineMinutesBeforeStart: 0, feesRefunded: false)
        while let (number, wire) = try r.field() {
            switch (number, wire) {
            case (1, 0): policy.refundable = try r.bool()
            case (2, 0): policy.deadlineMinutesBeforeStart = try r.int()
            case (3, 0): policy.feesRefunded = try r.bool()
            default: try r.skip(wire)
            }
        }
        return policy
    }

    static func schedule(_ r: inout WireReader) throws(SchemaMismatch) -> ShowSchedule {
        var start: Int64 = 0, end: Int64 = 0
        while let (number, wire) = try r.field() {
            switch (number, wire) {
            case (1, 0): start = try r.int64()
            case (2, 0): end = try r.int64()
            default: try r.skip(wire)
            }
        }
        return ShowSchedule(start: Instant(start), end: Instant(end))
    }

    static func participants(_ r: inout WireReader, into list: [Participant]) throws(SchemaMismatch) -> [Participant] {
        var list = list
        while let (number, wire) = try r.field() {
            guard (number, wire) == (1, 2) else { try r.skip(wire); continue }
            var participant = try r.message()
            var answers: [String: String] = [:]
            while let (number, wire) = try participant.field() {
                guard (number, wire) == (1, 2) else { try participant.skip(wire); continue }
                var answer = try participant.message()
                var field = "", text = ""
                while let (number, wire) = try answer.field() {
                    switch (number, wire) {
                    case (1, 2): field = try answer.string()
                    case (2, 2): text = try answer.string()
                    default: try answer.skip(wire)
                    }
                }
                answers[field] = text
            }
            list.append(Participant(answers: answers))
        }
        return list
    }
}

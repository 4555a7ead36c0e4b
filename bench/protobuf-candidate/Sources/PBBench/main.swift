import CompactCoding
import Domain
import Foundation
import SwiftProtobuf

// A sample of real events: a hold of two seats and the booking it starts, as the hold path writes them.
let instant = Instant(millisecondsSince1970: 1_900_000_000_000)
let price = PriceBreakdown(
    lines: [.init(item: "A1", unitPrice: .major(250), quantity: 1, feePerTicket: .major(30)),
            .init(item: "A2", unitPrice: .major(250), quantity: 1, feePerTicket: .major(30))],
    base: .major(500), fees: .major(60), tax: .zero(), total: .major(560))
let items = Items.seats([SeatID("A1"), SeatID("A2")])
let terms = BookingTerms(show: ShowID("demo-seated"), customer: CustomerID("customer-2b1f0c6e-5d0a-4e59-9d8e-0c1f7f6f2f11"), items: items,
                         price: price, expiresAt: instant, refundPolicy: RefundPolicy(refundable: true, deadlineMinutesBeforeStart: 720, feesRefunded: false),
                         schedule: ShowSchedule(start: instant.adding(.hours(24)), end: instant.adding(.hours(27))))
let started = BookingStarted(terms: terms)
let held = ItemsHeld(booking: BookingID("booking-6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"), customer: terms.customer, items: items, expiresAt: instant)

// Domain → message and back: the conversion is part of a codec's cost.
func money(_ m: Domain.Money) -> Tktplz_V1_Money { .with { $0.minor = m.minor; $0.currency = m.currency.rawValue } }
func money(_ m: Tktplz_V1_Money) -> Domain.Money { Domain.Money(minor: m.minor, currency: Currency(rawValue: m.currency)) }
func items(_ i: Items) -> Tktplz_V1_Items {
    .with {
        switch i {
        case .seats(let seats): $0.seats = .with { $0.seats = seats.map(\.rawValue).sorted() }
        case .tickets(let counts): $0.tickets = .with { $0.counts = Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, Int64($0.value)) }) }
        }
    }
}
func items(_ i: Tktplz_V1_Items) -> Items {
    switch i.kind {
    case .seats(let s): .seats(Set(s.seats.map { SeatID($0) }))
    case .tickets(let t): .tickets(Dictionary(uniqueKeysWithValues: t.counts.map { (CategoryID($0.key), Int($0.value)) }))
    case nil: .seats([])
    }
}
func message(_ e: BookingStarted) -> Tktplz_V1_BookingStarted {
    .with { m in
        m.terms = .with {
            $0.show = e.terms.show.rawValue; $0.customer = e.terms.customer.rawValue; $0.items = items(e.terms.items)
            $0.price = .with { p in
                p.lines = e.terms.price.lines.map { l in .with { $0.item = l.item; $0.unitPrice = money(l.unitPrice); $0.quantity = Int64(l.quantity); $0.feePerTicket = money(l.feePerTicket) } }
                p.base = money(e.terms.price.base); p.fees = money(e.terms.price.fees); p.tax = money(e.terms.price.tax); p.total = money(e.terms.price.total)
            }
            $0.expiresAt = e.terms.expiresAt.rawValue
            $0.refundPolicy = .with { $0.refundable = e.terms.refundPolicy.refundable; $0.deadlineMinutesBeforeStart = Int64(e.terms.refundPolicy.deadlineMinutesBeforeStart); $0.feesRefunded = e.terms.refundPolicy.feesRefunded }
            $0.schedule = .with { $0.start = e.terms.schedule.start.rawValue; $0.end = e.terms.schedule.end.rawValue }
        }
    }
}
func event(_ m: Tktplz_V1_BookingStarted) -> BookingStarted {
    let t = m.terms
    return BookingStarted(terms: BookingTerms(
        show: ShowID(t.show), customer: CustomerID(t.customer), items: items(t.items),
        price: PriceBreakdown(lines: t.price.lines.map { .init(item: $0.item, unitPrice: money($0.unitPrice), quantity: Int($0.quantity), feePerTicket: money($0.feePerTicket)) },
                              base: money(t.price.base), fees: money(t.price.fees), tax: money(t.price.tax), total: money(t.price.total)),
        expiresAt: Instant(millisecondsSince1970: t.expiresAt),
        refundPolicy: RefundPolicy(refundable: t.refundPolicy.refundable, deadlineMinutesBeforeStart: Int(t.refundPolicy.deadlineMinutesBeforeStart), feesRefunded: t.refundPolicy.feesRefunded),
        schedule: ShowSchedule(start: Instant(millisecondsSince1970: t.schedule.start), end: Instant(millisecondsSince1970: t.schedule.end))))
}
func message(_ e: ItemsHeld) -> Tktplz_V1_ItemsHeld {
    .with { $0.booking = e.booking.rawValue; $0.customer = e.customer.rawValue; $0.items = items(e.items); $0.expiresAt = e.expiresAt.rawValue }
}
func event(_ m: Tktplz_V1_ItemsHeld) -> ItemsHeld {
    ItemsHeld(booking: BookingID(m.booking), customer: CustomerID(m.customer), items: items(m.items), expiresAt: Instant(millisecondsSince1970: m.expiresAt))
}

func measure(_ name: String, _ n: Int, _ body: () throws -> Int) rethrows {
    let clock = ContinuousClock()
    var sink = 0
    let start = clock.now
    for _ in 0..<n { sink &+= try body() }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(String(format: "| %@ | %.0f | %.2f µs | %d |", name as NSString, Double(n) / seconds, seconds / Double(n) * 1e6, sink / n))
}

let n = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 200_000
let compactEncoder = CompactEncoder()
let compactStarted = try compactEncoder.encode(started)
let compactHeld = try compactEncoder.encode(held)
let pbStarted: [UInt8] = try message(started).serializedBytes()
let pbHeld: [UInt8] = try message(held).serializedBytes()
let backStarted = event(try Tktplz_V1_BookingStarted(serializedBytes: pbStarted))
let backHeld = event(try Tktplz_V1_ItemsHeld(serializedBytes: pbHeld))
precondition(backStarted == started && backHeld == held)
print("| case | per second | each | bytes |")
print("|---|---|---|---|")
try measure("BookingStarted encode, CompactCoding (Codable)", n) { try compactEncoder.encode(started).count }
try measure("BookingStarted encode, protobuf (with mapping)", n) { let b: [UInt8] = try message(started).serializedBytes(); return b.count }
try measure("BookingStarted decode, CompactCoding (Codable)", n) {
    var decoder = CompactDecoder()
    return try compactStarted.withUnsafeBytes { try decoder.decode(BookingStarted.self, from: $0) }.terms.items.count
}
try measure("BookingStarted decode, protobuf (with mapping)", n) { event(try Tktplz_V1_BookingStarted(serializedBytes: pbStarted)).terms.items.count }
try measure("ItemsHeld encode, CompactCoding (Codable)", n) { try compactEncoder.encode(held).count }
try measure("ItemsHeld encode, protobuf (with mapping)", n) { let b: [UInt8] = try message(held).serializedBytes(); return b.count }
try measure("ItemsHeld decode, CompactCoding (Codable)", n) {
    var decoder = CompactDecoder()
    return try compactHeld.withUnsafeBytes { try decoder.decode(ItemsHeld.self, from: $0) }.items.count
}
try measure("ItemsHeld decode, protobuf (with mapping)", n) { event(try Tktplz_V1_ItemsHeld(serializedBytes: pbHeld)).items.count }
print("bytes: BookingStarted compact \(compactStarted.count), protobuf \(pbStarted.count); ItemsHeld compact \(compactHeld.count), protobuf \(pbHeld.count)")

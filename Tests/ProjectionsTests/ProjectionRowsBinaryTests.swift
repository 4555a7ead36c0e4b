import CompactCoding
import Domain
import EventStore
@testable import Projections
import Testing

/// The rows a rebuild writes most (availability, show bookings, customer bookings, analytics, the payout ledger,
/// attendees)
/// are stored in binary forms of their own: every kind of row reads back as itself, equal rows are equal bytes
/// (however their maps were built), rows stored compact by earlier versions still read, and a cut row is refused.
@Suite("Projections: rows stored in binary")
struct ProjectionRowsBinaryTests {
    static let at = Instant(millisecondsSince1970: 1_800_000_000_000)
    static let inr = Money.major(250)
    static let usd = Money(minor: -7, currency: Currency(rawValue: "USD"))

    static var availability: [ShowAvailabilityProjection.View] {
        [.summary(AvailabilitySummary(status: .approved, seats: [SeatID("B2"), SeatID("A1"), SeatID("A10")], categories: [:])),
         .summary(AvailabilitySummary(status: .draft, seats: [],
                                      categories: [CategoryID("gold"): CategoryCounts(capacity: 10, held: 2, sold: 3),
                                                   CategoryID("silver"): CategoryCounts(capacity: 0, held: -1, sold: 0)])),
         .seat(.held(until: at)), .seat(.sold), .seat(.free), .seat(.held(until: Instant(rawValue: .min))),
         .booking(BookedItems(items: .seats([SeatID("A1"), SeatID("A2")]), sold: false, heldUntil: at)),
         .booking(BookedItems(items: .tickets([CategoryID("gold"): 2]), sold: true, heldUntil: nil)),
         .booking(BookedItems(items: .seats([]), sold: false, heldUntil: nil))]
    }

    static var showBookings: [ShowBookingsProjection.View] {
        [.summary(.init(valid: 12, checkedIn: 3)), .summary(.init(valid: 0, checkedIn: 0)), .summary(.init(valid: -1, checkedIn: Int.max)),
         .booking(.init(customer: CustomerID("naïve café 🎭"), tickets: 2, checkedIn: 1, refunded: true)),
         .booking(.init(customer: CustomerID(""), tickets: 0, checkedIn: 0, refunded: false)), .owner(ShowID("show-1")), .owner(ShowID(""))]
    }

    static var customerBookings: [CustomerBookingsProjection.View] {
        [.init(booking: BookingID("b-1")), .init(booking: BookingID(""))]
    }

    static var analytics: [ShowAnalyticsProjection.View] {
        var full = ShowAnalytics()
        full.holds = .init(started: 9, confirmed: 5, expired: 2, released: 1, refunded: 1)
        full.sections = ["A": Sales(tickets: 3, revenue: inr), "gold": Sales(tickets: 1, revenue: usd)]
        full.days = ["2026-12-01": Sales(tickets: 4, revenue: inr)]
        full.checkedIn = 2
        return [.show(ShowAnalytics()), .show(full),
                .booking(.init(show: ShowID("s"), sections: ["A": Sales(tickets: 2, revenue: inr)], confirmedOn: "2026-12-01", refunded: true)),
                .booking(.init(show: ShowID("s"), sections: [:], confirmedOn: nil, refunded: false))]
    }

    static var payouts: [PayoutLedgerProjection.View] {
        let figures = PayoutFigures(gross: inr, refunds: .zero(), platformFees: .major(30), netPayable: .major(220), tickets: 4)
        return [.totals(.init(gross: inr, refunds: .zero(), net: .major(220), tickets: 4)),
                .totals(.init(gross: inr, refunds: usd, net: .major(220), tickets: -1, settled: figures, settledAt: GlobalPosition(.max))),
                .entry(.init(position: GlobalPosition(42), booking: BookingID("b"), kind: .paid, amount: inr)),
                .entry(.init(position: GlobalPosition(1), booking: BookingID(""), kind: .refunded, amount: usd)),
                .booking(.init(show: ShowID("s"), base: inr, tickets: 2, confirmed: true)),
                .booking(.init(show: ShowID(""), base: usd, tickets: 0, confirmed: false))]
    }

    static var attendees: [ShowAttendeesProjection.View] {
        let team = [Participant(answers: ["name": "Asha", "college": "COEP, Pune", "": "=1+1"]), Participant(answers: [:])]
        return [.booking(.init(customer: CustomerID("asha"), participants: team, tickets: [IssuedTicket(id: TicketID("t-1"), admits: "A1"),
                                                                                            IssuedTicket(id: TicketID("t-2"), admits: "")],
                               confirmedAt: at, checkedIn: 1, refunded: true)),
                .booking(.init(customer: CustomerID(""), participants: [], tickets: [], confirmedAt: nil, checkedIn: 0, refunded: false)),
                .owner(.init(show: ShowID("s"), customer: CustomerID("c"), participants: team)),
                .owner(.init(show: nil, customer: nil, participants: [])),
                .person(.init(name: "Ravi 🎭", email: "ravi@example.com", phone: "+91 98", registrations: [BookingID("b-1"), BookingID("b-2")])),
                .person(.init(name: "", email: "", phone: "", registrations: []))]
    }

    private func check<View: Codable & Equatable>(_ views: [View]) throws {
        for view in views {
            let bytes = try ProjectionStore.encodeView(view)
            #expect(bytes.first == BinaryViewFormat.marker, "\(view)")
            #expect(try bytes.withUnsafeBytes { try ProjectionStore.decodeView(View.self, from: $0) } == view)
            #expect(try ProjectionStore.encodeView(view) == bytes, "the same row is always the same bytes")
            let compact = try CompactEncoder().encode(view)
            #expect(try compact.withUnsafeBytes { try ProjectionStore.decodeView(View.self, from: $0) } == view, "compact \(view)")
            for cut in 1..<bytes.count {
                let read = try? Array(bytes.prefix(cut)).withUnsafeBytes { try ProjectionStore.decodeView(View.self, from: $0) }
                #expect(read != view, "\(view) cut at \(cut)")
            }
        }
    }

    @Test func availabilityRows() throws { try check(Self.availability) }
    @Test func showBookingRows() throws { try check(Self.showBookings) }
    @Test func customerBookingRows() throws { try check(Self.customerBookings) }
    @Test func analyticsRows() throws { try check(Self.analytics) }
    @Test func payoutLedgerRows() throws { try check(Self.payouts) }
    @Test func attendeeRows() throws { try check(Self.attendees) }

    @Test func mapsBuiltInAnotherOrderAreTheSameBytes() throws {
        let names = (0..<50).map { "section-\($0)" }
        var forwards = ShowAnalytics(), backwards = ShowAnalytics()
        for name in names { forwards.sections[name] = Sales(tickets: 1, revenue: Self.inr) }
        for name in names.reversed() { backwards.sections[name] = Sales(tickets: 1, revenue: Self.inr) }
        #expect(try ProjectionStore.encodeView(ShowAnalyticsProjection.View.show(forwards))
            == ProjectionStore.encodeView(ShowAnalyticsProjection.View.show(backwards)))
        var one = AvailabilitySummary(status: .approved, seats: [], categories: [:]), other = one
        for name in names { one.categories[CategoryID(name)] = CategoryCounts(capacity: 5) }
        for name in names.reversed() { other.categories[CategoryID(name)] = CategoryCounts(capacity: 5) }
        #expect(try ProjectionStore.encodeView(ShowAvailabilityProjection.View.summary(one))
            == ProjectionStore.encodeView(ShowAvailabilityProjection.View.summary(other)))
    }
}

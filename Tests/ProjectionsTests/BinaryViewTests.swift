import CompactCoding
import Domain
import Foundation
@testable import Projections
import Testing

/// A booking's summary view is stored in its own binary form: every shape of it reads back as itself, the bytes
/// start with the binary marker, and a summary stored compact by an earlier version still reads.
@Suite("Projections: booking summaries stored in binary")
struct BinaryViewTests {
    static func summaries() -> [BookingSummary] {
        let price = PriceBreakdown(lines: [PriceBreakdown.Line(item: "A1", unitPrice: .major(250), quantity: 1, feePerTicket: .major(30))],
                                   base: .major(250), fees: .major(30), tax: .zero(), total: .major(280))
        let at = Instant(millisecondsSince1970: 1_800_000_000_000)
        var seated = BookingSummary(id: BookingID("booking-1"), show: ShowID("show-1"), customer: CustomerID("customer-1"),
                                    items: .seats([SeatID("A1"), SeatID("B7")]), price: price, status: .held, expiresAt: at, startedAt: at,
                                    confirmedAt: nil, tickets: [], refund: nil)
        var confirmed = seated
        confirmed.status = .confirmed
        confirmed.confirmedAt = at.adding(.minutes(3))
        confirmed.tickets = [BookingSummary.Ticket(id: TicketID("t-1"), admits: "A1", checkedInAt: at.adding(.hours(2))),
                             BookingSummary.Ticket(id: TicketID("t-2"), admits: "B7", checkedInAt: nil)]
        confirmed.refund = BookingSummary.RefundSummary(amount: .major(250), status: "processing")
        var tickets = seated
        tickets.items = .tickets([CategoryID("gold"): 2, CategoryID("silver"): 1])
        tickets.price = PriceBreakdown(lines: [], base: .zero(), fees: .zero(), tax: .zero(), total: .zero())
        tickets.status = .expired
        seated.customer = CustomerID("naïve café 🎭 \u{0}")
        var extremes = confirmed
        extremes.expiresAt = Instant(millisecondsSince1970: .min)
        extremes.startedAt = Instant(millisecondsSince1970: .max)
        extremes.items = .seats([])
        return [seated, confirmed, tickets, extremes]
    }

    @Test func everyShapeReadsBackAsItselfFromItsBinaryForm() throws {
        for summary in Self.summaries() {
            let bytes = try ProjectionStore.encodeView(summary)
            #expect(bytes.first == BinaryViewFormat.marker)
            let decoded = try bytes.withUnsafeBytes { try ProjectionStore.decodeView(BookingSummary.self, from: $0) }
            #expect(decoded == summary)
            #expect(try ProjectionStore.encodeView(summary) == bytes, "the same view is always the same bytes")
        }
    }

    @Test func aSummaryStoredCompactByAnEarlierVersionStillReads() throws {
        for summary in Self.summaries() {
            let compact = try CompactEncoder().encode(summary)
            let decoded = try compact.withUnsafeBytes { try ProjectionStore.decodeView(BookingSummary.self, from: $0) }
            #expect(decoded == summary)
        }
    }

    @Test func aTruncatedBinaryViewIsRefusedNotMisread() throws {
        let bytes = try ProjectionStore.encodeView(Self.summaries()[1])
        for cut in 1..<bytes.count {
            let prefix = Array(bytes.prefix(cut))
            let read = try? prefix.withUnsafeBytes { try ProjectionStore.decodeView(BookingSummary.self, from: $0) }
            #expect(read != Self.summaries()[1], "cut at \(cut)")
        }
    }
}

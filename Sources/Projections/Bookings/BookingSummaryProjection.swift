public import Domain
public import DomainEvents
import Foundation
public import EventStore

/// Folds each booking's events into its `BookingSummary`, one view per booking id.
public struct BookingSummaryProjection: Projection {
    public typealias View = BookingSummary
    // NOTE: checkpoint identity; renaming it orphans the checkpoint and rebuilds under the new name.
    public static let name = "booking-summaries"
    /// 2: views compact-encoded instead of JSON.
    public static let version = 2

    public init() {}

    public func fold(_ record: RecordedEvent, _ event: DomainEvent?, into views: ViewBatch<BookingSummary>) throws {
        guard case .booking(let event)? = event else { return }
        let id = BookingID(record.stream.id)
        let at = Instant(millisecondsSince1970: Int64(record.recordedAt.timeIntervalSince1970 * 1000))
        try views.update(id.rawValue) { view in Self.apply(event, booking: id, at: at, to: &view) }
    }

    /// The fold itself, pure; `at` is when the event was recorded.
    public static func apply(_ event: Booking.Event, booking id: BookingID, at: Instant, to view: inout BookingSummary?) {
        if case .started(let started) = event {
            let terms = started.terms
            view = BookingSummary(id: id, show: terms.show, customer: terms.customer, items: terms.items, price: terms.price,
                                  status: .held, expiresAt: terms.expiresAt, startedAt: at, tickets: [])
            return
        }
        guard var summary = view else { return }
        switch event {
        case .started: break
        case .orderCreated: summary.status = .ordered
        case .confirmed(let confirmed):
            summary.status = .confirmed
            summary.confirmedAt = confirmed.at
            summary.tickets = confirmed.tickets.map { BookingSummary.Ticket(id: $0.id, admits: $0.admits) }
        case .paymentFailed: summary.status = .failed
        case .expired: summary.status = .expired
        case .released: summary.status = .released
        case .checkedIn(let checkIn):
            if let index = summary.tickets.firstIndex(where: { $0.id == checkIn.ticket }) { summary.tickets[index].checkedInAt = checkIn.at }
        case .refundRequested(let requested): summary.refund = .init(amount: requested.amount, status: "requested")
        case .refundProcessing: summary.refund?.status = "processing"
        case .refundProcessed: summary.refund?.status = "processed"
        case .refundFailed: summary.refund?.status = "failed"
        }
        view = summary
    }
}

public import Domain
public import EventStore
public import DomainEvents
public import Foundation

/// One event of an audit's story, as a person reads it: where and when the log recorded it, who acted, what it
/// did, and the money it moved.
public struct StoryLine: Sendable, Encodable, Equatable {
    public var position: UInt64
    public var recordedAt: String
    public var stream: String
    public var type: String
    public var actor: String?
    public var detail: String
    public var amount: Money?

    /// The line of a show, booking or payout record; `nil` for other categories.
    public static func of(_ record: RecordedEvent) throws -> StoryLine? {
        let told: (actor: String?, detail: String, amount: Money?)?
        if record.stream.isIn(category: Show.category) {
            told = try EventEncoding.decode(Show.self, record).map(Self.tell)
        } else if record.stream.isIn(category: Booking.category) {
            told = try EventEncoding.decode(Booking.self, record).map(Self.tell)
        } else if record.stream.isIn(category: Payout.category) {
            told = try EventEncoding.decode(Payout.self, record).map(Self.tell)
        } else {
            told = nil
        }
        guard let told else { return nil }
        return StoryLine(position: record.position.rawValue, recordedAt: record.recordedAt.formatted(.iso8601), stream: record.stream.rawValue,
                         type: record.type, actor: told.actor, detail: told.detail, amount: told.amount)
    }

    public static func items(_ items: Items) -> String {
        switch items {
        case .seats(let seats): "seats " + seats.sorted().map(\.rawValue).joined(separator: ", ")
        case .tickets(let counts): counts.sorted { $0.key < $1.key }.map { "\($0.value) × \($0.key)" }.joined(separator: ", ")
        }
    }

    private static func actor(_ actor: Actor) -> String {
        switch actor {
        case .organizer(let id): "organizer \(id)"
        case .admin(let id): "admin \(id)"
        case .customer(let id): "customer \(id)"
        case .system: "system"
        }
    }

    private static func tell(_ event: Show.Event) -> (String?, String, Money?) {
        switch event {
        case .drafted(let drafted): ("organizer \(drafted.configuration.organizer)", "drafted \(drafted.configuration.details.title)", nil)
        case .detailsEdited: (nil, "details edited", nil)
        case .rescheduled(let moved): (nil, "re-timed to \(moved.schedule.start.iso8601) – \(moved.schedule.end.iso8601)", nil)
        case .inventoryChanged: (nil, "prices or inventory changed", nil)
        case .refundPolicyChanged: (nil, "refund policy changed", nil)
        case .cutoffChanged: (nil, "booking cut-off changed", nil)
        case .loneSeatRuleChanged(let changed): (nil, "lone seats \(changed.rule.rawValue) for customers' own choices", nil)
        case .submitted(let submitted): ("organizer \(submitted.organizer)", "submitted for approval", nil)
        case .approved(let approved): ("admin \(approved.admin)", "approved", nil)
        case .rejected(let rejected): ("admin \(rejected.admin)", "rejected: \(rejected.reason)", nil)
        case .itemsHeld(let held): ("customer \(held.customer)", "\(items(held.items)) held for booking \(held.booking) until \(held.expiresAt.iso8601)", nil)
        case .holdReleased(let released): (nil, "hold of booking \(released.booking) released (\(released.reason.rawValue))", nil)
        case .holdExpired(let expired): ("system", "hold of booking \(expired.booking) expired", nil)
        case .itemsSold(let sold): ("customer \(sold.customer)", "\(items(sold.items)) sold to booking \(sold.booking)\(sold.late ? " (late payment)" : "")", nil)
        case .itemsReturned(let returned): (nil, "\(items(returned.items)) of booking \(returned.booking) back on sale", nil)
        case .cancelled(let cancelled): (actor(cancelled.by), "cancelled: \(cancelled.reason)", nil)
        case .ended(let ended): ("system", "ended at \(ended.at.iso8601)", nil)
        }
    }

    private static func tell(_ event: Booking.Event) -> (String?, String, Money?) {
        switch event {
        case .started(let started):
            ("customer \(started.terms.customer)", "started for show \(started.terms.show): \(items(started.terms.items)), priced \(started.terms.price.total)", nil)
        case .orderCreated(let created): (nil, "order \(created.order) for \(created.amount)", nil)
        case .confirmed(let confirmed):
            ("gateway", "confirmed, \(confirmed.tickets.count) ticket(s)\(confirmed.payment.map { " for payment \($0.payment)" } ?? " (free)")",
             confirmed.payment?.amount ?? .zero())
        case .paymentFailed(let failed): ("gateway", "payment for \(failed.order) failed: \(failed.reason)", nil)
        case .expired: ("system", "expired unpaid", nil)
        case .released(let released): ("customer \(released.by)", "released", nil)
        case .checkedIn(let scan): ("organizer \(scan.scanner)", "ticket \(scan.ticket) admitted at the door", nil)
        case .refundRequested(let requested): (nil, "refund \(requested.refund) asked for (\(requested.reason.rawValue))", requested.amount)
        case .refundProcessing(let processing): ("gateway", "refund at the gateway as \(processing.gatewayReference)", nil)
        case .refundProcessed: ("gateway", "refund paid out", nil)
        case .refundFailed(let failed): ("gateway", "refund failed: \(failed.reason)", nil)
        }
    }

    private static func tell(_ event: Payout.Event) -> (String?, String, Money?) {
        switch event {
        case .settled(let settled):
            ("system", "settled: gross \(settled.figures.gross), refunds \(settled.figures.refunds), fees \(settled.figures.platformFees), net \(settled.figures.netPayable)",
             settled.figures.netPayable)
        case .receiptSent(let sent): ("admin \(sent.admin)", "receipt sent to the organizer", nil)
        case .initiated(let initiated): ("admin \(initiated.admin)", "payment initiated (\(initiated.method), reference \(initiated.reference))", nil)
        case .paid(let paid): ("organizer \(paid.organizer)", "receipt of payment confirmed", nil)
        }
    }

    public init(position: UInt64, recordedAt: String, stream: String, type: String, actor: String? = nil, detail: String, amount: Money? = nil) {
        self.position = position
        self.recordedAt = recordedAt
        self.stream = stream
        self.type = type
        self.actor = actor
        self.detail = detail
        self.amount = amount
    }
}

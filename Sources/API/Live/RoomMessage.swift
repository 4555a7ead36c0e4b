import Domain
import Foundation
import Projections

/// What the server pushes to a show's room: the original's `seats-locked`, `seats-unlocked`, `tickets-locked` and
/// `tickets-unlocked`, plus the `seats-booked` / `seats-released` (and ticket) changes the original never sent,
/// each carrying the log position of the event behind it so a reconnecting client can say where it got to.
struct RoomMessage: Encodable, Equatable, Sendable {
    var type: String
    var eventId: String
    var position: UInt64
    var seats: [String]?
    var locked: [TicketCount]?
    var sold: [TicketCount]?
    var ticketType: String?
    var count: Int?
    var expiresAt: Int64?
    /// Why a hold ended: `expired`, `released` (by its customer) or `replaced` (by the same customer's new hold).
    var reason: String?
    var status: String?

    struct TicketCount: Encodable, Equatable, Sendable {
        var type: String
        var count: Int
    }

    init(_ type: String, eventId: String, position: UInt64) {
        self.type = type
        self.eventId = eventId
        self.position = position
    }

    /// The frame's text: encoded once and shared by every member of the room.
    var text: String { FrameText.of(self) }
}

extension RoomMessage {
    /// The messages one show event means for its room, given what the room knew before it (`before`: which items
    /// each booking holds or bought). Pure; at most one message per ticket category.
    static func messages(for event: Show.Event, show: String, position: UInt64, before: ShowAvailability) -> [RoomMessage] {
        switch event {
        case .itemsHeld(let held):
            return [items(held.items, show: show, position: position, seats: "seats-locked", tickets: "tickets-locked") {
                $0.expiresAt = held.expiresAt.rawValue
            }]
        case .holdReleased(let released):
            let reason = released.reason == .byCustomer ? "released" : "replaced"
            return unlocked(released.booking, reason: reason, show: show, position: position, before: before)
        case .holdExpired(let expired):
            return unlocked(expired.booking, reason: "expired", show: show, position: position, before: before)
        case .itemsSold(let sold):
            return [items(sold.items, show: show, position: position, seats: "seats-booked", tickets: "tickets-booked") { _ in }]
        case .itemsReturned(let returned):
            guard before.bookings[returned.booking]?.sold == true else { return [] }
            return perCategory(returned.items, show: show, position: position, seats: "seats-released", tickets: "tickets-released")
        case .approved: return [status(.approved, show: show, position: position)]
        case .cancelled: return [status(.cancelled, show: show, position: position)]
        case .ended: return [status(.ended, show: show, position: position)]
        case .drafted, .detailsEdited, .rescheduled, .inventoryChanged, .refundPolicyChanged, .cutoffChanged, .loneSeatRuleChanged, .submitted, .rejected:
            return []
        }
    }

    private static func status(_ status: ShowStatus, show: String, position: UInt64) -> RoomMessage {
        var message = RoomMessage("event-status", eventId: show, position: position)
        message.status = status.rawValue
        return message
    }

    /// A hold that ended before a sale gives its items back; one that was already sold or ended gives nothing.
    private static func unlocked(
        _ booking: BookingID, reason: String, show: String, position: UInt64, before: ShowAvailability
    ) -> [RoomMessage] {
        guard let held = before.bookings[booking], !held.sold else { return [] }
        return perCategory(held.items, show: show, position: position, seats: "seats-unlocked", tickets: "tickets-unlocked")
            .map { var message = $0; message.reason = reason; return message }
    }

    private static func items(
        _ items: Items, show: String, position: UInt64, seats seatType: String, tickets ticketType: String,
        _ adjust: (inout RoomMessage) -> Void
    ) -> RoomMessage {
        var message: RoomMessage
        switch items {
        case .seats(let ids):
            message = RoomMessage(seatType, eventId: show, position: position)
            message.seats = sortedLabels(ids)
        case .tickets(let counts):
            message = RoomMessage(ticketType, eventId: show, position: position)
            let list = counts.sorted { $0.key < $1.key }.map { TicketCount(type: $0.key.rawValue, count: $0.value) }
            if ticketType == "tickets-locked" { message.locked = list } else { message.sold = list }
        }
        adjust(&message)
        return message
    }

    /// The original's `tickets-unlocked` names one ticket type and a count; a booking of several types gives one
    /// message per type.
    private static func perCategory(
        _ items: Items, show: String, position: UInt64, seats seatType: String, tickets ticketType: String
    ) -> [RoomMessage] {
        switch items {
        case .seats(let ids):
            var message = RoomMessage(seatType, eventId: show, position: position)
            message.seats = sortedLabels(ids)
            return [message]
        case .tickets(let counts):
            return counts.sorted { $0.key < $1.key }.map {
                var message = RoomMessage(ticketType, eventId: show, position: position)
                message.ticketType = $0.key.rawValue
                message.count = $0.value
                return message
            }
        }
    }

    private static func sortedLabels(_ seats: Set<SeatID>) -> [String] {
        seats.map(\.rawValue).sortedInReadingOrder(by: \.self)
    }
}

import Domain
import EventStore
import Foundation

/// Every aggregate's codec: the one list that says which stream categories hold domain events (`DomainEvent` and
/// the JSON rendering of payloads are held to it; `DomainAudit` keeps its own, with what each must satisfy).
enum DomainCodecs {
    static var all: [any ProtobufEvents.Type] {
        [Show.self, Booking.self, Payout.self, Customer.self, Organizer.self, Hall.self, Screen.self, SupportIssue.self, Webhook.self, WaitingList.self, SaleQueue.self,
         ShowChat.self, AdminInvite.self, OneTimePasscode.self, Session.self, HoldExpiryTimer.self, ShowEndTimer.self, PaymentCheckTimer.self, QueueTickTimer.self]
    }
}

/// How `EventEncoding` renders a record of one domain category as JSON, its codec's type erased (`DomainEvent` has
/// the same table for decoding).
struct CategoryCodec: Sendable {
    /// The payload as the JSON of the domain's Codable shape, keys sorted.
    let json: @Sendable (RecordedEvent, JSONEncoder) throws -> Data

    init<C: ProtobufEvents>(_: C.Type) {
        json = { record, encoder in
            guard let event = try EventEncoding.decodePayload(C.self, type: record.type, record.payload) else {
                throw UnknownCategory(category: "\(C.category) (type \(record.type))")
            }
            return try encoder.encode(C.encode(event).payload)
        }
    }

    static let byCategory: [String: CategoryCodec] = {
        var table: [String: CategoryCodec] = [:]
        for codec in DomainCodecs.all { table[codec.category] = CategoryCodec(codec) }
        return table
    }()
}

import Domain
import EventStore
import Foundation

/// Every aggregate's codec: the one list that says which stream categories hold domain events (the decoded-event
/// warmers and the JSON rendering of payloads read it; `DomainAudit` keeps its own, with what each must satisfy).
enum DomainCodecs {
    static var all: [any ProtobufEvents.Type] {
        [Show.self, Booking.self, Payout.self, Customer.self, Organizer.self, Hall.self, Screen.self, SupportIssue.self,
         AdminInvite.self, OneTimePasscode.self, Session.self, HoldExpiryTimer.self, ShowEndTimer.self, PaymentCheckTimer.self]
    }
}

/// What `EventEncoding` does with a record of one domain category, its codec's type erased: the one table the
/// per-record tools (warming the cache, decoding without it, rendering JSON) look a category up in.
struct CategoryCodec: Sendable {
    /// Decodes into the shared cache (a head start: a record that does not decode is left for the fold that needs it).
    let warm: @Sendable (RecordedEvent) -> Void
    /// Decodes without the cache; whether the codec knows the record's type.
    let decodeUncached: @Sendable (RecordedEvent) throws -> Bool
    /// The payload as the JSON of the domain's Codable shape, keys sorted.
    let json: @Sendable (RecordedEvent, JSONEncoder) throws -> Data

    init<C: ProtobufEvents>(_: C.Type) {
        warm = { record in _ = try? EventEncoding.decode(C.self, record) }
        decodeUncached = { record in try EventEncoding.decodePayload(C.self, type: record.type, record.payload) != nil }
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

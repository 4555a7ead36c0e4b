public import Domain
public import EventStore
import Foundation

/// The timer a hold leaves in the log's scheduler: when it falls due, the scheduler appends `HoldExpiryDue` to the
/// hold's own timer stream, and `HoldExpiryReactor` asks the show to expire the hold. The show decides whether it
/// still applies (a paid or released hold decides nothing), so the timer itself never changes a seat.
public struct HoldExpiryDue: Codable, Sendable, Equatable {
    public var show: ShowID
    public var booking: BookingID
    public var expiresAt: Instant

    // NOTE: stored names; renaming one orphans recorded timers.
    public static let type = "HoldExpiryDue"
    public static let category = "holdtimer"

    public init(show: ShowID, booking: BookingID, expiresAt: Instant) {
        self.show = show
        self.booking = booking
        self.expiresAt = expiresAt
    }

    /// The scheduled event for a hold, due when it expires. Its ids derive from the booking, so scheduling the same
    /// hold twice moves one timer instead of adding another.
    public func scheduled() throws -> ScheduledEvent {
        let payload = try JSONEncoder().encode(self)
        let id = DerivedID.uuid(from: "holdtimer:\(booking.rawValue):\(expiresAt.rawValue)")
        return ScheduledEvent(
            id: ScheduleID(DerivedID.uuid(from: "holdtimer:\(booking.rawValue)")),
            due: Date(timeIntervalSince1970: Double(expiresAt.rawValue) / 1000),
            stream: try StreamName(category: Self.category, id: booking.rawValue),
            event: NewEvent(id: EventID(id), type: Self.type, payload: payload))
    }
}

/// Stable UUIDs from names, so retried work produces the same ids (FNV-1a over the name, twice, with version
/// bits set: not a cryptographic hash, only a deterministic one).
enum DerivedID {
    static func uuid(from name: String) -> UUID {
        var high: UInt64 = 0xcbf2_9ce4_8422_2325
        var low: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in name.utf8 {
            high = (high ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            low = (low ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 ^ (high >> 29)
        }
        var bytes = (high.bigEndian, low.bigEndian)
        return withUnsafeMutableBytes(of: &bytes) { raw in
            raw[6] = (raw[6] & 0x0F) | 0x50
            raw[8] = (raw[8] & 0x3F) | 0x80
            return UUID(uuid: raw.load(as: uuid_t.self))
        }
    }
}

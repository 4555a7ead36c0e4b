public import Domain
import EventSchema
import SwiftProtobuf

// The timers as the messages of `schema/tktplz/events/v1/timers.proto`.

extension HoldExpiryTimer: ProtobufEvents {
    public static func handWritten(_ event: HoldExpiryDue) -> (type: String, bytes: [UInt8])? {
        (Self.type, SaleWire.write(event))
    }

    public static func message(_ event: HoldExpiryDue) -> ProtobufMessage {
        ProtobufMessage(PBHoldExpiryDue.with {
            $0.show = event.show.rawValue
            $0.booking = event.booking.rawValue
            $0.expiresAt = event.expiresAt.rawValue
        })
    }

    public static func event(type: String, _ payload: ProtobufPayload) throws -> HoldExpiryDue? {
        guard type == Self.type else { return nil }
        return try payload.parse(PBHoldExpiryDue.self) { HoldExpiryDue(show: ShowID($0.show), booking: BookingID($0.booking), expiresAt: Instant($0.expiresAt)) }
    }
}

extension ShowEndTimer: ProtobufEvents {
    public static func message(_ event: ShowEndDue) -> ProtobufMessage {
        ProtobufMessage(PBShowEndDue.with {
            $0.show = event.show.rawValue
            $0.endsAt = event.endsAt.rawValue
        })
    }

    public static func event(type: String, _ payload: ProtobufPayload) throws -> ShowEndDue? {
        guard type == Self.type else { return nil }
        return try payload.parse(PBShowEndDue.self) { ShowEndDue(show: ShowID($0.show), endsAt: Instant($0.endsAt)) }
    }
}

extension QueueTickTimer: ProtobufEvents {
    public static func message(_ event: QueueTickDue) -> ProtobufMessage {
        ProtobufMessage(PBQueueTickDue.with {
            $0.show = event.show.rawValue
            $0.at = event.at.rawValue
        })
    }

    public static func event(type: String, _ payload: ProtobufPayload) throws -> QueueTickDue? {
        guard type == Self.type else { return nil }
        return try payload.parse(PBQueueTickDue.self) { QueueTickDue(show: ShowID($0.show), at: Instant($0.at)) }
    }
}

extension PaymentCheckTimer: ProtobufEvents {
    public static func message(_ event: PaymentCheckDue) -> ProtobufMessage {
        ProtobufMessage(PBPaymentCheckDue.with {
            $0.booking = event.booking.rawValue
            $0.attempt = Int64(event.attempt)
        })
    }

    public static func event(type: String, _ payload: ProtobufPayload) throws -> PaymentCheckDue? {
        guard type == Self.type else { return nil }
        return try payload.parse(PBPaymentCheckDue.self) { PaymentCheckDue(booking: BookingID($0.booking), attempt: Int($0.attempt)) }
    }
}

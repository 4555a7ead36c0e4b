public import Domain
import EventSchema
import SwiftProtobuf

// The `waitlist` category's events as the messages of `schema/tktplz/events/v1/waitlist.proto`.

extension WaitingList: ProtobufEvents {
    public static func message(_ event: Event) -> ProtobufMessage {
        let message: any SwiftProtobuf.Message = switch event {
        case .joined(let e): PBWaitlistJoined.with {
            $0.customer = e.customer.rawValue
            $0.wish = wish(e.wish)
            $0.number = Int64(e.number)
            $0.at = e.at.rawValue
        }
        case .left(let e): PBWaitlistLeft.with {
            $0.customer = e.customer.rawValue
            $0.at = e.at.rawValue
        }
        case .offered(let e): PBWaitlistOffered.with {
            $0.customer = e.customer.rawValue
            $0.booking = e.booking.rawValue
            $0.at = e.at.rawValue
        }
        case .offerTaken(let e): PBWaitlistOfferTaken.with {
            $0.customer = e.customer.rawValue
            $0.booking = e.booking.rawValue
            $0.at = e.at.rawValue
        }
        case .offerLapsed(let e): PBWaitlistOfferLapsed.with {
            $0.customer = e.customer.rawValue
            $0.booking = e.booking.rawValue
            $0.at = e.at.rawValue
        }
        }
        return ProtobufMessage(message)
    }

    private static func wish(_ wish: WaitlistWish) -> PBWaitlistWish {
        PBWaitlistWish.with {
            $0.count = Int64(wish.count)
            switch wish {
            case .seats(_, let seatType?): $0.seatType = seatType
            case .seats(_, nil): $0.anySeat = true
            case .tickets(_, let category): $0.category = category.rawValue
            }
        }
    }

    private static func wish(_ message: PBWaitlistWish) throws(SchemaMismatch) -> WaitlistWish {
        let count = Int(message.count)
        switch message.of {
        case .seatType(let type)?: return .seats(count: count, seatType: type)
        case .anySeat?: return .seats(count: count, seatType: nil)
        case .category(let category)?: return .tickets(count: count, category: CategoryID(category))
        case nil: throw SchemaMismatch("a waiting list's wish names neither seats nor a category")
        }
    }


    public static func event(type: String, _ payload: ProtobufPayload) throws -> Event? {
        switch type {
        case "WaitlistJoined":
            try payload.parse(PBWaitlistJoined.self) { m throws(SchemaMismatch) in
                .joined(WaitlistJoined(customer: CustomerID(m.customer), wish: try wish(m.wish), number: Int(m.number), at: Instant(m.at)))
            }
        case "WaitlistLeft":
            try payload.parse(PBWaitlistLeft.self) { .left(WaitlistLeft(customer: CustomerID($0.customer), at: Instant($0.at))) }
        case "WaitlistOffered":
            try payload.parse(PBWaitlistOffered.self) {
                .offered(WaitlistOffered(customer: CustomerID($0.customer), booking: BookingID($0.booking), at: Instant($0.at)))
            }
        case "WaitlistOfferTaken":
            try payload.parse(PBWaitlistOfferTaken.self) {
                .offerTaken(WaitlistOfferEnded(customer: CustomerID($0.customer), booking: BookingID($0.booking), at: Instant($0.at)))
            }
        case "WaitlistOfferLapsed":
            try payload.parse(PBWaitlistOfferLapsed.self) {
                .offerLapsed(WaitlistOfferEnded(customer: CustomerID($0.customer), booking: BookingID($0.booking), at: Instant($0.at)))
            }
        default: nil
        }
    }
}

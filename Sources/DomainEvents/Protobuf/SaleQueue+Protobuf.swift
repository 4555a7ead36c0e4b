public import Domain
import EventSchema
import Foundation
import SwiftProtobuf

// The `salequeue` category's events as the messages of `schema/tktplz/events/v1/salequeue.proto`.

extension SaleQueue: ProtobufEvents {
    public static func message(_ event: Event) -> ProtobufMessage {
        let message: any SwiftProtobuf.Message = switch event {
        case .configured(let e): PBSaleQueueConfigured.with {
            $0.organizer = e.settings.organizer.rawValue
            $0.opensAt = e.settings.opensAt.rawValue
            $0.admitPerMinute = Int64(e.settings.admitPerMinute)
            $0.passMinutes = Int64(e.settings.passMinutes)
            $0.seedHash = Data(e.settings.seedHash)
            $0.at = e.at.rawValue
        }
        case .arrived(let e): PBQueueArrived.with {
            $0.customer = e.customer.rawValue
            $0.number = Int64(e.number)
            $0.at = e.at.rawValue
        }
        case .opened(let e): PBQueueOpened.with {
            $0.seed = Data(e.seed)
            $0.early = Int64(e.early)
            $0.at = e.at.rawValue
        }
        case .admitted(let e): PBCustomersAdmitted.with {
            $0.customers = e.customers.map(\.rawValue)
            $0.passExpiresAt = e.passExpiresAt.rawValue
            $0.at = e.at.rawValue
        }
        }
        return ProtobufMessage(message)
    }

    public static func event(type: String, _ payload: ProtobufPayload) throws -> Event? {
        switch type {
        case "SaleQueueConfigured":
            try payload.parse(PBSaleQueueConfigured.self) {
                .configured(SaleQueueConfigured(settings: SaleQueueSettings(
                    organizer: OrganizerID($0.organizer), opensAt: Instant($0.opensAt), admitPerMinute: Int($0.admitPerMinute),
                    passMinutes: Int($0.passMinutes), seedHash: Array($0.seedHash)), at: Instant($0.at)))
            }
        case "QueueArrived":
            try payload.parse(PBQueueArrived.self) { .arrived(QueueArrived(customer: CustomerID($0.customer), number: Int($0.number), at: Instant($0.at))) }
        case "QueueOpened":
            try payload.parse(PBQueueOpened.self) { .opened(QueueOpened(seed: Array($0.seed), early: Int($0.early), at: Instant($0.at))) }
        case "CustomersAdmitted":
            try payload.parse(PBCustomersAdmitted.self) {
                .admitted(CustomersAdmitted(customers: $0.customers.map { CustomerID($0) }, passExpiresAt: Instant($0.passExpiresAt), at: Instant($0.at)))
            }
        default: nil
        }
    }
}

public import Domain
import EventSchema
import SwiftProtobuf

// The `payout` category's events as the messages of `schema/tktplz/events/v1/payout.proto`.

extension Payout: ProtobufEvents {
    public static func message(_ event: Event) -> ProtobufMessage {
        let message: any SwiftProtobuf.Message = switch event {
        case .settled(let e): PBPayoutSettled.with {
            $0.show = e.show.rawValue
            $0.organizer = e.organizer.rawValue
            $0.figures = PBPayoutFigures.with {
                $0.gross = PBMoney(e.figures.gross)
                $0.refunds = PBMoney(e.figures.refunds)
                $0.platformFees = PBMoney(e.figures.platformFees)
                $0.netPayable = PBMoney(e.figures.netPayable)
                $0.tickets = Int64(e.figures.tickets)
            }
            $0.at = e.at.rawValue
        }
        case .receiptSent(let e): PBPayoutReceiptSent.with {
            $0.admin = e.admin.rawValue
            $0.at = e.at.rawValue
        }
        case .initiated(let e): PBPayoutInitiated.with {
            $0.admin = e.admin.rawValue
            $0.method = switch e.method {
            case .upi: .upi
            case .bankTransfer: .bankTransfer
            }
            $0.reference = e.reference
            $0.at = e.at.rawValue
        }
        case .paid(let e): PBPayoutPaid.with {
            $0.organizer = e.organizer.rawValue
            $0.at = e.at.rawValue
        }
        }
        return ProtobufMessage(message)
    }

    public static func event(type: String, _ payload: ProtobufPayload) throws -> Event? {
        switch type {
        case "PayoutSettled":
            try payload.parse(PBPayoutSettled.self) { m throws(SchemaMismatch) in
                let figures = PayoutFigures(gross: try m.figures.gross.decoded(), refunds: try m.figures.refunds.decoded(),
                                            platformFees: try m.figures.platformFees.decoded(), netPayable: try m.figures.netPayable.decoded(),
                                            tickets: Int(m.figures.tickets))
                return .settled(PayoutSettled(show: ShowID(m.show), organizer: OrganizerID(m.organizer), figures: figures, at: Instant(m.at)))
            }
        case "PayoutReceiptSent":
            try payload.parse(PBPayoutReceiptSent.self) { .receiptSent(PayoutReceiptSent(admin: AdminID($0.admin), at: Instant($0.at))) }
        case "PayoutInitiated":
            try payload.parse(PBPayoutInitiated.self) { m throws(SchemaMismatch) in
                let method: PayoutMethod = switch m.method {
                case .upi: .upi
                case .bankTransfer: .bankTransfer
                case .unspecified, .UNRECOGNIZED: throw SchemaMismatch("PayoutInitiated.method \(m.method.rawValue) is not a payout method")
                }
                return .initiated(PayoutInitiated(admin: AdminID(m.admin), method: method, reference: m.reference, at: Instant(m.at)))
            }
        case "PayoutPaid":
            try payload.parse(PBPayoutPaid.self) { .paid(PayoutPaid(organizer: OrganizerID($0.organizer), at: Instant($0.at))) }
        default: nil
        }
    }
}

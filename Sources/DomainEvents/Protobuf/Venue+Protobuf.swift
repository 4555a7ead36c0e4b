public import Domain
import EventSchema
import SwiftProtobuf

// The `hall` and `screen` categories' events as the messages of `schema/tktplz/events/v1/venue.proto`.

extension Hall: ProtobufEvents {
    public static func message(_ event: Event) -> ProtobufMessage {
        let message: any SwiftProtobuf.Message = switch event {
        case .registered(let e): PBHallRegistered.with {
            $0.name = e.name
            $0.city = e.city
            $0.address = e.address
            $0.by = e.by.rawValue
        }
        case .screenAdded(let e): PBHallScreenAdded.with {
            $0.screen = e.screen.rawValue
            $0.name = e.name
        }
        case .activeSet(let e): PBHallActiveSet.with { $0.active = e.active }
        case .edited(let e): PBHallEdited.with {
            $0.name = e.name
            $0.city = e.city
            $0.address = e.address
            $0.by = e.by.rawValue
        }
        case .removed(let e): PBHallRemoved.with { $0.by = e.by.rawValue }
        }
        return ProtobufMessage(message)
    }

    public static func event(type: String, _ payload: ProtobufPayload) throws -> Event? {
        switch type {
        case "HallRegistered":
            try payload.parse(PBHallRegistered.self) {
                .registered(HallRegistered(name: $0.name, city: $0.city, address: $0.address, by: AdminID($0.by)))
            }
        case "HallScreenAdded":
            try payload.parse(PBHallScreenAdded.self) { .screenAdded(HallScreenAdded(screen: ScreenID($0.screen), name: $0.name)) }
        case "HallActiveSet": .activeSet(HallActiveSet(active: try payload.parse(PBHallActiveSet.self).active))
        case "HallEdited":
            try payload.parse(PBHallEdited.self) {
                .edited(HallEdited(name: $0.name, city: $0.city, address: $0.address, by: AdminID($0.by)))
            }
        case "HallRemoved": .removed(HallRemoved(by: AdminID(try payload.parse(PBHallRemoved.self).by)))
        default: nil
        }
    }
}

extension Screen: ProtobufEvents {
    public static func message(_ event: Event) -> ProtobufMessage {
        let message: any SwiftProtobuf.Message = switch event {
        case .registered(let e): PBScreenRegistered.with {
            $0.hall = e.hall.rawValue
            $0.name = e.name
        }
        case .layoutDefined(let e): PBLayoutDefined.with { $0.layout = PBSeatLayout(e.layout) }
        case .slotReserved(let e): PBSlotReserved.with {
            $0.show = e.show.rawValue
            $0.schedule = PBShowSchedule(e.schedule)
        }
        case .slotReleased(let e): PBSlotReleased.with { $0.show = e.show.rawValue }
        case .openSet(let e): PBScreenOpenSet.with { $0.open = e.open }
        case .retired: PBScreenRetired()
        }
        return ProtobufMessage(message)
    }

    public static func event(type: String, _ payload: ProtobufPayload) throws -> Event? {
        switch type {
        case "ScreenRegistered":
            try payload.parse(PBScreenRegistered.self) { .registered(ScreenRegistered(hall: HallID($0.hall), name: $0.name)) }
        case "LayoutDefined": .layoutDefined(LayoutDefined(layout: try payload.parse(PBLayoutDefined.self).layout.decoded()))
        case "SlotReserved":
            try payload.parse(PBSlotReserved.self) { .slotReserved(SlotReserved(show: ShowID($0.show), schedule: $0.schedule.decoded)) }
        case "SlotReleased": .slotReleased(SlotReleased(show: ShowID(try payload.parse(PBSlotReleased.self).show)))
        case "ScreenOpenSet": .openSet(ScreenOpenSet(open: try payload.parse(PBScreenOpenSet.self).open))
        case "ScreenRetired": try payload.parse(PBScreenRetired.self) { _ in .retired(ScreenRetired()) }
        default: nil
        }
    }
}

extension PBSeatLayout {
    init(_ layout: SeatLayout) {
        self.init()
        rows = layout.rows.map { row in
            PBSeatRow.with {
                $0.label = row.label
                $0.places = row.places.map { place in
                    PBPlace.with {
                        switch place {
                        case let .seat(number, type):
                            $0.kind = .seat(PBSeat.with {
                                $0.number = Int64(number)
                                $0.seatType = type
                            })
                        case .gap: $0.kind = .gap(true)
                        }
                    }
                }
            }
        }
        blocked = layout.blocked.map(\.rawValue).sorted()
    }

    func decoded() throws(SchemaMismatch) -> SeatLayout {
        var decodedRows: [SeatRow] = []
        decodedRows.reserveCapacity(rows.count)
        for row in rows {
            var places: [SeatRow.Place] = []
            places.reserveCapacity(row.places.count)
            for place in row.places {
                switch place.kind {
                case .seat(let seat): places.append(.seat(number: Int(seat.number), type: seat.seatType))
                case .gap: places.append(.gap)
                case nil: throw SchemaMismatch("a place in row \(row.label) is neither a seat nor a gap")
                }
            }
            decodedRows.append(SeatRow(label: row.label, places: places))
        }
        return SeatLayout(rows: decodedRows, blocked: Set(blocked.map(SeatID.init(rawValue:))))
    }
}

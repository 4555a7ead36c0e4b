import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird
import Projections

/// `/api/halls`: halls and their screens, readable by anyone; made, given screens and seat layouts by admins. A
/// layout cannot change while a show holds a slot on the screen (the screen decides). A screen's availability
/// for a slot answers with the same clash rule a reservation meets, for organizers planning a show. Admins edit a
/// hall's name and place, deactivate it (its screens take no new shows) and remove it; both refuse while a show
/// holds a slot on one of its screens, naming the shows.
struct HallController {
    let sessions: SessionSigner
    let log: any EventLog
    let store: ProjectionStore
    let halls: ProjectionRunner<HallsProjection>
    let hallHandler: CommandHandler<Hall>
    let screens: CommandHandler<Screen>
    let changes: HallChanges

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("api/halls") { request, _ in
            try await ReadYourWrites(log: log).await(request, halls)
            do {
                let all = try store.views(HallsProjection.self, prefix: "")
                return HallList(halls: all.map { HallList.Item(hallId: $0.key, view: $0.view) }, position: halls.position.rawValue)
            } catch {
                throw APIError.storeUnavailable()
            }
        }
        router.get("api/halls/:hallId") { _, context in
            let hall = HallID(try context.parameters.id("hallId"))
            let state = try await hallState(hall)
            var screenViews: [HallDetails.ScreenView] = []
            for (id, name) in state.screens.sorted(by: { $0.key < $1.key }) {
                let screen = try await screenState(id)
                screenViews.append(HallDetails.ScreenView(screenId: id.rawValue, name: name, plan: screen.layout.map(SeatingPlan.init(layout:)),
                                                          reservedSlots: screen.slots.count))
            }
            return HallDetails(hallId: hall.rawValue, name: state.name ?? "", city: state.city ?? "", address: state.address ?? "",
                               active: state.active, screens: screenViews)
        }
        router.post("api/halls") { request, _ in
            let admin = AdminID(try await request.identity(sessions, as: .admin).id)
            let body = try await request.json(HallBody.self)
            let hall = HallID("hall-\(UUID.random().lowercasedText)")
            let position = try await run(hallHandler, .register(name: body.name, city: body.city, address: body.address, by: admin),
                                         on: Hall.stream(hall))
            return Made(id: hall.rawValue, position: position)
        }
        router.put("api/halls/:hallId") { request, context in
            let admin = AdminID(try await request.identity(sessions, as: .admin).id)
            let hall = HallID(try context.parameters.id("hallId"))
            let body = try await request.json(HallBody.self)
            _ = try await hallState(hall)
            let position = try await run(hallHandler, .edit(name: body.name, city: body.city, address: body.address, by: admin),
                                         on: Hall.stream(hall))
            return Made(id: hall.rawValue, position: position)
        }
        router.put("api/halls/:hallId/active") { request, context in
            _ = try await request.identity(sessions, as: .admin)
            let hall = HallID(try context.parameters.id("hallId"))
            let body = try await request.json(ActiveBody.self)
            let position = try await changing { () async throws(AppFailure) in try await changes.setActive(body.active, hall) }
            return Made(id: hall.rawValue, position: position?.rawValue)
        }
        router.delete("api/halls/:hallId") { request, context in
            let admin = AdminID(try await request.identity(sessions, as: .admin).id)
            let hall = HallID(try context.parameters.id("hallId"))
            let position = try await changing { () async throws(AppFailure) in try await changes.remove(hall, by: admin) }
            return Made(id: hall.rawValue, position: position?.rawValue)
        }
        router.post("api/halls/:hallId/screens") { request, context in
            _ = try await request.identity(sessions, as: .admin)
            let hall = HallID(try context.parameters.id("hallId"))
            let body = try await request.json(ScreenBody.self)
            _ = try await hallState(hall)
            let screen = ScreenID("screen-\(UUID.random().lowercasedText)")
            _ = try await run(screens, .register(hall: hall, name: body.name), on: Screen.stream(screen))
            let position = try await run(hallHandler, .addScreen(screen, name: body.name), on: Hall.stream(hall))
            return Made(id: screen.rawValue, position: position)
        }
        router.put("api/halls/:hallId/screens/:screenId/layout") { request, context in
            _ = try await request.identity(sessions, as: .admin)
            let hall = HallID(try context.parameters.id("hallId"))
            let screen = ScreenID(try context.parameters.id("screenId"))
            let body = try await request.json(LayoutBody.self)
            guard try await screenState(screen).hall == hall else { throw APIError.notFound("screen \(screen) of hall \(hall)") }
            let position = try await run(screens, .defineLayout(try body.layout()), on: Screen.stream(screen))
            return Made(id: screen.rawValue, position: position)
        }
        router.get("api/halls/:hallId/screens/:screenId/availability") { request, context in
            let identity = try await request.identity(sessions)
            guard identity.role != .customer else {
                throw APIError.wrongRole("this needs an organizer or admin session, not a customer one")
            }
            let screen = ScreenID(try context.parameters.id("screenId"))
            guard let start = request.uri.queryParameters.get("start").flatMap(Int64.init),
                  let end = request.uri.queryParameters.get("end").flatMap(Int64.init), end > start
            else { throw APIError.invalidQuery("start and end must be milliseconds since 1970, end after start") }
            let state = try await screenState(screen)
            guard state.hall?.rawValue == context.parameters.get("hallId") else { throw APIError.notFound("screen \(screen)") }
            // The screen's own rule, asked without reserving anything: deciders are pure.
            let slot = ShowSchedule(start: Instant(millisecondsSince1970: start), end: Instant(millisecondsSince1970: end))
            do throws(Screen.Rejection) {
                _ = try Screen.decide(.reserveSlot(show: ShowID("availability-probe"), schedule: slot), state)
                return Availability(available: true, clash: nil)
            } catch {
                if case .slotTaken(let other, let from, let until) = error {
                    return Availability(available: false, clash: .init(eventId: other.rawValue, from: from.rawValue, until: until.rawValue))
                }
                if case .closed = error { throw APIError(screen: error) }
                throw APIError.screenRefused("the screen cannot take a show: \(error)")
            }
        }
    }

    private func hallState(_ hall: HallID) async throws -> Hall.State {
        guard let stream = try? Hall.stream(hall) else { throw APIError.notFound("hall \(hall)") }
        let state = try await hallHandler.currentState(of: stream)
        guard state.name != nil, !state.removed else { throw APIError.notFound("hall \(hall)") }
        return state
    }

    /// Runs a hall change; shows in the way are named by id and title, so the admin knows whom to ask.
    private func changing(_ change: () async throws(AppFailure) -> GlobalPosition?) async throws -> GlobalPosition? {
        do {
            return try await change()
        } catch .screenRefused(.slotsHeld(let shows)) {
            let named = shows.sorted().map { show in
                let title = (try? store.view(ShowListingProjection.self, key: show.rawValue))?.details.title
                return title.map { "\(show) (\($0))" } ?? show.rawValue
            }
            throw APIError.hallInUse("events \(named.joined(separator: ", ")) hold slots on the hall's screens; cancel or move them first")
        } catch {
            throw APIError(error)
        }
    }

    private func screenState(_ screen: ScreenID) async throws -> Screen.State {
        guard let stream = try? Screen.stream(screen) else { throw APIError.notFound("screen \(screen)") }
        let state = try await screens.currentState(of: stream)
        guard state.hall != nil else { throw APIError.notFound("screen \(screen)") }
        return state
    }

    private func run<D: Decider & ProtobufEvents & SendableMetatype>(
        _ handler: CommandHandler<D>, _ command: D.Command, on stream: StreamName
    ) async throws -> UInt64? where D.State: Sendable, D.Event: Sendable, D.Command: Sendable {
        do {
            return try await handler.handle(command, on: stream).lastPosition?.rawValue
        } catch {
            throw APIError(error) { rejection in
                switch rejection {
                case let screen as Screen.Rejection: APIError(screen: screen)
                case let hall as Hall.Rejection: APIError(hall: hall)
                default: .refused("refused: \(rejection)")
                }
            }
        }
    }

    struct HallBody: Decodable {
        var name: String
        var city: String
        var address: String
    }

    struct ActiveBody: Decodable {
        var active: Bool
    }

    struct ScreenBody: Decodable {
        var name: String
    }

    /// Rows from left to right: `{"label":"A","places":[{"number":1,"type":"regular"},{"gap":true},…]}`.
    struct LayoutBody: Decodable {
        struct Row: Decodable {
            struct Place: Decodable {
                var number: Int?
                var type: String?
                var gap: Bool?
            }
            var label: String
            var places: [Place]
        }
        var rows: [Row]
        var blocked: [String]?

        func layout() throws -> SeatLayout {
            let rows = try rows.map { row in
                SeatRow(label: row.label, places: try row.places.map { place in
                    if place.gap == true { return .gap }
                    guard let number = place.number, let type = place.type else {
                        throw APIError.invalidBody("field rows.\(row.label).places: each place is a gap or a seat with a number and a type")
                    }
                    return .seat(number: number, type: type)
                })
            }
            return SeatLayout(rows: rows, blocked: Set((blocked ?? []).map { SeatID($0) }))
        }
    }

    struct Made: ResponseEncodable {
        var id: String
        var position: UInt64?
    }

    struct HallList: ResponseEncodable {
        struct Item: Encodable {
            var hallId: String
            var name: String
            var city: String
            var address: String
            var active: Bool
            var screens: [String: String]
            init(hallId: String, view: HallsProjection.View) {
                self.hallId = hallId
                name = view.name
                city = view.city
                address = view.address
                active = view.active
                screens = Dictionary(uniqueKeysWithValues: view.screens.map { ($0.key.rawValue, $0.value) })
            }
        }
        var halls: [Item]
        var position: UInt64
    }

    struct HallDetails: ResponseEncodable {
        struct ScreenView: Encodable {
            var screenId: String
            var name: String
            var plan: SeatingPlan?
            var reservedSlots: Int
        }
        var hallId: String
        var name: String
        var city: String
        var address: String
        var active: Bool
        var screens: [ScreenView]
    }

    struct Availability: ResponseEncodable {
        struct Clash: Encodable {
            var eventId: String
            var from: Int64
            var until: Int64
        }
        var available: Bool
        var clash: Clash?
    }
}

import Crypto
import Domain
import Foundation
import Prometheus
public import EventStore
public import Hummingbird
import HummingbirdWebSocket
public import Logging
public import Projections

/// The composition root: the router with every controller, and the services that run beside the HTTP server
/// (the scheduler and the projections).
public func buildApplication(
    settings: ServerSettings, log: LMDBEventLog, projections: ProjectionStore, sessions: SessionSigner, codeKey: String,
    logger: Logger
) throws -> some ApplicationProtocol {
    let availability = try ProjectionRunner(ShowAvailabilityProjection(), log: log, store: projections)
    let listings = try ProjectionRunner(ShowListingProjection(), log: log, store: projections)
    let bookingSummaries = try ProjectionRunner(BookingSummaryProjection(), log: log, store: projections)
    let customerBookings = try ProjectionRunner(CustomerBookingsProjection(), log: log, store: projections)
    // One handler per aggregate type for the whole process: one writer per stream relies on it.
    let metrics = PrometheusCollectorRegistry()
    let shows = CommandHandler<Show>(log: log, counters: CommandCounters(aggregate: Show.category, registry: metrics))
    let bookings = CommandHandler<Booking>(log: log, counters: CommandCounters(aggregate: Booking.category, registry: metrics))
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.debug))
    HealthController(log: log).addRoutes(to: router)
    SeatMapController(log: log, store: projections, availability: availability).addRoutes(to: router)
    ShowsController(log: log, store: projections, listings: listings, shows: shows).addRoutes(to: router)
    CustomerController(log: log, store: projections, sessions: sessions, index: customerBookings, summaries: bookingSummaries)
        .addRoutes(to: router)
    SessionController(sessions: sessions, secureCookies: settings.secureCookies).addRoutes(to: router)
    let outbox = OutboxMailer(directory: settings.outboxDirectory)
    let signIn = PasscodeSignIn(
        passcodes: CommandHandler(log: log), customers: CommandHandler(log: log), organizers: CommandHandler(log: log),
        mailer: outbox, sessions: sessions, codeKey: SymmetricKey(data: SHA256.hash(data: Data("passcodes:\(codeKey)".utf8))))
    AuthController(signIn: signIn, sessions: sessions, secureCookies: settings.secureCookies).addRoutes(to: router)
    if settings.development { OutboxController(outbox: outbox).addRoutes(to: router) }
    let holds = HoldProcess(log: log, shows: shows, bookings: bookings)
    BookingController(sessions: sessions, holds: holds).addRoutes(to: router)
    RegistrationController(sessions: sessions, holds: holds, free: FreeConfirmation(shows: shows, bookings: bookings)).addRoutes(to: router)
    let rooms = LiveRooms(log: log)
    MetricsController(registry: metrics, log: log, rooms: rooms,
                      projections: [availability, listings, bookingSummaries, customerBookings]).addRoutes(to: router)
    let webSockets = Router(context: BasicWebSocketRequestContext.self)
    LiveController(rooms: rooms).addRoutes(to: webSockets)
    var app = Application(
        router: router,
        server: .http1WebSocketUpgrade(webSocketRouter: webSockets),
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "tktplz"),
        logger: logger)
    app.addServices(
        SchedulerService(log: log, logger: logger),
        ProjectionService(runner: availability, logger: logger),
        ProjectionService(runner: listings, logger: logger),
        ProjectionService(runner: bookingSummaries, logger: logger),
        ProjectionService(runner: customerBookings, logger: logger),
        HoldExpiryReactor(log: log, store: projections, shows: shows, bookings: bookings, logger: logger),
        LiveRoomsService(rooms: rooms, logger: logger))
    return app
}

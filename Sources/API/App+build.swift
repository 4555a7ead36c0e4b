public import App
import Crypto
import Domain
public import EventStore
import Foundation
public import Hummingbird
public import HummingbirdWebSocket
public import Logging
public import Projections
import Prometheus
public import ServiceLifecycle

/// The composition root: the routers with every controller, and the services that run beside the HTTP server
/// (the scheduler, the projections, the hold-expiry reactor and the live rooms).
public struct Server {
    public let router: Router<ClientRequestContext>
    public let webSockets: Router<LiveRequestContext>
    public let services: [any Service]
    /// The projections this server runs, by name: all of `ProjectionCatalog`.
    public let projectionNames: [String]

    /// Every route, as `METHOD /path` with `{name}` captures (the OpenAPI document's spelling).
    public var routes: [String] {
        let http = router.routes.map { "\($0.method) \($0.path)" }
        let upgrades = webSockets.routes.map { "\($0.method) \($0.path)" }
        return (http + upgrades).map { route in
            route.split(separator: "/", omittingEmptySubsequences: false)
                .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
                .joined(separator: "/")
        }
    }

    public init(
        settings: ServerSettings, log: any EventLog, projections: ProjectionStore, sessions: SessionSigner, codeKey: String,
        logger: Logger, shutdown: ShutdownNotice = ShutdownNotice(), storage: (any SharedStorage)? = nil
    ) async throws {
        // Images and development keys: beside the log, so every node over a shared log reads the same ones.
        let storage = storage ?? DirectoryStorage(directory: settings.dataDirectory)
        // On a shared log a revocation check is a database round trip: there memory answers what it can.
        let endedSessions = log.isShared ? EndedSessions(log: log, logger: logger) : nil
        let sessions = sessions.revocable(in: log, memory: endedSessions)
        let running = try RunningProjections(log: log, store: projections)
        let availability = running.runner(ShowAvailabilityProjection.self)
        let listings = running.runner(ShowListingProjection.self)
        let bookingSummaries = running.runner(BookingSummaryProjection.self)
        let customerBookings = running.runner(CustomerBookingsProjection.self)
        let showBookings = running.runner(ShowBookingsProjection.self)
        let payoutLedger = running.runner(PayoutLedgerProjection.self)
        let hallsView = running.runner(HallsProjection.self)
        let showAnalytics = running.runner(ShowAnalyticsProjection.self)
        let issuesView = running.runner(SupportIssuesProjection.self)
        let chatView = running.runner(ShowChatProjection.self)
        let attendeesView = running.runner(ShowAttendeesProjection.self)
        let webhooksView = running.runner(WebhooksProjection.self)
        let metrics = PrometheusCollectorRegistry()
        // One handler per aggregate type for the whole process: one writer per stream relies on it.
        let shows = CommandHandler<Show>(log: log, counters: CommandCounters(aggregate: Show.category, registry: metrics))
        let bookings = CommandHandler<Booking>(log: log, counters: CommandCounters(aggregate: Booking.category, registry: metrics))
        let payouts = CommandHandler<Payout>(log: log, counters: CommandCounters(aggregate: Payout.category, registry: metrics))
        let rooms = LiveRooms(log: log)
        let screens = CommandHandler<Screen>(log: log)
        let customers = CommandHandler<Customer>(log: log)

        let cookies = CookiePolicy(secure: settings.secureCookies, sameSite: settings.crossOrigin.sameSite)
        let router = Router(context: ClientRequestContext.self)
        router.add(middleware: LogRequestsMiddleware(.debug))
        // Outside the error bodies, so a refusal carries the CORS headers its page needs to read it.
        router.add(middleware: CORSAnswers(settings: settings.crossOrigin))
        let routeMethods = RouteMethods()
        router.add(middleware: ErrorBodyMiddleware(logger: logger, routes: routeMethods))
        router.add(middleware: ForeignOriginRefusal(settings: settings.crossOrigin))
        router.add(middleware: RateLimitMiddleware(settings: settings.rateLimits, registry: metrics))
        router.add(middleware: SessionRenewalMiddleware(sessions: sessions, cookies: cookies))
        router.add(middleware: ResponseCompressionMiddleware())
        // The web page: static files at `/`, no build step (see Sources/API/Web). Revalidated on every load, so a
        // new server version is picked up at once.
        if let web = Bundle.module.resourceURL?.appendingPathComponent("Web").path {
            router.add(middleware: FileMiddleware(web, cacheControl: .init([(MediaType(type: .any), [.noCache])]), searchForIndexHtml: true, logger: logger))
        }
        HealthController(log: log).addRoutes(to: router)
        OpenAPIController().addRoutes(to: router)
        projectionNames = running.all.map(\.projectionName)
        MetricsController(registry: metrics, log: log, rooms: rooms, projections: running.all).addRoutes(to: router)
        SeatMapController(log: log, store: projections, availability: availability).addRoutes(to: router)
        ShowsController(log: log, store: projections, listings: listings, shows: shows, screens: screens, customers: customers,
                        sessions: sessions).addRoutes(to: router)
        CustomerController(log: log, store: projections, sessions: sessions, index: customerBookings, summaries: bookingSummaries)
            .addRoutes(to: router)
        SessionController(sessions: sessions, cookies: cookies).addRoutes(to: router)
        let outbox = OutboxMailer(directory: settings.outboxDirectory)
        // SMTP and the e-mail API send from the durable spool: a server that is down delays mail, never loses it.
        let transport: (any Mailer)? = switch settings.mail.transport {
        case .outbox: nil
        case let .resend(baseURL, apiKey, from): ResendMailer(baseURL: baseURL, apiKey: apiKey, from: from)
        case .smtp(let smtp): try SMTPMailer(settings: smtp)
        }
        let mailDelivery = transport.map {
            MailDelivery(spool: MailSpool(directory: settings.mailSpoolDirectory), transport: $0, retry: settings.mail.retry, logger: logger)
        }
        let mailer: any Mailer = mailDelivery.map { SpooledMailer(spool: $0.spool, delivery: $0) } ?? outbox
        let organizers = CommandHandler<Organizer>(log: log)
        let signIn = PasscodeSignIn(
            passcodes: CommandHandler(log: log), customers: customers, organizers: organizers,
            mailer: mailer, codeKey: SymmetricKey(data: SHA256.hash(data: Data("passcodes:\(codeKey)".utf8))))
        AuthController(signIn: signIn, sessions: sessions, cookies: cookies).addRoutes(to: router)
        GoogleSignInController(
            google: settings.google.map { GoogleOpenID(settings: $0) }, customers: customers, sessions: sessions,
            stateKey: SymmetricKey(data: SHA256.hash(data: Data("google-sign-in:\(codeKey)".utf8))), cookies: cookies
        ).addRoutes(to: router)
        if settings.development {
            OutboxController(outbox: outbox).addRoutes(to: router)
            EchoController().addRoutes(to: router)
        }
        let signer = TicketSigner(key: try await TicketSigningKey.resolve(environment: settings.environment, storage: storage, logger: logger))
        let signatures = settings.payments.signatures
        if settings.payments.usesDevelopmentSecrets {
            logger.warning("PAYMENT_WEBHOOK_SECRET or PAYMENT_KEY_SECRET is not set: payments and webhooks are signed with development defaults. Set both in production.")
        }
        let sandbox: SandboxGateway?
        let gateway: any PaymentGateway
        switch settings.payments.gateway {
        case .sandbox:
            // Anyone can "pay" in the sandbox: it runs only where the settings allow it (never in production).
            guard settings.sandboxGatewayAllowed else {
                throw ConfigurationError("the sandbox payment gateway runs only in development (or with \(ProductionRequirements.sandboxForTesting)=1); set RAZORPAY_KEY_ID and RAZORPAY_KEY_SECRET")
            }
            let embedded = try await SandboxGateway(
                signatures: signatures, journal: storage.journal(try SharedFileName(folder: "sandbox-gateway", file: "journal.jsonl")))
            (sandbox, gateway) = (embedded, embedded)
        case let .razorpay(baseURL, keyID, keySecret):
            sandbox = nil
            gateway = RazorpayGateway(baseURL: baseURL, keyID: keyID, keySecret: keySecret, signatures: signatures)
        }
        let access = TicketAccess(shows: shows, bookings: bookings, customers: customers, signer: signer)
        let booking = BookingProcesses(log: log, shows: shows, bookings: bookings, customers: customers, screens: screens, gateway: gateway,
                                       mailer: mailer, logger: logger)
        let (bookingMail, refunds, checkout, reconciliation, holds, free) =
            (booking.mail, booking.refunds, booking.checkout, booking.reconciliation, booking.holds, booking.free)
        let saleQueues = SaleQueues(log: log, queues: CommandHandler<SaleQueue>(log: log), shows: shows, storage: storage,
                                    passKey: SymmetricKey(data: SHA256.hash(data: Data("queue-passes:\(codeKey)".utf8))))
        let queueGate = QueueGate(queues: saleQueues)
        BookingController(sessions: sessions, holds: holds, gate: queueGate).addRoutes(to: router)
        // HOLDS_PER_SECOND: what this deployment's hold path takes (bench http measured 4,439 a second on one LMDB
        // node here); a queue admits at most a quarter of it a second, as customers may hold more than once.
        let holdsPerSecond = settings.environment["HOLDS_PER_SECOND"].flatMap(Int.init).map { max(1, $0) } ?? 2_000
        QueueController(sessions: sessions, shows: shows, queues: saleQueues, defaultAdmitPerMinute: min(100_000, holdsPerSecond * 60 / 4))
            .addRoutes(to: router)
        let waitingLists = CommandHandler<WaitingList>(log: log)
        WaitlistController(sessions: sessions, holds: holds, lists: waitingLists).addRoutes(to: router)
        RegistrationController(sessions: sessions, holds: holds, free: free, gate: queueGate).addRoutes(to: router)

        let webhooks = PaymentWebhooks(signatures: signatures, checkout: checkout, refunds: refunds, logger: logger)
        PaymentController(sessions: sessions, gateway: gateway, checkout: checkout, refunds: refunds, webhooks: webhooks, access: access,
                          mail: bookingMail, sandboxCheckout: sandbox != nil).addRoutes(to: router)
        ConfirmFreeController(sessions: sessions, free: free, access: access, mail: bookingMail).addRoutes(to: router)
        TicketController(sessions: sessions, access: access).addRoutes(to: router)
        CheckInController(sessions: sessions, shows: shows, bookings: bookings, signer: signer, log: log, store: projections,
                          door: showBookings).addRoutes(to: router)
        let cancellation = ShowCancellation(log: log, store: projections, showBookings: showBookings, shows: shows, screens: screens,
                                            bookings: bookings, refunds: refunds, mail: bookingMail)
        let images = ImageStore(storage: storage)
        OrganizerShowsController(sessions: sessions, log: log, store: projections, listings: listings, showBookings: showBookings,
                                 shows: shows, screens: screens, cancellation: cancellation, posters: images).addRoutes(to: router)
        OrganizerAccountController(sessions: sessions, organizers: organizers).addRoutes(to: router)
        let adminAccounts = AdminAccounts(
            invites: CommandHandler(log: log), log: log,
            secrets: AdminSecrets(sealKey: try await AdminSecrets.sealKey(environment: settings.environment, storage: storage, logger: logger)),
            mailer: mailer, sessions: sessions)
        AdminController(sessions: sessions, accounts: adminAccounts, log: log, store: projections, listings: listings, shows: shows,
                        payouts: payouts, cookies: cookies).addRoutes(to: router)
        AsOfController(sessions: sessions, log: log).addRoutes(to: router)
        PayoutDetailsController(sessions: sessions, shows: shows, organizers: organizers).addRoutes(to: router)
        AttendeesController(sessions: sessions, log: log, store: projections, attendees: attendeesView, shows: shows).addRoutes(to: router)
        let hallHandler = CommandHandler<Hall>(log: log)
        HallController(sessions: sessions, log: log, store: projections, halls: hallsView, hallHandler: hallHandler, screens: screens,
                       changes: HallChanges(halls: hallHandler, screens: screens))
            .addRoutes(to: router)
        ImageController(images: images).addRoutes(to: router)
        let webhookSigning = WebhookSigning(key: SymmetricKey(data: Data(Secrets.webhookKey(environment: settings.environment, logger: logger).utf8)))
        let organizerWebhooks = CommandHandler<Webhook>(log: log)
        WebhooksController(sessions: sessions, log: log, store: projections, webhooksView: webhooksView, webhooks: organizerWebhooks,
                           signing: webhookSigning).addRoutes(to: router)
        // WEBHOOK_RETRY_SECONDS: the wait after a failed delivery, doubling per attempt (30 s by default).
        let webhookRetry = settings.environment["WEBHOOK_RETRY_SECONDS"].flatMap(Double.init).map { Duration.milliseconds(Int64($0 * 1000)) } ?? .seconds(30)
        // WEBHOOK_CA_FILE: a PEM authority endpoints' certificates may also chain to (a private CA).
        let webhookCA = settings.environment["WEBHOOK_CA_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        if let webhookCA, !FileManager.default.isReadableFile(atPath: webhookCA) {
            throw ConfigurationError("WEBHOOK_CA_FILE names \(webhookCA), which cannot be read")
        }
        let webhookDispatcher = WebhookDispatcher(log: log, store: projections, webhooks: organizerWebhooks, shows: shows, bookings: bookings,
                                                  signing: webhookSigning, transport: HTTPWebhookTransport(trusting: webhookCA),
                                                  retryBase: webhookRetry, logger: logger)
        SupportIssuesController(sessions: sessions, log: log, store: projections, issuesView: issuesView, issues: CommandHandler(log: log), images: images)
            .addRoutes(to: router)
        ProfileController(sessions: sessions, customers: customers, shows: shows).addRoutes(to: router)
        ErasureController(sessions: sessions, erasure: CustomerErasure(customers: customers), cookies: cookies).addRoutes(to: router)
        let chat = EventChat(store: projections, shows: shows, customers: customers, chats: CommandHandler(log: log))
        ChatController(sessions: sessions, log: log, store: projections, chatView: chatView, chat: chat).addRoutes(to: router)
        DashboardController(sessions: sessions, log: log, store: projections, listings: listings, ledger: payoutLedger, showBookings: showBookings,
                            analytics: showAnalytics, shows: shows, issues: issuesView, payouts: payouts).addRoutes(to: router)
        PayoutController(sessions: sessions, log: log, store: projections, ledger: payoutLedger, shows: shows, payouts: payouts)
            .addRoutes(to: router)
        PayoutReceiptController(sessions: sessions, log: log, store: projections, ledger: payoutLedger, shows: shows, payouts: payouts,
                                organizers: organizers, mailer: mailer).addRoutes(to: router)
        let settlement = PayoutSettlement(store: projections, showBookings: showBookings, shows: shows, bookings: bookings, payouts: payouts)
        var sandboxServices: [any Service] = []
        if let sandbox {
            SandboxController(gateway: sandbox).addRoutes(to: router)
            // The sandbox's webhooks reach the same handler the gateway's HTTP calls would, as a gateway's would
            // arrive: racing the customer's own verify, sent again until taken.
            if settings.sandboxWebhooks {
                sandboxServices.append(SandboxWebhookDelivery(gateway: sandbox, shutdown: shutdown, receive: { body, signature in
                    do {
                        _ = try await webhooks.receive(body: body, signature: signature)
                        return true
                    } catch {
                        logger.warning("sandbox webhook not applied: \(error)")
                        return false
                    }
                }, logger: logger))
            }
        }
        LiveController.addUpgradeHint(to: router)
        // WebSockets and Socket.IO sessions count against one limit per address.
        let connections = WebSocketConnections(limit: settings.rateLimits.webSocketsPerAddress)
        let admission = ChatAdmission(sessions: sessions, chat: chat)
        let socketIO = SocketIOServer(rooms: rooms, sessions: sessions, chat: admission, connections: connections)
        let socketIOController = SocketIOController(server: socketIO, limits: settings.rateLimits)
        socketIOController.addRoutes(to: router)
        routeMethods.load(router.routes.map { ($0.method.rawValue, $0.path.description) })
        let webSockets = Router(context: LiveRequestContext.self)
        webSockets.add(middleware: ErrorBodyMiddleware(logger: logger))
        LiveController(rooms: rooms, connections: connections,
                       limits: settings.rateLimits, chat: admission,
                       refused: metrics.makeCounter(name: "tktplz_rate_limited_total", labels: [("rule", "websocket")],
                                                    help: "requests refused by a rate limit, by rule"))
            .addRoutes(to: webSockets)
        socketIOController.addRoutes(to: webSockets)

        self.router = router
        self.webSockets = webSockets
        services = [SchedulerService(log: log, shutdown: shutdown, logger: logger)]
            + running.all.map { ProjectionService(runner: $0, logger: logger) } + [
            ShowEndReactor(log: log, store: projections, shows: shows, settlement: settlement, logger: logger),
            FirstAdminInvite(email: settings.firstAdminEmail, accounts: adminAccounts, logger: logger),
            HoldExpiryReactor(log: log, store: projections, shows: shows, bookings: bookings, reconciliation: reconciliation, logger: logger),
            PaymentCheckReactor(log: log, store: projections, reconciliation: reconciliation, logger: logger),
            WaitlistReactor(log: log, store: projections, offers: WaitlistOffers(holds: holds, lists: waitingLists), logger: logger),
            SaleQueueReactor(log: log, store: projections, queues: saleQueues, logger: logger),
            LiveRoomsService(rooms: rooms, logger: logger), ErasureFollower(log: log, logger: logger),
            SocketIOService(server: socketIO), webhookDispatcher,
        ] + (mailDelivery.map { [$0] } ?? []) + sandboxServices + (endedSessions.map { [$0] } ?? [])
    }
}

/// The server as a Hummingbird application on the configured address.
public func buildApplication(
    settings: ServerSettings, log: any EventLog, projections: ProjectionStore, sessions: SessionSigner, codeKey: String,
    logger: Logger, shutdown: ShutdownNotice = ShutdownNotice(), storage: (any SharedStorage)? = nil
) async throws -> some ApplicationProtocol {
    let server = try await Server(settings: settings, log: log, projections: projections, sessions: sessions, codeKey: codeKey, logger: logger,
                                  shutdown: shutdown, storage: storage)
    var app = Application(
        router: server.router,
        // A client that never answers the close frame is cut after `webSocketClose`, so it cannot hold up a shutdown.
        server: .http1WebSocketUpgrade(webSocketRouter: server.webSockets,
                                       configuration: .init(ws: .init(closeTimeout: ShutdownBounds.webSocketClose))),
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "tktplz"),
        logger: logger)
    app.addServices(server.services)
    return app
}

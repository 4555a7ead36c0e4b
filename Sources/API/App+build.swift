public import EventStore
public import Hummingbird
public import Logging

/// The composition root: the router with every controller, and the services that run beside the HTTP server.
public func buildApplication(
    settings: ServerSettings, log: LMDBEventLog, logger: Logger
) -> some ApplicationProtocol {
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.debug))
    HealthController(log: log).addRoutes(to: router)
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "tktplz"),
        logger: logger)
    app.addServices(SchedulerService(log: log, logger: logger))
    return app
}

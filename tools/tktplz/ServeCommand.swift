import API
import App
import ArgumentParser
import Domain
import EventStore
import Foundation
import Hummingbird
import Logging
import Projections

/// Starts the service: the HTTP API on `--host`:`--port` and the scheduler that appends due events. SIGINT or
/// SIGTERM shut it down within 10 s (`ShutdownBounds`: in-flight requests finish, silent clients are cut), and then
/// the log closes cleanly. In production it
/// refuses to start, naming each missing setting, rather than run on development secrets.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the TktPlz service.",
        discussion: """
            Development (TKTPLZ_ENV unset or "development") needs no settings: development keys, the sandbox \
            payment gateway, mail to ./data/outbox (read at /dev/outbox) and demo data.

            Production (TKTPLZ_ENV=production; any other value than "development" counts as production) refuses \
            to start, one line per missing setting, unless all of these are set (each secret may instead be \
            read from a file named by NAME_FILE, e.g. JWT_SECRET_FILE):
              JWT_SECRET              32+ random bytes: signs sessions
              TICKET_SIGNING_KEY      32 bytes, base64: the tickets' Ed25519 key
              ADMIN_SEAL_KEY          32 bytes, base64: seals admins' TOTP secrets
              WEBHOOK_SECRET_KEY      32+ random bytes: organizers' webhook secrets are derived from it
              PAYMENT_WEBHOOK_SECRET  checks the gateway's webhooks
              RAZORPAY_KEY_ID, RAZORPAY_KEY_SECRET   the payment gateway (RAZORPAY_API_URL to point elsewhere)
              SMTP_URL or RESEND_API_KEY   mail: smtp://user:password@host:587 (STARTTLS required), \
            smtps://…:465, or smtp://host:25?tls=none for a local relay; or Resend's API (RESEND_API_URL). \
            MAIL_FROM is the sender, SMTP_CA_FILE a CA to trust, MAIL_RETRY_SECONDS the first retry's wait \
            (mail waits in DATA_DIR/mail-spool until the server takes it)
            Optional: ADMIN_EMAIL (the first admin's invite), GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET,
            SECURE_COOKIES (1 by default in production), HOST, PORT, DATA_DIR, LOG_URL (a shared PostgreSQL log), \
            LOG_LEVEL; WEBHOOK_CA_FILE (a CA organizers' endpoints may chain to), WEBHOOK_RETRY_SECONDS (30: the \
            first retry's wait, doubling to an hour); HOLDS_PER_SECOND (2000: what the hold path takes; on-sale queues \
            admit at most a quarter of it a second); limits per client \
            address: RATE_LIMIT_{ANONYMOUS,SIGN_IN,SIGN_UP}_{BURST,PER_HOUR}, WS_CONNECTIONS_PER_ADDRESS (20), \
            TRUSTED_PROXY_HEADER (only behind a proxy that sets it); CORS_ORIGINS (comma-separated origins whose \
            pages may call the API with cookies), COOKIE_SAMESITE (lax, strict or none; none when CORS_ORIGINS is set \
            and cookies are secure).
            SIGTERM or SIGINT: the scheduler stops at once, in-flight requests get 8 s, the process exits within 10 s.
            For tests only: TKTPLZ_TESTING_SANDBOX_GATEWAY=1 (with PAYMENT_KEY_SECRET) runs the sandbox gateway,
            TKTPLZ_TESTING_DEMO_DATA=1 seeds the demo shows; SANDBOX_WEBHOOKS=off makes the sandbox send none.
            """)

    @OptionGroup var data: DataDirectoryOption
    @Option(help: "Address to listen on (env HOST).") var host: String?
    @Option(help: "Port to listen on (env PORT).") var port: Int?

    func run() async throws {
        let environment = try SettingFiles.expand(ProcessInfo.processInfo.environment)
        let problems = ServerSettings.startProblems(environment)
        guard problems.isEmpty else {
            for problem in problems { FileHandle.standardError.write(Data("tktplz serve: \(problem)\n".utf8)) }
            FileHandle.standardError.write(Data("tktplz serve: refusing to start; `tktplz serve --help` lists what it needs\n".utf8))
            throw ExitCode(78)  // EX_CONFIG
        }
        let settings = ServerSettings.resolve(host: host, port: port, dataDirectory: data.path, environment: environment)
        var logger = Logger(label: "tktplz")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let opened = try await data.openSharedLog()
        let log = opened.log
        let head = try await log.head()
        logger.info("log open", metadata: ["log": "\(opened.description)", "records": "\(head.rawValue)"])
        if settings.seedsDemoData, try await DemoData.seedIfEmpty(log: log, now: .now()) {
            logger.notice("seeded demo data: a hall, a 10×10 screen, and shows \(DemoData.shows.values.map(\.rawValue).sorted())")
        }
        let projections = try ProjectionStore(path: settings.projectionsDirectory.path)
        let base = "http://\(settings.host):\(settings.port)"
        if settings.development { logger.notice("try: curl \(base)/health ; curl \(base)/api/event/demo-seated/seats") }
        let secret = Secrets.jwtSecret(environment: environment, logger: logger)
        let sessions = try await SessionSigner(secret: secret)
        let shutdown = ShutdownNotice()
        let app = try await buildApplication(
            settings: settings, log: log, projections: projections, sessions: sessions, codeKey: secret, logger: logger,
            shutdown: shutdown, storage: opened.storage)
        try await runUntilStopped(app, notice: shutdown, logger: logger)
        let final = try await log.head()
        opened.close()
        logger.info("log closed", metadata: ["head": "\(final.rawValue)"])
    }
}

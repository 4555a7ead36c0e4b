public import App
public import Foundation

/// Where and how the server runs, from flags with fallbacks in the environment (`HOST`, `PORT`, `DATA_DIR`).
public struct ServerSettings: Sendable, Equatable {
    /// The address to listen on.
    public var host: String
    /// The TCP port.
    public var port: Int
    /// The data directory: the log lives in `events/`, projections in `projections/`.
    public var dataDirectory: URL
    /// Whether session cookies are `Secure` (HTTPS only). Off by default for local development over HTTP.
    public var secureCookies: Bool
    /// Development mode (`TKTPLZ_ENV` unset or `development`): development-only routes such as `/dev/outbox`, the
    /// sandbox gateway and the demo data. Any other value is production (a typo must not open the server up).
    public var development: Bool
    /// The sandbox gateway (and its routes) may run: in development, or with `TKTPLZ_TESTING_SANDBOX_GATEWAY=1`.
    public var sandboxGatewayAllowed: Bool
    /// The demo shows are seeded into an empty log: in development, or with `TKTPLZ_TESTING_DEMO_DATA=1`.
    public var seedsDemoData: Bool
    /// The environment the secrets are read from (`NAME_FILE` already read into `NAME`); empty for settings made
    /// in code, which then use the development keys kept in the data directory.
    public var environment: [String: String]
    /// Where mail goes.
    public var mail: MailSettings
    /// Which payment gateway, with its secrets.
    public var payments: PaymentSettings
    /// Who is invited as the first admin at start (`ADMIN_EMAIL`; in development `admin@demo.tktplz` by default;
    /// nobody unless set, for settings made in code).
    public var firstAdminEmail: String?
    /// Google sign-in for customers; `nil` (off) unless configured.
    public var google: GoogleSettings?
    /// How much one client address may ask (`RATE_LIMIT_*`, `TRUSTED_PROXY_HEADER`).
    public var rateLimits = RateLimitSettings()
    /// Whether the sandbox gateway sends webhooks (`SANDBOX_WEBHOOKS=off` stops them, as a gateway account with no
    /// webhook URL would: then only verify and reconciliation settle payments, which is how that path is tried).
    public var sandboxWebhooks = true
    /// Which other origins' pages may call the API with a customer's cookie, and the cookie's SameSite rule
    /// (`CORS_ORIGINS`, `COOKIE_SAMESITE`).
    public var crossOrigin = CrossOriginSettings()

    public init(host: String, port: Int, dataDirectory: URL, secureCookies: Bool = false, development: Bool = true,
                mail: MailSettings = MailSettings(), payments: PaymentSettings = PaymentSettings()) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.secureCookies = secureCookies
        self.development = development
        sandboxGatewayAllowed = development
        seedsDemoData = development
        environment = [:]
        self.mail = mail
        self.payments = payments
        firstAdminEmail = nil
        google = nil
    }

    /// Settings from explicit values, else the environment, else the development defaults.
    public static func resolve(
        host: String?, port: Int?, dataDirectory: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> ServerSettings {
        let development = Self.isDevelopment(environment)
        var settings = ServerSettings(
            host: host ?? environment["HOST"] ?? "127.0.0.1",
            port: port ?? environment["PORT"].flatMap(Int.init) ?? 5000,
            dataDirectory: URL(fileURLWithPath: dataDirectory ?? environment["DATA_DIR"] ?? "./data", isDirectory: true),
            secureCookies: secureCookies(environment, development: development),
            development: development,
            mail: MailSettings.resolve(environment: environment),
            payments: PaymentSettings.resolve(environment: environment))
            .withFirstAdmin(environment["ADMIN_EMAIL"] ?? (development ? "admin@demo.tktplz" : nil))
        settings.google = GoogleSettings.resolve(environment: environment, port: settings.port)
        settings.sandboxGatewayAllowed = development || environment[ProductionRequirements.sandboxForTesting] == "1"
        settings.seedsDemoData = development || environment[ProductionRequirements.demoDataForTesting] == "1"
        settings.environment = environment
        settings.rateLimits = RateLimitSettings.resolve(environment: environment)
        settings.sandboxWebhooks = environment["SANDBOX_WEBHOOKS"] != "off"
        settings.crossOrigin = CrossOriginSettings.resolve(environment: environment, secureCookies: settings.secureCookies)
        return settings
    }

    /// `TKTPLZ_ENV` unset or `development`; anything else runs as production.
    public static func isDevelopment(_ environment: [String: String]) -> Bool {
        let mode = environment["TKTPLZ_ENV"] ?? "development"
        return mode == "development" || mode.isEmpty
    }

    /// Production defaults to `Secure` cookies: a session must not travel over plain HTTP.
    static func secureCookies(_ environment: [String: String], development: Bool) -> Bool {
        environment["SECURE_COOKIES"].map { $0 == "1" } ?? !development
    }

    /// Why these settings may not start: one line per missing or unusable setting. In production every secret and
    /// gateway is checked (and a `TKTPLZ_ENV` that is neither mode); in development only what would break a
    /// frontend unnoticed (`CORS_ORIGINS`, `COOKIE_SAMESITE`).
    public static func startProblems(_ environment: [String: String]) -> [String] {
        let development = isDevelopment(environment)
        let crossOrigin = CrossOriginSettings.problems(in: environment, secureCookies: secureCookies(environment, development: development))
        let mail = MailSettings.problems(in: environment)
        if development { return crossOrigin + mail }
        let mode = environment["TKTPLZ_ENV"] ?? ""
        let unknown = mode == "production" ? [] : ["TKTPLZ_ENV is \"\(mode)\": it must be production or development (it runs as production)"]
        return unknown + ProductionRequirements.problems(in: environment) + crossOrigin + mail
    }

    func withFirstAdmin(_ email: String?) -> ServerSettings {
        var settings = self
        if let email, !email.isEmpty { settings.firstAdminEmail = email }
        return settings
    }

    /// The event log's directory.
    public var logDirectory: URL { dataDirectory.appendingPathComponent("events", isDirectory: true) }
    /// Where development mail goes (the outbox mailer's files).
    public var outboxDirectory: URL { dataDirectory.appendingPathComponent("outbox", isDirectory: true) }
    /// Mail waiting for SMTP or the e-mail API (`MailSpool`).
    public var mailSpoolDirectory: URL { dataDirectory.appendingPathComponent("mail-spool", isDirectory: true) }


    /// The projections' directory (a cache: deleting it rebuilds every view from the log).
    public var projectionsDirectory: URL { dataDirectory.appendingPathComponent("projections", isDirectory: true) }
}

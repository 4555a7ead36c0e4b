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
    /// Development mode (`TKTPLZ_ENV` other than `production`): development-only routes such as `/dev/outbox`.
    public var development: Bool
    /// Where mail goes.
    public var mail: MailSettings
    /// Which payment gateway, with its secrets.
    public var payments: PaymentSettings
    /// Who is invited as the first admin at start (`ADMIN_EMAIL`; in development `admin@demo.tktplz` by default;
    /// nobody unless set, for settings made in code).
    public var firstAdminEmail: String?
    /// Google sign-in for customers; `nil` (off) unless configured.
    public var google: GoogleSettings?

    public init(host: String, port: Int, dataDirectory: URL, secureCookies: Bool = false, development: Bool = true,
                mail: MailSettings = MailSettings(), payments: PaymentSettings = PaymentSettings()) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.secureCookies = secureCookies
        self.development = development
        self.mail = mail
        self.payments = payments
        firstAdminEmail = nil
        google = nil
    }

    /// Settings from explicit values, else the environment, else the development defaults.
    public static func resolve(
        host: String?, port: Int?, dataDirectory: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> ServerSettings {
        var settings = ServerSettings(
            host: host ?? environment["HOST"] ?? "127.0.0.1",
            port: port ?? environment["PORT"].flatMap(Int.init) ?? 5000,
            dataDirectory: URL(fileURLWithPath: dataDirectory ?? environment["DATA_DIR"] ?? "./data", isDirectory: true),
            secureCookies: environment["SECURE_COOKIES"] == "1",
            development: environment["TKTPLZ_ENV"] != "production",
            mail: MailSettings.resolve(environment: environment),
            payments: PaymentSettings.resolve(environment: environment))
            .withFirstAdmin(environment["ADMIN_EMAIL"] ?? (environment["TKTPLZ_ENV"] != "production" ? "admin@demo.tktplz" : nil))
        settings.google = GoogleSettings.resolve(environment: environment, port: settings.port)
        return settings
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

    /// The sandbox payment gateway's journal.
    public var sandboxJournal: URL { dataDirectory.appendingPathComponent("sandbox-gateway/journal.jsonl") }

    /// The projections' directory (a cache: deleting it rebuilds every view from the log).
    public var projectionsDirectory: URL { dataDirectory.appendingPathComponent("projections", isDirectory: true) }
}

import API
import App
import Foundation
import Testing

@Suite("API: server settings")
struct ServerSettingsTests {
    @Test func flagsWinOverTheEnvironment() {
        let settings = ServerSettings.resolve(
            host: "0.0.0.0", port: 8080, dataDirectory: "/srv/tkt", environment: ["PORT": "9000", "DATA_DIR": "/tmp/x"])
        #expect(settings.host == "0.0.0.0")
        #expect(settings.port == 8080)
        #expect(settings.logDirectory.path == "/srv/tkt/events")
    }

    @Test func theEnvironmentFillsMissingFlags() {
        let settings = ServerSettings.resolve(host: nil, port: nil, dataDirectory: nil, environment: ["PORT": "9000", "DATA_DIR": "/tmp/x"])
        #expect(settings.port == 9000)
        #expect(settings.dataDirectory.path == "/tmp/x")
    }

    @Test func theWebSocketLimitAndTheSandboxsWebhooksAreSettings() {
        let defaults = ServerSettings.resolve(host: nil, port: nil, dataDirectory: nil, environment: [:])
        #expect(defaults.rateLimits.webSocketsPerAddress == 20)
        #expect(defaults.sandboxWebhooks)
        let set = ServerSettings.resolve(host: nil, port: nil, dataDirectory: nil,
                                         environment: ["WS_CONNECTIONS_PER_ADDRESS": "3", "SANDBOX_WEBHOOKS": "off"])
        #expect(set.rateLimits.webSocketsPerAddress == 3)
        #expect(!set.sandboxWebhooks)
    }

    @Test func developmentDefaultsArePort5000AndDotData() {
        let settings = ServerSettings.resolve(host: nil, port: nil, dataDirectory: nil, environment: [:])
        #expect(settings.host == "127.0.0.1")
        #expect(settings.port == 5000)
        #expect(settings.dataDirectory.lastPathComponent == "data")
    }
}

@Suite("API: production fails closed")
struct ProductionRequirementsTests {
    /// Everything production needs, with values of the right shape.
    static let complete: [String: String] = [
        "TKTPLZ_ENV": "production",
        "JWT_SECRET": String(repeating: "p", count: 40),
        "TICKET_SIGNING_KEY": Data(repeating: 7, count: 32).base64EncodedString(),
        "ADMIN_SEAL_KEY": Data(repeating: 9, count: 32).base64EncodedString(),
        "WEBHOOK_SECRET_KEY": String(repeating: "w", count: 40),
        "PAYMENT_WEBHOOK_SECRET": "a webhook secret of production",
        "RAZORPAY_KEY_ID": "rzp_live_x", "RAZORPAY_KEY_SECRET": "a key secret of production",
        "RESEND_API_KEY": "re_production",
    ]

    @Test func productionWithNothingSetNamesEveryMissingSettingOnItsOwnLine() {
        let problems = ServerSettings.startProblems(["TKTPLZ_ENV": "production"])
        let named = ["JWT_SECRET", "TICKET_SIGNING_KEY", "ADMIN_SEAL_KEY", "WEBHOOK_SECRET_KEY", "PAYMENT_WEBHOOK_SECRET", "RAZORPAY_KEY_ID",
                     "RAZORPAY_KEY_SECRET", "SMTP_URL"]
        #expect(problems.map { String($0.prefix { $0 != " " }) } == named)
    }

    @Test func developmentNeedsNoSettingAtAll() {
        #expect(ServerSettings.startProblems([:]).isEmpty)
        #expect(ServerSettings.startProblems(["TKTPLZ_ENV": "development"]).isEmpty)
        let settings = ServerSettings.resolve(host: nil, port: nil, dataDirectory: nil, environment: [:])
        #expect(settings.development && settings.sandboxGatewayAllowed && settings.seedsDemoData)
    }

    @Test func aCompleteProductionStartsWithoutSandboxDemoDataOrDevelopmentRoutes() {
        #expect(ServerSettings.startProblems(Self.complete).isEmpty)
        let settings = ServerSettings.resolve(host: nil, port: nil, dataDirectory: nil, environment: Self.complete)
        #expect(!settings.development)
        #expect(!settings.sandboxGatewayAllowed)
        #expect(!settings.seedsDemoData)
        #expect(settings.secureCookies)
        #expect(settings.firstAdminEmail == nil)
    }

    @Test func aMistypedModeRunsAsProductionAndIsRefused() {
        var environment = Self.complete
        environment["TKTPLZ_ENV"] = "prod"
        #expect(!ServerSettings.resolve(host: nil, port: nil, dataDirectory: nil, environment: environment).development)
        #expect(ServerSettings.startProblems(environment).first?.hasPrefix("TKTPLZ_ENV") == true)
    }

    @Test func theDevelopmentSecretsFromTheSourceAreRefused() {
        var environment = Self.complete
        environment["JWT_SECRET"] = "tktplz-development-only-jwt-secret-do-not-deploy"
        environment["PAYMENT_WEBHOOK_SECRET"] = PaymentSettings.developmentWebhookSecret
        environment["WEBHOOK_SECRET_KEY"] = "tktplz-development-only-webhook-key-do-not-deploy"
        let problems = ServerSettings.startProblems(environment)
        #expect(problems.count == 3)
        #expect(problems.allSatisfy { $0.contains("development secret") })
    }

    @Test func aShortJWTSecretAndAKeyOfTheWrongSizeAreRefused() {
        var environment = Self.complete
        environment["JWT_SECRET"] = "short"
        environment["TICKET_SIGNING_KEY"] = Data(repeating: 1, count: 16).base64EncodedString()
        environment["WEBHOOK_SECRET_KEY"] = "short too"
        #expect(ServerSettings.startProblems(environment) == [
            "JWT_SECRET is 5 bytes: it must be at least 32", "TICKET_SIGNING_KEY must be 32 bytes in base64",
            "WEBHOOK_SECRET_KEY is 9 bytes: it must be at least 32",
        ])
    }

    @Test func theSandboxRunsOutsideDevelopmentOnlyWithTheTestingSwitchAndItsOwnSecret() {
        var environment = Self.complete
        environment["RAZORPAY_KEY_ID"] = nil
        environment["RAZORPAY_KEY_SECRET"] = nil
        environment[ProductionRequirements.sandboxForTesting] = "1"
        #expect(ServerSettings.startProblems(environment).map { String($0.prefix { $0 != " " }) } == ["PAYMENT_KEY_SECRET"])
        environment["PAYMENT_KEY_SECRET"] = "a testing key secret"
        #expect(ServerSettings.startProblems(environment).isEmpty)
        #expect(ServerSettings.resolve(host: nil, port: nil, dataDirectory: nil, environment: environment).sandboxGatewayAllowed)
    }

    @Test func secretsAreReadFromTheFilesTheirFileSettingsName() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("jwt-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("a secret from a file, forty bytes long...\n".utf8).write(to: file)
        let expanded = try SettingFiles.expand(["JWT_SECRET_FILE": file.path])
        #expect(expanded["JWT_SECRET"] == "a secret from a file, forty bytes long...")
        #expect(throws: ConfigurationError.self) { try SettingFiles.expand(["JWT_SECRET_FILE": file.path, "JWT_SECRET": "x"]) }
        #expect(throws: ConfigurationError.self) { try SettingFiles.expand(["ADMIN_SEAL_KEY_FILE": "/nonexistent/key"]) }
    }
}

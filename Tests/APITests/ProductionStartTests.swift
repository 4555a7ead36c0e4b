import API
import Foundation
import Testing
import TestSupport
import EventStore
import HTTPTypes
import HummingbirdTesting

/// `tktplz serve` in production mode, as an operator who forgot a setting and an attacker who knows the source
/// would meet it.
@Suite("API: production start")
struct ProductionStartTests {
    private func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-production-\(UUID().uuidString)")
    }

    @Test(.timeLimit(.minutes(1)))
    func productionWithoutSecretsRefusesToStartNamingEachSetting() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var environment = ProcessInfo.processInfo.environment
        for name in SettingFiles.secretNames + ["RAZORPAY_KEY_ID", "TKTPLZ_TESTING_SANDBOX_GATEWAY"] { environment[name] = nil }
        environment["TKTPLZ_ENV"] = "production"
        let run = try await ToolProcess.run(["serve", "--data-dir", directory.path, "--port", "0"], environment: environment)
        #expect(run.status == 78)
        for name in ["JWT_SECRET", "TICKET_SIGNING_KEY", "ADMIN_SEAL_KEY", "WEBHOOK_SECRET_KEY", "PAYMENT_WEBHOOK_SECRET", "RAZORPAY_KEY_ID",
                     "RAZORPAY_KEY_SECRET", "SMTP_URL"] {
            #expect(run.errors.contains("tktplz serve: \(name) "), "no line names \(name)")
        }
        // Refused before anything was opened: no log, no development keys written beside the data.
        #expect(!FileManager.default.fileExists(atPath: directory.path))
    }

    @Test(.timeLimit(.minutes(1)))
    func aSessionForgedWithTheDevelopmentSecretAndAFreeSandboxPaymentAreRefusedInProduction() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var environment = ProductionRequirementsTests.complete
        // Nothing listens there: the test never gets as far as the gateway.
        environment["RAZORPAY_API_URL"] = "http://127.0.0.1:9"
        let server = try await ServerProcess.start(dataDirectory: directory, environment: environment)
        let http = HTTPDriver(port: server.port)

        let forged = try await SessionSigner(secret: "tktplz-development-only-jwt-secret-do-not-deploy")
            .issue(for: Identity(role: .admin, id: "admin-forged", email: "mallory@example.com"))
        #expect(try await http.get("/api/admin/events", token: forged).status == 401)
        let genuine = try await SessionSigner(secret: try #require(environment["JWT_SECRET"]))
            .issue(for: Identity(role: .admin, id: "admin-real", email: "admin@example.com"))
        #expect(try await http.get("/api/admin/events", token: genuine).status == 200)

        // No sandbox to "pay" in, no outbox to read passcodes from, no demo show to buy.
        #expect(try await http.post("/sandbox/checkout/order-x/pay", #"{"outcome":"succeed"}"#).status == 404)
        #expect(try await http.get("/dev/outbox?to=customer@demo.tktplz").status == 404)
        #expect(try await http.get("/api/event/demo-seated").status == 404)
        await server.stop()
    }
}

@Suite("API: a show starts in the future")
struct ShowStartTests {
    @Test func aDraftOrAMoveIntoThePastIsRefusedNamingStartAndAppendsNothing() async throws {
        let owner = try await organizer()
        try await withDemoServer { client, log in
            let driver = CheckoutDriver(client: client)
            let head = try await log.head()
            let past = Int64(Date().timeIntervalSince1970 * 1000) - 3_600_000
            let draft = try await driver.post("/api/organizer/events", owner,
                #"{"kind":"open","title":"Yesterday","start":\#(past),"end":\#(past + 7_200_000),"categories":[{"id":"ga","name":"GA","capacity":5,"price":0}]}"#)
            #expect(draft.status == .unprocessableContent)
            #expect(try decode(ErrorBody.self, draft).error.message.hasPrefix("field start is in the past"))
            let moved = try await driver.put("/api/organizer/events/demo-seated/schedule", owner, #"{"start":\#(past),"end":\#(past + 7_200_000)}"#)
            #expect(moved.status == .unprocessableContent)
            #expect(try await log.head() == head)
        }
    }
}

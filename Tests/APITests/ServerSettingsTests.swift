import API
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

    @Test func developmentDefaultsArePort5000AndDotData() {
        let settings = ServerSettings.resolve(host: nil, port: nil, dataDirectory: nil, environment: [:])
        #expect(settings.host == "127.0.0.1")
        #expect(settings.port == 5000)
        #expect(settings.dataDirectory.lastPathComponent == "data")
    }
}

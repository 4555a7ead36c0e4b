import EventStore
import Foundation

/// The parts of a `postgres://user[:password]@host[:port]/database` address.
struct PostgresURL: Sendable {
    let host: String
    let port: Int
    let user: String
    let password: String?
    let database: String

    init(_ text: String) throws(EventStoreError) {
        guard let components = URLComponents(string: text), components.scheme == "postgres" || components.scheme == "postgresql",
              let host = components.host, !host.isEmpty, let user = components.user, !user.isEmpty else {
            throw EventStoreError(.invalidArgument, "a PostgreSQL log is addressed as postgres://user[:password]@host[:port]/database")
        }
        let database = String(components.path.drop { $0 == "/" })
        self.host = host
        port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.isEmpty ? self.user : database
    }

    /// The address without its password, for messages and logs.
    var redacted: String { "postgres://\(user)@\(host):\(port)/\(database)" }
}

import EventStore
import Foundation
import PostgresLog

/// Where a log is, as an operator writes it: a data directory (the embedded LMDB log in `DIR/events`) or
/// `postgres://user[:password]@host[:port]/database[?schema=NAME]` (schema `tktplz` when not named).
enum LogAddress {
    static func isPostgres(_ address: String) -> Bool {
        address.hasPrefix("postgres://") || address.hasPrefix("postgresql://")
    }

    /// Opens the log at `address`; `readOnly` applies to LMDB (inspection beside a running server).
    static func open(_ address: String, readOnly: Bool = false) async throws -> OpenLog {
        guard isPostgres(address) else {
            let path = URL(fileURLWithPath: address, isDirectory: true).appendingPathComponent("events").path
            do {
                if !readOnly { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
                let log = try LMDBEventLog(.init(path: path, readOnly: readOnly))
                let directory = URL(fileURLWithPath: address, isDirectory: true)
                return OpenLog(log: log, description: log.path, storage: DirectoryStorage(directory: directory),
                               keys: DirectoryKeyStore(dataDirectory: directory), close: { log.close() })
            } catch let error as EventStoreError {
                throw ToolFailure("cannot open the log at \(path): \(error.message)\(error.cause.map { " (\($0))" } ?? "")")
            }
        }
        var components = URLComponents(string: address)
        let schema = components?.queryItems?.first { $0.name == "schema" }?.value ?? "tktplz"
        components?.queryItems = nil
        do {
            let log = try await PostgresEventLog.open(.init(url: components?.string ?? address, schema: schema))
            return OpenLog(log: log, description: "\(log.description) (schema \(schema))", storage: log.storage, keys: log.personalKeys,
                           close: { log.close() })
        } catch {
            throw ToolFailure("cannot open the log at \(address): \(error.message)\(error.cause.map { " (\($0))" } ?? "")")
        }
    }
}

/// An open log of either backend, with how to close it.
struct OpenLog {
    let log: any PortableLog
    /// Where it is, for the operator (a PostgreSQL address without its password).
    let description: String
    /// Images and development keys: in the data directory beside an LMDB log, in the log's schema on PostgreSQL.
    let storage: any SharedStorage
    /// The keys of personal data: beside the log in the same way.
    let keys: any PersonalKeyStore
    let close: () -> Void

    /// Makes this log's keys the ones the process seals and opens personal data with: a command works on one log.
    func installKeys() {
        PersonalKeyRing.install(PersonalKeyRing(store: keys))
    }
}

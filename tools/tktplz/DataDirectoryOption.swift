import ArgumentParser
import EventStore
import Foundation
import Projections

/// `--data-dir`, shared by every subcommand: the log lives in `DIR/events`.
struct DataDirectoryOption: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "The data directory (the log lives in DIR/events).")
    var path: String = ProcessInfo.processInfo.environment["DATA_DIR"] ?? "./data"

    @Option(name: .customLong("log"), help: ArgumentHelp(
        "Where the log is (env LOG_URL): the embedded LMDB log in DIR/events by default, or "
            + "postgres://user[:password]@host[:port]/database[?schema=NAME] for a log several nodes share."))
    var logURL: String? = ProcessInfo.processInfo.environment["LOG_URL"]

    var directory: URL { URL(fileURLWithPath: path, isDirectory: true) }
    var logPath: String { directory.appendingPathComponent("events").path }

    /// Opens the log, or explains why it cannot be opened. Inspection tools open it read-only, so they can run
    /// beside a server without writing anything.
    func openLog(readOnly: Bool = false) throws -> LMDBEventLog {
        do {
            return try LMDBEventLog(.init(path: logPath, readOnly: readOnly))
        } catch {
            throw ToolFailure("cannot open the log at \(logPath): \(error.message)\(error.cause.map { " (\($0))" } ?? "")")
        }
    }

    /// Opens the log the options name, for writing: LMDB in the data directory, or PostgreSQL at `--log`.
    func openSharedLog() async throws -> OpenLog {
        let opened = if let logURL, !logURL.isEmpty { try await LogAddress.open(logURL) } else { try await LogAddress.open(path) }
        opened.installKeys()
        return opened
    }

    /// Opens the log the options name for inspection: read-only LMDB in the data directory (beside a running
    /// server), or PostgreSQL at `--log`.
    func openInspectedLog() async throws -> OpenLog {
        let opened = if let logURL, !logURL.isEmpty { try await LogAddress.open(logURL) } else { try await LogAddress.open(path, readOnly: true) }
        opened.installKeys()
        return opened
    }

    /// Opens the projection store (`DIR/projections`), which may be open in a running server too.
    func openProjections() throws -> ProjectionStore {
        let path = directory.appendingPathComponent("projections").path
        do {
            return try ProjectionStore(path: path)
        } catch {
            throw ToolFailure("cannot open the projections at \(path): \(error.message)")
        }
    }
}


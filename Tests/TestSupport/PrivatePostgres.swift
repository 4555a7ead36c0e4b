public import Foundation

/// A PostgreSQL cluster of a test's own (scripts/postgres-cluster.sh), for a test that stops and starts the database
/// under load without touching the cluster the other tests share.
public final class PrivatePostgres: Sendable {
    public let url: String
    private let directory: URL

    private init(url: String, directory: URL) {
        self.url = url
        self.directory = directory
    }

    /// Creates and starts a cluster on a free port in a new temporary directory.
    public static func start() async throws -> PrivatePostgres {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("tktplz-postgres-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let port = try FreePort.find()
        try await script(["init", directory.path, String(port)])
        return PrivatePostgres(url: "postgres://tktplz@127.0.0.1:\(port)/postgres", directory: directory)
    }

    /// Stops the database (fast shutdown: clients are disconnected).
    public func stop() async throws { try await Self.script(["stop", directory.path]) }

    /// Starts it again on the same port and data.
    public func restart() async throws { try await Self.script(["start", directory.path]) }

    /// Stops it and deletes its directory.
    public func remove() async throws { try await Self.script(["remove", directory.path]) }

    /// Runs the script to its end with posix_spawn and waitpid on a thread of its own. Its output goes to a file,
    /// not a pipe (the server it starts could hold a pipe open); and not through Foundation's `Process`, which here
    /// never noticed the end of a script whose grandchild, the server, lives on.
    private static func script(_ arguments: [String]) async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("scripts/postgres-cluster.sh").path
        // In the cluster's directory (every command names it first), which `remove` deletes with the cluster.
        let output = URL(fileURLWithPath: arguments[1]).appendingPathComponent("script-\(arguments[0]).log")
        let status = await ToolProcess.onThread { () -> Int32 in
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
            let argv = ([script] + arguments).map { strdup($0) } + [nil]
            defer { for pointer in argv { free(pointer) } }
            var pid = pid_t()
            guard posix_spawn(&pid, script, &actions, nil, argv, environ) == 0 else { return -1 }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            return status
        }
        guard status == 0 else {
            throw ClusterFailed(arguments: arguments, output: (try? String(contentsOf: output, encoding: .utf8)) ?? "status \(status)")
        }
    }

    struct ClusterFailed: Error, CustomStringConvertible {
        let arguments: [String]
        let output: String
        var description: String { "scripts/postgres-cluster.sh \(arguments.joined(separator: " ")) failed: \(output)" }
    }
}

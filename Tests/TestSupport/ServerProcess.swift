public import Foundation
import Synchronization

/// `tktplz serve` as a child process on a port the system picks: started, asked for its port (read from its
/// "listening on" log line), and stopped with SIGTERM (graceful) or SIGKILL.
public final class ServerProcess: @unchecked Sendable {
    public let port: Int
    private let process: SpawnedChild

    private init(process: SpawnedChild, port: Int) {
        self.process = process
        self.port = port
    }

    /// A test that fails half-way must not leave a server running.
    deinit {
        process.signal(SIGKILL)
    }

    /// Starts the server on `dataDirectory` and returns once it listens.
    public static func start(dataDirectory: URL, environment extra: [String: String] = [:]) async throws -> ServerProcess {
        var environment = ProcessInfo.processInfo.environment
        environment["JWT_SECRET"] = String(repeating: "e", count: 32)
        environment["TKTPLZ_ENV"] = "development"
        environment.removeValue(forKey: "RESEND_API_KEY")
        environment.removeValue(forKey: "SMTP_URL")
        for (key, value) in extra { environment[key] = value }
        // Through posix_spawn, not Foundation's Process (`SpawnedChild` says why).
        let process = try SpawnedChild(try ToolProcess.binary(), ["serve", "--data-dir", dataDirectory.path, "--host", "127.0.0.1", "--port", "0"],
                                       environment: environment, mergingErrors: true)
        let reader = LineReader(process.output)
        let port = await ToolProcess.onThread { () -> Int? in
            while let lines = reader.nextLines() {
                for line in lines {
                    guard let range = line.range(of: "listening on ") else { continue }
                    return line[range.upperBound...].split(separator: ":").last.flatMap { Int($0) }
                }
            }
            return nil
        }
        guard let port else {
            process.signal(SIGTERM)
            throw ServerDidNotStart()
        }
        // Keep draining its output so a chatty server never blocks on a full pipe.
        // TKTPLZ_TEST_ECHO_SERVERS=1 prints it (to see why a server in a test died).
        let echo = ProcessInfo.processInfo.environment["TKTPLZ_TEST_ECHO_SERVERS"] == "1"
        Thread {
            while let lines = reader.nextLines() {
                if echo { for line in lines { print("[server \(port)] \(line)") } }
            }
        }.start()
        return ServerProcess(process: process, port: port)
    }

    /// SIGTERM and wait: in-flight requests finish and the log closes.
    public func stop() async {
        process.signal(SIGTERM)
        let status = await ToolProcess.onThread { self.process.wait() }
        exit.withLock { $0 = status }
    }

    /// SIGKILL and wait: the machine "dies".
    public func kill() async {
        process.signal(SIGKILL)
        let status = await ToolProcess.onThread { self.process.wait() }
        exit.withLock { $0 = status }
    }

    /// How it ended (after `stop` or `kill`).
    public var exitStatus: Int32 { exit.withLock { $0 } ?? -1 }
    private let exit = Mutex<Int32?>(nil)
}

public struct ServerDidNotStart: Error {}

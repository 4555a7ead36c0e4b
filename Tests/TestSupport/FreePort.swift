import Foundation
import Synchronization

/// A TCP port nothing listens on right now, for a helper (a Python server, PostgreSQL) that binds it a moment later.
/// Chosen below the kernel's ephemeral range (32768 and up here), so that no server started on port 0 and no
/// outgoing connection is given it in that moment, and never twice in one test process: a port found free and
/// handed to a helper that had not bound it yet had been handed out again, or taken by a server on port 0.
public enum FreePort {
    private static let handedOut = Mutex<Set<Int>>([])

    public static func find() throws -> Int {
        for _ in 0..<200 {
            let port = Int.random(in: 20_000..<32_000)
            guard handedOut.withLock({ $0.insert(port).inserted }), try bindable(port) else { continue }
            return port
        }
        throw POSIXError(.EADDRINUSE)
    }

    /// Whether `port` on 127.0.0.1 can be bound now.
    private static func bindable(_ port: Int) throws -> Bool {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        return withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 }
        }
    }
}

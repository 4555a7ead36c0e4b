import ServiceLifecycle

/// Closes every Socket.IO session at graceful shutdown, so long-polls end at once instead of holding the server up.
struct SocketIOService: Service {
    let server: SocketIOServer

    func run() async throws {
        try? await gracefulShutdown()
        server.closeAll()
    }
}

public import EventStore
public import Foundation
public import Logging
public import ServiceLifecycle

/// Sends the sandbox gateway's webhooks to the server's own handler until each is acknowledged, as a real gateway
/// sends to the URL configured with it: journalled ones left over from before a restart first, then each new one as
/// it is queued, failed ones again with backoff. Stops at graceful shutdown; what is left is sent after the restart.
public struct SandboxWebhookDelivery: Service {
    public let gateway: SandboxGateway
    /// Retries stop when shutdown begins, as the scheduler's timers do.
    public let shutdown: ShutdownNotice
    /// The server's webhook handler: `true` when it took the webhook (applied or found nothing to do), `false` when
    /// it could not (the log failed, say), as a gateway reads a 2xx or anything else.
    public let receive: @Sendable (_ body: Data, _ signature: String) async -> Bool
    public let logger: Logger

    public func run() async throws {
        await gateway.resumePendingRefunds()
        try await cancelWhenGracefulShutdown {
            try await shutdown.cancelling {
                while !Task.isCancelled {
                    await deliverDue()
                    let next = await gateway.nextWebhookDue()
                    await gateway.webhookQueued.wait(timeout: next.map { max(.zero, $0 - .now) })
                }
            }
        }
        // Stopped early at the notice, it still ends only in its turn: a service ending sooner fails the group.
        try await gracefulShutdown()
    }

    /// Delivers every due webhook, concurrently (one slow booking does not hold up another's), as a gateway would.
    public func deliverDue() async {
        let due = await gateway.dueWebhooks(at: .now)
        await withTaskGroup { group in
            for webhook in due {
                group.addTask {
                    if await receive(webhook.line.body, webhook.line.signature) {
                        await gateway.webhookDelivered(webhook.line.id)
                    } else {
                        logger.warning("sandbox webhook not taken; sent again later", metadata: ["attempt": "\(webhook.attempts + 1)"])
                        await gateway.webhookFailed(webhook.line.id, at: .now)
                    }
                }
            }
        }
    }

    public init(gateway: SandboxGateway, shutdown: ShutdownNotice, receive: @escaping @Sendable (_ body: Data, _ signature: String) async -> Bool, logger: Logger) {
        self.gateway = gateway
        self.shutdown = shutdown
        self.receive = receive
        self.logger = logger
    }
}

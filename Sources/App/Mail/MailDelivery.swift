public import Foundation
public import Logging
public import ServiceLifecycle

/// Sends what waits in the spool through the configured transport, oldest first, and keeps trying: an attempt that
/// fails for now (the server down, a 4xx reply) waits `retry.delay(after:)` and goes again; a mail the server
/// refuses for good (a 5xx reply) moves to the spool's `failed/` with the reply, and is logged. Woken at once by a
/// new mail, otherwise when the next deferred mail is due.
public actor MailDelivery: Service {
    /// How long a mail waits after its n-th failed attempt: `first`, doubling, at most `longest`.
    public struct Retry: Sendable, Equatable {
        public var first: Duration
        public var longest: Duration

        public init(first: Duration = .seconds(5), longest: Duration = .seconds(15 * 60)) {
            self.first = first
            self.longest = longest
        }

        public func delay(after attempts: Int) -> Duration {
            var delay = first
            for _ in 1..<max(1, attempts) where delay < longest { delay *= 2 }
            return min(delay, longest)
        }
    }

    public nonisolated let spool: MailSpool
    let transport: any Mailer
    let retry: Retry
    let logger: Logger
    private var wake: CheckedContinuation<Void, Never>?
    private var woken = false

    public init(spool: MailSpool, transport: any Mailer, retry: Retry = Retry(), logger: Logger) {
        self.spool = spool
        self.transport = transport
        self.retry = retry
        self.logger = logger
    }

    /// A mail was queued: look now.
    public func nudge() {
        woken = true
        wake?.resume()
        wake = nil
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let next = await self.deliverDue()
                await self.sleep(until: next)
            }
        }
    }

    /// Sends every mail that is due; returns when the next deferred one is (or `nil`: nothing waits).
    func deliverDue() async -> Date? {
        let entries: [MailSpool.Entry]
        do {
            entries = try spool.entries()
        } catch {
            logger.error("cannot read the mail spool", metadata: ["directory": "\(spool.directory.path)", "error": "\(error)"])
            return Date().addingTimeInterval(Double(retry.first.components.seconds))
        }
        var next: Date?
        for entry in entries where !Task.isCancelled {
            guard entry.nextAttemptAt <= Date() else {
                next = min(next ?? entry.nextAttemptAt, entry.nextAttemptAt)
                continue
            }
            do {
                try await transport.send(entry.mail)
                logger.info("mail sent", metadata: ["mail": "\(entry.id)", "attempts": "\(entry.attempts + 1)"])
                do {
                    try spool.delivered(entry)
                } catch {
                    // At least once: the next pass sends it again, under the same Message-ID.
                    logger.error("mail sent but still in the spool; it will be sent again", metadata: ["mail": "\(entry.id)", "error": "\(error)"])
                }
            } catch let failure as any MailRefusal where failure.permanent {
                logger.error("mail refused for good", metadata: ["mail": "\(entry.id)", "reply": "\(failure)"])
                do { try spool.refused(entry, error: "\(failure)") } catch { logger.error("cannot move a refused mail", metadata: ["error": "\(error)"]) }
            } catch {
                let wait = retry.delay(after: entry.attempts + 1)
                let due = Date().addingTimeInterval(Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18)
                logger.warning("mail not sent; will retry", metadata: ["mail": "\(entry.id)", "attempt": "\(entry.attempts + 1)", "error": "\(error)"])
                do {
                    try spool.deferred(entry, error: "\(error)", until: due)
                } catch {
                    logger.error("cannot record a mail's failed attempt", metadata: ["error": "\(error)"])
                }
                next = min(next ?? due, due)
            }
        }
        return next
    }

    private func sleep(until next: Date?) async {
        if woken {
            woken = false
            return
        }
        let timer = next.map { date in
            Task { [weak self] in
                try? await Task.sleep(for: .milliseconds(max(0, Int(date.timeIntervalSinceNow * 1000)) + 5))
                await self?.nudge()
            }
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if woken || Task.isCancelled { continuation.resume() } else { wake = continuation }
            }
        } onCancel: {
            Task { await self.nudge() }
        }
        timer?.cancel()
        woken = false
    }
}

/// A refusal from a mail server or API; `permanent` when trying again cannot help (an SMTP 5xx, an API's 4xx other
/// than rate limiting).
public protocol MailRefusal: Error {
    var permanent: Bool { get }
}

/// Queues each mail in the spool and nudges the delivery: what the rest of the service calls `send` on when mail
/// leaves through SMTP or an HTTP API.
public struct SpooledMailer: Mailer {
    public nonisolated let spool: MailSpool
    public let delivery: MailDelivery

    public init(spool: MailSpool, delivery: MailDelivery) {
        self.spool = spool
        self.delivery = delivery
    }

    public func send(_ mail: Mail) async throws {
        try spool.enqueue(mail)
        await delivery.nudge()
    }
}

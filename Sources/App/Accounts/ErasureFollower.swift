public import EventStore
import Domain
import DomainEvents
public import Logging
public import ServiceLifecycle

/// Makes another node's erasures take effect here: follows the log from its head and, for each customer erased,
/// forgets their key and the decoded events this process remembers (the node that erased them destroyed the key
/// in the shared store already). Until it has, this node could still read what it had cached, for the follower's
/// lag, as any replicated cache does. On one node it repeats what the erasure did, harmlessly.
public struct ErasureFollower: Service {
    public let log: any EventLog
    public let logger: Logger

    public init(log: any EventLog, logger: Logger) {
        self.log = log
        self.logger = logger
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            for try await page in log.subscribe(after: try await log.head()) {
                for record in page where record.stream.isIn(category: Customer.category) && record.type == Customer.erasedType {
                    CustomerErasure.forgetDecoded(CustomerID(record.stream.id))
                    logger.info("customer erased", metadata: ["customer": "\(record.stream.id)", "position": "\(record.position)"])
                }
            }
        }
    }
}

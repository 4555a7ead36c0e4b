import EventStore
import Logging
import PostgresNIO

/// Hears what other nodes commit (`LISTEN` on the log's channel) and wakes this node's subscribers and scheduler.
/// Each time it (re)connects it reads the head, so a notification sent while it was away is not missed for long;
/// it reconnects after a second when the connection drops.
struct PostgresListener: Sendable {
    let client: PostgresClient
    let tables: PostgresTables
    let logger: Logger
    let heads: Broadcast<GlobalPosition>
    let schedule: Broadcast<Void>

    func run() async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: tables.channel) { notifications in
                        // Listening now: whatever committed before is in the head read here.
                        publish(head: try await PostgresReads(client: client, tables: tables).head())
                        schedule.publish(())
                        for try await notification in notifications {
                            if notification.payload == "s" {
                                schedule.publish(())
                            } else if notification.payload.first == "h", let head = UInt64(notification.payload.dropFirst()) {
                                publish(head: GlobalPosition(head))
                            }
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("listening for the log's commits failed; again in 1 s", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    private func publish(head: GlobalPosition) {
        if head > heads.current { heads.publish(head) }
    }
}

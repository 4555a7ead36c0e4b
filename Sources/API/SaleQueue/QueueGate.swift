import App
import Domain

/// What every route that holds asks first: a show sold through an on-sale queue takes holds only from a customer
/// whose own pass is still good (403 `queue_pass_required` otherwise); any other show takes them as before.
struct QueueGate: Sendable {
    let queues: SaleQueues

    func require(_ pass: String?, show: ShowID, customer: CustomerID, now: Instant) async throws {
        guard try await queues.requiresPass(show) else { return }
        guard let pass, queues.accepts(pass, show: show, customer: customer, now: now) else { throw AppFailure.passRequired(show) }
    }
}

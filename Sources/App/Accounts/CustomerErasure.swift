public import Domain
public import DomainEvents
public import EventStore

/// Erases a customer (crypto-shredding): destroys the key their personal data is sealed under, then records the
/// erasure, and who asked, in their stream. The log keeps every byte, so it still verifies and every projection
/// still rebuilds; amounts, seats and tickets are not personal and stay as they were; names, addresses, phones,
/// registration answers and chat text read as `PersonalData.erased` everywhere from then on.
///
/// The key goes first: once the erasure is in the log the address may sign up again, and a key made for that new
/// account must not be destroyed by this one. It is destroyed once more after the erasure is recorded, for a key
/// made in between (a last request of the customer's racing this one).
public struct CustomerErasure: Sendable {
    public let customers: CommandHandler<Customer>

    public init(customers: CommandHandler<Customer>) { self.customers = customers }

    /// Erases `customer` at `by`'s request; `false` when they were erased already (nothing new is recorded).
    @discardableResult
    public func erase(_ customer: CustomerID, by: Actor, now: Instant) async throws -> Bool {
        let stream = try Customer.stream(customer)
        guard try await customers.currentState(of: stream).id != nil else { throw AppFailure.notFound("customer \(customer)") }
        try Self.destroyKey(of: customer)
        let outcome: CommandOutcome<Customer.Event>
        do {
            outcome = try await customers.handle(.erase(by: by, now: now), on: stream)
        } catch {
            if case .rejected(.noSuchCustomer) = error { throw AppFailure.notFound("customer \(customer)") }
            throw AppFailure.storeUnavailable
        }
        try Self.destroyKey(of: customer)
        Self.forgetDecoded(customer)
        if case .appended = outcome { return true }
        return false
    }

    private static func destroyKey(of customer: CustomerID) throws(AppFailure) {
        do {
            try PersonalKeyRing.current.destroy(keyOf: customer.rawValue)
        } catch {
            throw .storeUnavailable
        }
    }

    /// What this process remembers of `customer` beyond the key store: their key, and decoded events that hold
    /// their personal values. Another node's erasure reaches here through `ErasureFollower`.
    static func forgetDecoded(_ customer: CustomerID) {
        PersonalKeyRing.current.forget(customer.rawValue)
        EventEncoding.forgetDecoded(of: customer.rawValue)
    }
}

public import Domain

/// The refunds this process is sending to the gateway at this moment. The booking's single writer orders the
/// records, but the gateway call sits between reading "requested" and recording "processing": without this, two
/// callers could both send.
public actor RefundsInFlight {
    private var sending: Set<RefundID> = []

    public init() {}

    /// Whether the caller may send `refund` (nobody else is).
    public func claim(_ refund: RefundID) -> Bool { sending.insert(refund).inserted }

    public func release(_ refund: RefundID) { sending.remove(refund) }
}

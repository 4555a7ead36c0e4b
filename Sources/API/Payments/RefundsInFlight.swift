import Domain

/// The refunds this process is sending to the gateway at this moment. The booking's single writer orders the
/// records, but the gateway call sits between reading "requested" and recording "processing": without this, two
/// callers could both send.
actor RefundsInFlight {
    private var sending: Set<RefundID> = []

    /// Whether the caller may send `refund` (nobody else is).
    func claim(_ refund: RefundID) -> Bool { sending.insert(refund).inserted }

    func release(_ refund: RefundID) { sending.remove(refund) }
}

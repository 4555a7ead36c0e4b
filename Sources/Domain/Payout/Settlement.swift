/// What a show's sales come to when it ends, computed from its bookings alone: the original summed every ticket
/// of any status, refunded ones included, from client-supplied totals.
public struct PayoutFigures: Hashable, Sendable, Codable {
    /// Everything confirmed bookings paid.
    public var gross: Money
    /// What went (or is going) back to customers.
    public var refunds: Money
    /// Convenience fees and their tax that the platform keeps.
    public var platformFees: Money
    /// What the organizer is owed: gross − refunds − platform fees, which is the ticket price of every
    /// confirmed booking that was not refunded.
    public var netPayable: Money
    /// Tickets sold and kept.
    public var tickets: Int

    public init(gross: Money, refunds: Money, platformFees: Money, netPayable: Money, tickets: Int) {
        self.gross = gross
        self.refunds = refunds
        self.platformFees = platformFees
        self.netPayable = netPayable
        self.tickets = tickets
    }
}

/// The settlement rule, pure.
public enum Settlement {
    /// Settles the bookings of one show. Bookings never confirmed (expired, released, payments refunded as
    /// unfulfillable) count for nothing.
    public static func figures(for bookings: some Sequence<Booking.State>, currency: Currency = .inr) throws(MoneyError) -> PayoutFigures {
        var gross = Money.zero(currency)
        var refunds = Money.zero(currency)
        var fees = Money.zero(currency)
        var net = Money.zero(currency)
        var tickets = 0
        for booking in bookings where booking.status == .confirmed {
            guard let terms = booking.terms, let paid = booking.paid else { continue }
            gross = try gross.adding(paid)
            if let refund = booking.refund {
                refunds = try refunds.adding(refund.amount)
                // What the refund did not return stays with the platform (fees, when the policy keeps them).
                fees = try fees.adding(paid.subtracting(refund.amount))
            } else {
                fees = try fees.adding(terms.price.fees.adding(terms.price.tax))
                net = try net.adding(terms.price.base)
                tickets += terms.items.count
            }
        }
        return PayoutFigures(gross: gross, refunds: refunds, platformFees: fees, netPayable: net, tickets: tickets)
    }
}

/// What an order costs, computed once by the server from the show's prices and used both for what is shown
/// and for what is charged.
public struct PriceBreakdown: Hashable, Sendable, Codable {
    /// One priced line: a seat, or a count of one category.
    public struct Line: Hashable, Sendable, Codable {
        /// The seat label or category id.
        public var item: String
        public var unitPrice: Money
        public var quantity: Int
        /// Convenience fee per ticket of this line.
        public var feePerTicket: Money

        public init(item: String, unitPrice: Money, quantity: Int, feePerTicket: Money) {
            self.item = item
            self.unitPrice = unitPrice
            self.quantity = quantity
            self.feePerTicket = feePerTicket
        }
    }

    public var lines: [Line]
    /// Sum of ticket prices.
    public var base: Money
    /// Sum of convenience fees.
    public var fees: Money
    /// Tax on the fees (0 unless configured).
    public var tax: Money
    /// What the customer pays: base + fees + tax.
    public var total: Money

    public init(lines: [Line], base: Money, fees: Money, tax: Money, total: Money) {
        self.lines = lines
        self.base = base
        self.fees = fees
        self.tax = tax
        self.total = total
    }

    /// Prices `items` (item, unit price, quantity) with the fee table and `tax`.
    public static func compute(
        _ items: [(item: String, unitPrice: Money, quantity: Int)], currency: Currency = .inr, tax: TaxRule = .none
    ) throws(MoneyError) -> PriceBreakdown {
        var lines: [Line] = []
        var base = Money.zero(currency)
        var fees = Money.zero(currency)
        for (item, unitPrice, quantity) in items {
            let fee = ConvenienceFee.perTicket(for: unitPrice)
            lines.append(Line(item: item, unitPrice: unitPrice, quantity: quantity, feePerTicket: fee))
            base = try base.adding(unitPrice.multiplied(by: quantity))
            fees = try fees.adding(fee.multiplied(by: quantity))
        }
        let taxAmount = try fees.percentage(basisPoints: tax.basisPointsOnFees)
        let total = try base.adding(fees).adding(taxAmount)
        return PriceBreakdown(lines: lines, base: base, fees: fees, tax: taxAmount, total: total)
    }

    /// Nothing to pay: free tickets.
    public var isFree: Bool { total.isZero }
    /// How many tickets the order holds.
    public var ticketCount: Int { lines.reduce(0) { $0 + $1.quantity } }
}

/// Tax charged on the convenience fee, in basis points (1800 = 18 %). The original coded GST at 18 % of the
/// fee and switched it off; the platform default is likewise none.
public struct TaxRule: Hashable, Sendable, Codable {
    public var basisPointsOnFees: Int64
    public init(basisPointsOnFees: Int64) { self.basisPointsOnFees = basisPointsOnFees }
    public static let none = TaxRule(basisPointsOnFees: 0)
}

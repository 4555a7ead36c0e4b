extension ShowConfiguration {
    /// The server's price for `items` at this configuration's prices; `nil` for items it does not sell.
    public func price(of items: Items) throws(MoneyError) -> PriceBreakdown? {
        var lines: [(item: String, unitPrice: Money, quantity: Int)] = []
        switch (items, inventory) {
        case (.seats(let seats), .seated(let seated)):
            for seat in seats.sorted() {
                guard let price = seated.price(of: seat) else { return nil }
                lines.append((seat.rawValue, price, 1))
            }
        case (.tickets(let counts), .categories(let categories)):
            for (category, count) in counts.sorted(by: { $0.key < $1.key }) {
                guard let found = categories.first(where: { $0.id == category }) else { return nil }
                lines.append((category.rawValue, found.price, count))
            }
        default:
            return nil
        }
        return try PriceBreakdown.compute(lines, currency: lines.first?.unitPrice.currency ?? .inr, tax: tax)
    }
}

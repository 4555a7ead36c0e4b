import Domain
import Testing

@Suite("Money: integer minor units, checked")
struct MoneyTests {
    @Test func moneyIsIntegerPaiseAndOverflowIsAnErrorNotAWrap() {
        #expect(throws: MoneyError.overflow) { try Money(minor: .max).adding(Money(minor: 1)) }
        #expect(throws: MoneyError.overflow) { try Money(minor: .max / 2).multiplied(by: 3) }
    }

    @Test func differentCurrenciesNeverMix() {
        #expect(throws: MoneyError.currencyMismatch(.inr, Currency(rawValue: "USD"))) {
            try Money.rupees(1).adding(Money(minor: 100, currency: Currency(rawValue: "USD")))
        }
    }

    @Test func percentagesRoundHalfUpToThePaisa() throws {
        #expect(try Money(minor: 3000).percentage(basisPoints: 1800) == Money(minor: 540))
        #expect(try Money(minor: 25).percentage(basisPoints: 1800) == Money(minor: 5))
    }

    @Test func descriptionsShowMajorAndMinorUnits() {
        #expect(Money(minor: 123_405).description == "INR 1234.05")
        #expect(Money(minor: -50).description == "-INR 0.50")
    }
}

@Suite("Pricing: one fee table, no gaps")
struct FeeTableTests {
    @Test(arguments: [
        (0, 0), (1, 1_000), (19_950, 1_000), (19_999, 1_000), (20_000, 3_000), (49_999, 3_000), (50_000, 5_000),
        (99_999, 5_000), (100_000, 7_500), (5_000_000, 7_500),
    ] as [(Int64, Int64)])
    func theChargedTableCoversEveryPaisa(price: Int64, fee: Int64) {
        // ₹199.50 fell into a gap of the original's table and was charged no fee at all.
        #expect(ConvenienceFee.perTicket(for: Money(minor: price)) == Money(minor: fee))
    }

    @Test func theFeeShownIsTheFeeCharged() throws {
        // The original showed ₹550 for two ₹250 seats and charged ₹560. Here the booking's order is for exactly the
        // breakdown the hold was priced with.
        let show = Show.fold(Sample.onSale(Sample.seated))
        let shown = try #require(try show.price(of: .seats([.a1, .a2])))
        var terms = Sample.seatTerms
        terms.price = shown
        let order = try Booking.decide(.createOrder(.order1, now: noon), Booking.fold([.started(BookingStarted(terms: terms))]))
        #expect(order == [.orderCreated(OrderCreated(order: .order1, amount: shown.total))])
        #expect(shown.total == .rupees(560))
    }

    @Test func taxIsOnTheFeesAndZeroByDefault() throws {
        let untaxed = try PriceBreakdown.compute([("gold", .rupees(1000), 2)])
        #expect(untaxed.tax == .zero())
        let taxed = try PriceBreakdown.compute([("gold", .rupees(1000), 2)], tax: TaxRule(basisPointsOnFees: 1800))
        #expect(taxed.tax == Money(minor: 2_700))
        #expect(taxed.total == .rupees(2000 + 150 + 27))
    }
}

/// An amount in integer minor units (paise for INR) with its currency. Never `Double`.
/// Arithmetic is checked: an overflow or a currency mismatch is a `MoneyError`, never a silent wrap.
public struct Money: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Minor units (1 INR = 100 paise).
    public var minor: Int64
    public var currency: Currency

    public init(minor: Int64, currency: Currency = .inr) {
        self.minor = minor
        self.currency = currency
    }

    /// Whole rupees (or the currency's major unit) as minor units.
    public static func major(_ amount: Int64, _ currency: Currency = .inr) -> Money {
        Money(minor: amount * 100, currency: currency)
    }

    /// Zero in `currency`.
    public static func zero(_ currency: Currency = .inr) -> Money { Money(minor: 0, currency: currency) }

    public var isZero: Bool { minor == 0 }

    /// The sum, or an error on overflow or mixed currencies.
    public func adding(_ other: Money) throws(MoneyError) -> Money {
        guard currency == other.currency else { throw .currencyMismatch(currency, other.currency) }
        let (sum, overflow) = minor.addingReportingOverflow(other.minor)
        guard !overflow else { throw .overflow }
        return Money(minor: sum, currency: currency)
    }

    /// The difference, or an error on overflow or mixed currencies.
    public func subtracting(_ other: Money) throws(MoneyError) -> Money {
        guard currency == other.currency else { throw .currencyMismatch(currency, other.currency) }
        let (difference, overflow) = minor.subtractingReportingOverflow(other.minor)
        guard !overflow else { throw .overflow }
        return Money(minor: difference, currency: currency)
    }

    /// This amount `count` times, or an error on overflow.
    public func multiplied(by count: Int) throws(MoneyError) -> Money {
        let (product, overflow) = minor.multipliedReportingOverflow(by: Int64(count))
        guard !overflow else { throw .overflow }
        return Money(minor: product, currency: currency)
    }

    /// `basisPoints / 10_000` of this amount, rounded half up to the minor unit.
    public func percentage(basisPoints: Int64) throws(MoneyError) -> Money {
        let (scaled, overflow) = minor.multipliedReportingOverflow(by: basisPoints)
        guard !overflow else { throw .overflow }
        return Money(minor: (scaled + 5_000) / 10_000, currency: currency)
    }

    /// The sum of `amounts`, zero in `currency` when empty.
    public static func sum(_ amounts: some Sequence<Money>, currency: Currency = .inr) throws(MoneyError) -> Money {
        var total = Money.zero(currency)
        for amount in amounts { total = try total.adding(amount) }
        return total
    }

    /// `₹1,234.50`-style text for messages (the API formats for display).
    public var description: String {
        let sign = minor < 0 ? "-" : ""
        let absolute = minor.magnitude
        let fraction = absolute % 100
        return "\(sign)\(currency.code) \(absolute / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

/// An ISO 4217 currency code.
public struct Currency: RawRepresentable, Hashable, Sendable, Codable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var code: String { rawValue }

    /// Indian rupees, the platform's default.
    public static let inr = Currency(rawValue: "INR")

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Why an amount could not be computed.
public enum MoneyError: Error, Equatable, Sendable {
    /// The result does not fit in 64 bits of minor units.
    case overflow
    /// Amounts in different currencies were combined.
    case currencyMismatch(Currency, Currency)
}

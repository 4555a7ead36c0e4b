/// The platform's convenience fee per ticket, by the ticket's unit price.
///
/// The original showed one table and charged another (reference §5); this is the charged one, defined over
/// paise with closed ranges so that no price falls in a gap (the original charged ₹0 at ₹199.50), and with no
/// fee on free tickets.
public enum ConvenienceFee {
    /// The fee for one ticket of `unitPrice`: ₹0 free, ₹10 below ₹200, ₹30 below ₹500, ₹50 below ₹1000, else ₹75.
    public static func perTicket(for unitPrice: Money) -> Money {
        let fee: Int64 = switch unitPrice.minor {
        case ...0: 0
        case 1..<20_000: 1_000
        case 20_000..<50_000: 3_000
        case 50_000..<100_000: 5_000
        default: 7_500
        }
        return Money(minor: fee, currency: unitPrice.currency)
    }
}

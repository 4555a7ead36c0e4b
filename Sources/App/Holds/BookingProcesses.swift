public import Domain
public import DomainEvents
public import EventStore
public import Logging

/// The processes a booking goes through, wired once over one set of command handlers and one gateway: holding,
/// confirming a free hold, paying, refunding and reconciling what the gateway knows. The server, the application
/// tests and `tktplz bench holds` all build them here.
public struct BookingProcesses: Sendable {
    public let mail: BookingMail
    public let refunds: Refunds
    public let checkout: Checkout
    public let reconciliation: PaymentReconciliation
    public let holds: HoldProcess
    public let free: FreeConfirmation

    public init(
        log: any EventLog, shows: CommandHandler<Show>, bookings: CommandHandler<Booking>, customers: CommandHandler<Customer>,
        screens: CommandHandler<Screen>? = nil, gateway: any PaymentGateway, mailer: any Mailer, logger: Logger
    ) {
        mail = BookingMail(mailer: mailer, customers: customers, shows: shows, logger: logger)
        refunds = Refunds(gateway: gateway, shows: shows, bookings: bookings, mail: mail)
        checkout = Checkout(gateway: gateway, shows: shows, bookings: bookings, refunds: refunds, mail: mail)
        reconciliation = PaymentReconciliation(gateway: gateway, checkout: checkout, bookings: bookings, logger: logger)
        holds = HoldProcess(log: log, shows: shows, bookings: bookings, screens: screens ?? CommandHandler<Screen>(log: log), reconciliation: reconciliation)
        free = FreeConfirmation(shows: shows, bookings: bookings)
    }
}

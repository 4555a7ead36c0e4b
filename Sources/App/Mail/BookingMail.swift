public import Domain
public import DomainEvents
public import EventStore
public import Logging

/// The customer's mail about a booking: the confirmation with the tickets, the refund asked for and processed. Sent after the log
/// recorded what it announces; a mail that cannot be sent is logged, never a reason to undo the booking.
public struct BookingMail: Sendable {
    public let mailer: any Mailer
    public let customers: CommandHandler<Customer>
    /// The shows, for what the confirmation adds (an online show's access link); none in tests that only count mail.
    public let shows: CommandHandler<Show>?
    public let logger: Logger

    public func confirmed(_ booking: BookingID, state: Booking.State) async {
        guard let terms = state.terms else { return }
        let tickets = state.ticketOrder.compactMap { id in state.tickets[id].map { "  \($0.admits)  (ticket \(id))" } }
        let paid = state.payment.map { "Paid: \($0.amount) (payment \($0.payment))" } ?? "Free: nothing to pay."
        await send(to: terms.customer, subject: "Your tickets for event \(terms.show)", text: """
            Booking \(booking) is confirmed.

            \(paid)
            Tickets:
            \(tickets.joined(separator: "\n"))

            Fetch them with their QR codes at /api/ticket/\(booking) (the PDF at /api/ticket/\(booking)/pdf).\(await joining(terms.show))
            """)
    }

    /// An online show's access link, for its confirmed ticket holders only (the confirmation goes to nobody else).
    private func joining(_ show: ShowID) async -> String {
        guard let shows, let stream = try? Show.stream(show),
              let configuration = try? await shows.state(of: stream).configuration,
              configuration.kind == .online, let link = configuration.accessLink else { return "" }
        return "\n\nJoin online: \(link)"
    }

    public func refundRequested(_ booking: BookingID, state: Booking.State) async {
        guard let terms = state.terms, let refund = state.refund else { return }
        await send(to: terms.customer, subject: "Your refund for booking \(booking)", text: """
            Booking \(booking) is cancelled. Refund \(refund.id) of \(refund.amount) is on its way to your payment method.
            """)
    }

    /// The gateway paid the refund back (or there was nothing to pay back): the end of the booking's story.
    public func refundProcessed(_ booking: BookingID, state: Booking.State) async {
        guard let terms = state.terms, let refund = state.refund else { return }
        let amount = refund.amount.isZero ? "nothing was paid, so nothing comes back" : "\(refund.amount) is back on your payment method"
        await send(to: terms.customer, subject: "Refund processed for booking \(booking)", text: """
            Refund \(refund.id) for booking \(booking) (event \(terms.show)) is processed: \(amount). Your bank may take a \
            few working days to show it.
            """)
    }

    public func showCancelled(_ booking: BookingID, state: Booking.State, reason: String) async {
        guard let terms = state.terms else { return }
        let refund = state.refund.map { "Refund \($0.id) of \($0.amount) is on its way to your payment method." } ?? ""
        await send(to: terms.customer, subject: "Event \(terms.show) is cancelled",
                   text: "The organizer cancelled event \(terms.show): \(reason)\nYour booking \(booking) is cancelled. \(refund)")
    }

    private func send(to customer: CustomerID, subject: String, text: String) async {
        do {
            let stream = try Customer.stream(customer)
            guard let email = try await customers.state(of: stream).email else {
                logger.warning("no e-mail address for customer \(customer); mail not sent: \(subject)")
                return
            }
            try await mailer.send(Mail(to: email, subject: subject, text: text))
        } catch {
            logger.error("mail to customer \(customer) failed: \(error)")
        }
    }

    public init(mailer: any Mailer, customers: CommandHandler<Customer>, shows: CommandHandler<Show>? = nil, logger: Logger) {
        self.mailer = mailer
        self.customers = customers
        self.shows = shows
        self.logger = logger
    }
}

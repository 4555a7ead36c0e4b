import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird
import NIOCore
import Projections
import TicketRendering

/// The payout receipt, a PDF (Cairo, like tickets): the settlement's figures and every ledger entry with its log
/// position. `POST /api/admin/payouts/:eventId/receipt` records the step and mails the receipt to the show's
/// organizer (through the spool when SMTP or the API is configured); the organizer downloads it at
/// `GET /api/organizer/events/:eventId/payout/receipt.pdf`, an admin at `GET /api/admin/payouts/:eventId/receipt.pdf`.
struct PayoutReceiptController {
    let sessions: SessionSigner
    let log: any EventLog
    let store: ProjectionStore
    let ledger: ProjectionRunner<PayoutLedgerProjection>
    let shows: CommandHandler<Show>
    let payouts: CommandHandler<Payout>
    let organizers: CommandHandler<Organizer>
    let mailer: any Mailer

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("api/admin/payouts/:eventId/receipt") { request, context in
            let admin = AdminID(try await request.identity(sessions, as: .admin).id)
            let show = ShowID(try context.parameters.id("eventId"))
            let step = try await PayoutSteps(payouts: payouts).run(.sendReceipt(by: admin, now: .now()), show: show)
            // Only the step that recorded the receipt mails it: asking again answers the same and sends nothing.
            if step.position != nil {
                let receipt = try await receipt(for: show)
                do {
                    try await mailer.send(mail(receipt, of: show))
                } catch {
                    // The step is recorded (asking again mails nothing): say so, and where the receipt can be read.
                    throw APIError.storeUnavailable("the receipt is recorded but its mail could not be queued; the organizer can download it "
                        + "at /api/organizer/events/\(show)/payout/receipt.pdf")
                }
            }
            return step
        }
        router.get("api/organizer/events/:eventId/payout/receipt.pdf") { request, context in
            let organizer = OrganizerID(try await request.identity(sessions, as: .organizer).id)
            let show = ShowID(try context.parameters.id("eventId"))
            try await ShowOwnership(shows: shows).require(organizer, of: show)
            try await ReadYourWrites(log: log).await(request, ledger)
            return TicketController.file(try await receipt(for: show).pdf, type: "application/pdf", name: "payout-receipt-\(show).pdf")
        }
        router.get("api/admin/payouts/:eventId/receipt.pdf") { request, context in
            _ = try await request.identity(sessions, as: .admin)
            let show = ShowID(try context.parameters.id("eventId"))
            try await ReadYourWrites(log: log).await(request, ledger)
            return TicketController.file(try await receipt(for: show).pdf, type: "application/pdf", name: "payout-receipt-\(show).pdf")
        }
    }

    /// The organizer's mail, the receipt attached.
    private func mail(_ receipt: Receipt, of show: ShowID) -> Mail {
        let tickets = receipt.figures.tickets
        return Mail(
            to: receipt.organizer.email ?? "", subject: "Your payout receipt for \(receipt.title)",
            text: """
            Hello \(receipt.organizer.name ?? ""),

            your payout for \(receipt.title) (event \(show)) is on its way: \(TicketController.rupees(receipt.figures.netPayable)) for \
            \(tickets) ticket\(tickets == 1 ? "" : "s"). The receipt is attached; it lists every payment and refund behind that amount.
            """,
            attachments: [MailAttachment(filename: "payout-receipt-\(show).pdf", contentType: "application/pdf", data: Data(receipt.pdf))])
    }

    struct Receipt {
        var title: String
        var organizer: Organizer.State
        var figures: PayoutFigures
        var pdf: [UInt8]
    }

    /// The receipt of a settled payout; 404 for no such show, 409 before the show has ended and settled.
    private func receipt(for show: ShowID) async throws -> Receipt {
        guard let showStream = try? Show.stream(show), let configuration = try await shows.currentState(of: showStream).configuration else {
            throw APIError.notFound("event \(show)")
        }
        let payout: Payout.State
        let money: (totals: PayoutLedgerProjection.Totals, entries: [PayoutLedgerProjection.Entry])
        let organizer: Organizer.State
        do {
            payout = try await payouts.state(of: try Payout.stream(show))
            money = try PayoutLedgerProjection.ledger(of: show, from: store)
            organizer = try await organizers.state(of: try Organizer.stream(configuration.organizer))
        } catch {
            throw APIError.storeUnavailable()
        }
        guard let figures = payout.figures else { throw APIError(payout: .notSettled, show: show) }
        let rupees = TicketController.rupees
        let document = PayoutReceiptDocument(
            show: configuration.details.title, organizer: "\(organizer.name ?? configuration.organizer.rawValue) (\(organizer.email ?? "no address"))",
            facts: [("Event", show.rawValue), ("Payout", payout.status.rawValue), ("Settled at", "log position \(money.totals.settledAt?.rawValue ?? 0)")]
                + (payout.reference.map { [("Transfer", "\(payout.method?.rawValue ?? "") \($0)")] } ?? []),
            figures: [("Gross (paid by customers)", rupees(figures.gross)), ("Refunds", rupees(figures.refunds)),
                      ("Platform fees", rupees(figures.platformFees)), ("Net payable", rupees(figures.netPayable)),
                      ("Tickets", String(figures.tickets))],
            entries: money.entries.map {
                PayoutReceiptDocument.Entry(position: String($0.position.rawValue), booking: $0.booking.rawValue, kind: $0.kind.rawValue,
                                            amount: rupees($0.amount))
            })
        let pdf: [UInt8]
        do {
            pdf = try document.pdf()
        } catch {
            throw APIError.storeUnavailable("the receipt could not be drawn; try again")
        }
        return Receipt(title: configuration.details.title, organizer: organizer, figures: figures, pdf: pdf)
    }
}

import App
import Crypto
import Domain
import DomainEvents
import EventStore
import Foundation
import Logging
import Projections

/// The story written into the committed legacy log (`Fixtures/legacy-compact.tktlog`): the demo seed, then what
/// customers, organizers and admins do on a busy day, through the same processes the server runs. It was run once,
/// by the version that wrote payloads in `CompactCoding` (before protobuf payloads), to make the fixture; running it
/// again writes today's format, which is what `LegacyLogTests.writeTheFixture` is for only when the fixture must be
/// remade on purpose.
enum LegacyLogStory {
    static func write(into log: any EventLog, scratch: URL, now: Instant) async throws {
        _ = try await DemoData.seedIfEmpty(log: log, now: now)
        let logger = Logger(label: "legacy-log-story")
        let shows = CommandHandler<Show>(log: log)
        let bookings = CommandHandler<Booking>(log: log)
        let customers = CommandHandler<Customer>(log: log)
        let organizers = CommandHandler<Organizer>(log: log)
        let payouts = CommandHandler<Payout>(log: log)
        let gateway = try await SandboxGateway(signatures: PaymentSignatures(keySecret: "key", webhookSecret: "webhook"),
                                         journal: scratch.appendingPathComponent("journal.jsonl"))
        let processes = BookingProcesses(log: log, shows: shows, bookings: bookings, customers: customers, gateway: gateway,
                                         mailer: OutboxMailer(directory: scratch.appendingPathComponent("outbox")), logger: logger)
        let store = try ProjectionStore(path: scratch.appendingPathComponent("views").path, durable: false)
        let projections = try RunningProjections(log: log, store: store)
        // The bookings index follows the log, as in the server: cancelling and settling a show wait for it.
        let index = Task { try await projections.runner(ShowBookingsProjection.self).run() }
        defer { index.cancel() }
        let seated = DemoData.shows[.seating]!, open = DemoData.shows[.open]!, tonight = DemoData.tonight
        let asha = CustomerID("customer-asha"), ravi = CustomerID("customer-ravi")

        // Accounts: two customers, a profile, a like and an unlike, a Google link, payout details.
        _ = try await customers.handle(.register(asha, email: "asha@example.com", name: "Asha", now: now), on: Customer.stream(asha))
        _ = try await customers.handle(.register(ravi, email: "ravi@example.com", name: "Ravi", now: now), on: Customer.stream(ravi))
        _ = try await customers.handle(.updateProfile(name: "Asha Rao", phone: "+919800000001"), on: Customer.stream(asha))
        _ = try await customers.handle(.like(seated), on: Customer.stream(asha))
        _ = try await customers.handle(.like(open), on: Customer.stream(asha))
        _ = try await customers.handle(.unlike(open), on: Customer.stream(asha))
        _ = try await customers.handle(.signInWithGoogle(ravi, GoogleAccount(subject: "google-ravi", email: "ravi@example.com", emailVerified: true, name: "Ravi"), now: now),
                                       on: Customer.stream(ravi))
        _ = try await organizers.handle(.setPayoutDetails(.upi(id: "demo@bank"), by: DemoData.organizer, now: now), on: Organizer.stream(DemoData.organizer))

        // Passcodes: one issued and verified, one guessed wrong; a session ended.
        let hash = { (code: String) in SHA256.hash(data: Data(code.utf8)).map { String(format: "%02x", $0) }.joined() }
        let passcode = try OneTimePasscode.stream(email: "asha@example.com")
        let passcodes = CommandHandler<OneTimePasscode>(log: log)
        _ = try await passcodes.handle(.issue(codeHash: hash("123456"), purpose: .customerSignIn, now: now), on: passcode)
        _ = try await passcodes.handle(.verify(codeHash: hash("000000"), now: now), on: passcode)
        _ = try await passcodes.handle(.verify(codeHash: hash("123456"), now: now), on: passcode)
        _ = try await CommandHandler<Session>(log: log).handle(.end(account: "customer:\(asha.rawValue)", now: now), on: Session.stream("token-1"))

        // Bookings: paid and checked in, expired, refunded, released, free, late.
        let paid = try await processes.holds.hold(.seats([SeatID("A1"), SeatID("A2")]), show: tonight, customer: asha, now: now)
        let order = try await processes.checkout.order(for: paid.booking, customer: asha, now: now)
        let payment = try await gateway.pay(order.order.id, succeed: true)
        let confirmed = try await processes.checkout.confirm(paid.booking, order: order.order.id, payment: payment.paymentID, now: now)
        _ = try await bookings.handle(.checkIn(confirmed.state.tickets.keys.sorted { $0.rawValue < $1.rawValue }[0], show: tonight, scanner: DemoData.organizer, now: now),
                                      on: Booking.stream(paid.booking))

        let lapsing = try await processes.holds.hold(.seats([SeatID("B1")]), show: seated, customer: ravi, now: now)
        let failing = try await processes.checkout.order(for: lapsing.booking, customer: ravi, now: now)
        try await processes.checkout.fail(lapsing.booking, order: failing.order.id, reason: "card declined")
        let due = try await log.appendDue(asOf: Date(timeIntervalSince1970: Double(lapsing.expiresAt.rawValue) / 1000 + 1), limit: 100)
        let expiry = HoldExpiryReactor(log: log, store: store, shows: shows, bookings: bookings, reconciliation: processes.reconciliation, logger: logger)
        if let first = due.min() { try await expiry.handle(try await log.read(from: first, limit: 100)) }

        let refunded = try await processes.holds.hold(.tickets([CategoryID("gold"): 2]), show: open, customer: asha, now: now)
        let refundOrder = try await processes.checkout.order(for: refunded.booking, customer: asha, now: now)
        let refundPayment = try await gateway.pay(refundOrder.order.id, succeed: true)
        _ = try await processes.checkout.confirm(refunded.booking, order: refundOrder.order.id, payment: refundPayment.paymentID, now: now)
        let cancelled = try await processes.refunds.cancel(refunded.booking, customer: asha, now: now)
        guard case .processing(let reference) = cancelled.state.refund?.progress else { throw StoryFailure("the refund was not sent") }
        try await processes.refunds.settle(refunded.booking, refund: cancelled.state.refund?.id, gatewayReference: reference,
                                           processed: true, reason: "", now: now)

        let released = try await processes.holds.hold(.seats([SeatID("C3")]), show: seated, customer: ravi, now: now)
        _ = try await processes.holds.release(released.booking, show: seated, customer: ravi, now: now)

        let registration = DemoData.shows[.registration]!
        let free = try await processes.holds.hold(.participants([Participant(answers: ["name": "Ravi", "college": "COEP"]), Participant(answers: ["name": "Meera"])],
                                                                                 category: CategoryID("entry")),
                                                  show: registration, customer: ravi, now: now)
        _ = try await processes.free.confirm(free.booking, show: registration, customer: ravi, items: free.items, now: now)

        // Organizers and admins: a support issue raised and resolved, an admin invited and accepted, a show's details
        // edited and its refund policy changed, tonight's show ended and paid out.
        let issue = IssueID("issue-story")
        let issues = CommandHandler<SupportIssue>(log: log)
        _ = try await issues.handle(.raise(by: .customer(asha), subject: "Seat view", description: "Is A1 near the aisle?", image: nil, now: now),
                                    on: SupportIssue.stream(issue))
        _ = try await issues.handle(.resolve(by: DemoData.admin, note: "It is.", now: now), on: SupportIssue.stream(issue))
        let invites = CommandHandler<AdminInvite>(log: log)
        let invite = try AdminInvite.stream(email: "second-admin@example.com")
        _ = try await invites.handle(.invite(email: "second-admin@example.com", tokenHash: hash("token"), by: DemoData.admin, now: now), on: invite)
        _ = try await invites.handle(.accept(tokenHash: hash("token"), admin: AdminID("admin-2"), passwordHash: "bcrypt-hash", sealedTOTPSecret: "sealed", now: now),
                                     on: invite)
        var details = try await shows.state(of: Show.stream(seated)).configuration!.details
        details.title += " (matinee)"
        _ = try await shows.handle(.editDetails(details, by: DemoData.organizer), on: Show.stream(seated))
        _ = try await shows.handle(.changeRefundPolicy(RefundPolicy(refundable: true, deadlineMinutesBeforeStart: 60, feesRefunded: false), by: DemoData.organizer),
                                   on: Show.stream(seated))

        // A show rescheduled, its inventory changed, then cancelled with a paid booking refunded; another rejected;
        // the hall deactivated.
        let screens = CommandHandler<Screen>(log: log)
        let drafting = ShowDrafting(shows: shows, screens: screens)
        var configuration = try await shows.state(of: Show.stream(seated)).configuration!
        configuration.schedule = ShowSchedule(start: now.adding(.hours(72)), end: now.adding(.hours(75)))
        let doomed = ShowID("show-doomed"), rejected = ShowID("show-rejected")
        _ = try await drafting.draft(configuration, as: doomed)
        _ = try await shows.handle(.reschedule(ShowSchedule(start: now.adding(.hours(96)), end: now.adding(.hours(99))), by: DemoData.organizer),
                                   on: Show.stream(doomed))
        _ = try await shows.handle(.submit(by: DemoData.organizer), on: Show.stream(doomed))
        _ = try await shows.handle(.approve(by: DemoData.admin), on: Show.stream(doomed))
        let doomedHold = try await processes.holds.hold(.seats([SeatID("D4")]), show: doomed, customer: asha, now: now)
        let doomedOrder = try await processes.checkout.order(for: doomedHold.booking, customer: asha, now: now)
        let doomedPayment = try await gateway.pay(doomedOrder.order.id, succeed: true)
        _ = try await processes.checkout.confirm(doomedHold.booking, order: doomedOrder.order.id, payment: doomedPayment.paymentID, now: now)
        let cancellation = ShowCancellation(log: log, store: store, showBookings: projections.runner(ShowBookingsProjection.self), shows: shows,
                                            screens: screens, bookings: bookings, refunds: processes.refunds, mail: processes.mail)
        _ = try await cancellation.cancel(doomed, by: DemoData.organizer, reason: "the band is ill", now: now)

        configuration.schedule = ShowSchedule(start: now.adding(.hours(200)), end: now.adding(.hours(203)))
        _ = try await drafting.draft(configuration, as: rejected)
        _ = try await shows.handle(.changeInventory(configuration.inventory, by: DemoData.organizer), on: Show.stream(rejected))
        _ = try await shows.handle(.submit(by: DemoData.organizer), on: Show.stream(rejected))
        _ = try await shows.handle(.reject(by: DemoData.admin, reason: "no poster"), on: Show.stream(rejected))
        _ = try await CommandHandler<Hall>(log: log).handle(.setActive(false), on: Hall.stream(DemoData.hall))

        let ended = try await shows.state(of: Show.stream(tonight)).configuration!.schedule.end.adding(.minutes(1))
        guard case .appended(_, let end) = try await shows.handle(.end(now: ended), on: Show.stream(tonight)) else {
            throw StoryFailure("tonight's show did not end")
        }
        let settlement = PayoutSettlement(store: store, showBookings: projections.runner(ShowBookingsProjection.self),
                                          shows: shows, bookings: bookings, payouts: payouts)
        try await settlement.settle(tonight, after: end.lastPosition, now: ended)
        let payout = try Payout.stream(tonight)
        _ = try await payouts.handle(.sendReceipt(by: DemoData.admin, now: ended), on: payout)
        _ = try await payouts.handle(.initiate(by: DemoData.admin, method: .upi, reference: "UTR123", now: ended), on: payout)
        _ = try await payouts.handle(.confirmPaid(by: DemoData.organizer, now: ended), on: payout)

        // Every timer still waiting falls due (payment checks, the other shows' ends); nothing acts on them.
        _ = try await log.appendDue(asOf: Date(timeIntervalSince1970: Double(now.adding(.hours(24 * 365)).rawValue) / 1000), limit: 1000)
    }
}

struct StoryFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

import Domain
import Testing

/// Deciding a command again after its events are applied decides nothing (Equinox's idempotence rule).
@Suite("Show: every command is idempotent")
struct ShowIdempotenceTests {
    static let holding = Sample.onSale(Sample.seated) + [Sample.held(.b1, .c1, .seats([.a1]))]
    static let sold = holding + [.itemsSold(ItemsSold(booking: .b1, customer: .c1, items: .seats([.a1]), late: false))]
    static let submitted = [Show.Event.drafted(ShowDrafted(configuration: Sample.seated)), .submitted(ShowSubmitted(organizer: .o1))]

    static let cases: [(String, [Show.Event], Show.Command)] = [
        ("draft", [], .draft(Sample.seated)),
        ("editDetails", holding, .editDetails(ShowDetails(title: "Macbeth"), by: .o1)),
        ("reschedule", holding, .reschedule(ShowSchedule(start: showStart.adding(.hours(1)), end: showEnd.adding(.hours(1))), by: .o1)),
        ("changeInventory", holding, .changeInventory(.seated(SeatedInventory(seats: [.a1: "regular"], pricing: .flat(.rupees(99)))), by: .o1)),
        ("changeRefundPolicy", holding, .changeRefundPolicy(RefundPolicy(refundable: false, deadlineMinutesBeforeStart: 0, feesRefunded: false), by: .o1)),
        ("submit", [.drafted(ShowDrafted(configuration: Sample.seated))], .submit(by: .o1)),
        ("approve", submitted, .approve(by: .a1)),
        ("reject", submitted, .reject(by: .a1, reason: "no poster")),
        ("hold", Sample.onSale(Sample.seated), .hold(.seats([.a1, .a2]), booking: .b1, customer: .c1, now: noon)),
        ("releaseHold", holding, .releaseHold(booking: .b1, customer: .c1)),
        ("expireHold", holding, .expireHold(booking: .b1, now: noon.adding(.hours(1)))),
        ("sell", holding, .sell(booking: .b1, customer: .c1, items: .seats([.a1]), now: noon)),
        ("returnItems", sold, .returnItems(booking: .b1)),
        ("cancel", holding, .cancel(by: .admin(.a1), reason: "x", now: noon)),
        ("end", holding, .end(now: showEnd)),
    ]

    @Test(arguments: cases.map(\.0))
    func decidingAgainAfterItTookEffectDecidesNothing(command name: String) throws {
        let (_, history, command) = try #require(Self.cases.first { $0.0 == name })
        let spec = given(Show.self, history)
        #expect(try !spec.when(command).isEmpty, "the command must take effect first")
        #expect(try spec.decidesNothingTwice(command))
    }
}

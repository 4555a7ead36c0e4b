import Foundation
import Domain
import Testing

@Suite("Show: holding seats")
struct ShowHoldingSeatsTests {
    let onSale = Sample.onSale(Sample.seated)

    @Test func freeSeatsAreHeldForTheHoldPeriod() throws {
        let events = try given(Show.self, onSale).when(.hold(.seats([.a1, .a2]), booking: .b1, customer: .c1, now: noon))
        #expect(events == [Sample.held(.b1, .c1, .seats([.a1, .a2]))])
    }

    @Test func rejectsSeatsHeldByAnotherBookingAndHoldsNothing() {
        let spec = given(Show.self, onSale + [Sample.held(.b1, .c1, .seats([.a1]))])
        #expect(throws: Show.Rejection.seatsUnavailable([.a1])) {
            try spec.when(.hold(.seats([.a1, .a2]), booking: .b2, customer: .c2, now: noon))
        }
    }

    @Test func rejectsSeatsSoldToAnotherBooking() {
        let spec = given(Show.self, onSale + [Sample.held(.b1, .c1, .seats([.a3])),
                                              .itemsSold(ItemsSold(booking: .b1, customer: .c1, items: .seats([.a3]), late: false))])
        #expect(throws: Show.Rejection.seatsUnavailable([.a3])) {
            try spec.when(.hold(.seats([.a3]), booking: .b2, customer: .c2, now: noon))
        }
    }

    @Test func rejectsSeatsThatAreNotInTheLayout() {
        #expect(throws: Show.Rejection.unknownSeats([SeatID("Z9")])) {
            try given(Show.self, onSale).when(.hold(.seats([.a1, SeatID("Z9")]), booking: .b1, customer: .c1, now: noon))
        }
    }

    @Test func rejectsMoreThanTheOrderLimit() {
        #expect(throws: Show.Rejection.tooManyTickets(requested: 5, limit: 4)) {
            try given(Show.self, onSale).when(.hold(.seats([.a1, .a2, .a3, .a4, .a5]), booking: .b1, customer: .c1, now: noon))
        }
    }

    @Test func rejectsAnEmptyRequest() {
        #expect(throws: Show.Rejection.emptyRequest) {
            try given(Show.self, onSale).when(.hold(.seats([]), booking: .b1, customer: .c1, now: noon))
        }
    }

    @Test func reHoldReplacesTheCustomersPreviousHoldInsteadOfDoubleCounting() throws {
        let spec = given(Show.self, onSale + [Sample.held(.b1, .c1, .seats([.a1, .a2]))])
        let events = try spec.when(.hold(.seats([.a2, .a3]), booking: .b2, customer: .c1, now: noon))
        #expect(events == [.holdReleased(HoldReleased(booking: .b1, reason: .replaced)), Sample.held(.b2, .c1, .seats([.a2, .a3]))])
        let after = events.reduce(spec.state, Show.evolve)
        #expect(after.seatTakenBy == [.a2: .b2, .a3: .b2])
        #expect(after.heldTicketCount == 2)
    }

    @Test func bookingIsRefusedBeforeApproval() {
        let drafted = Show.Event.drafted(ShowDrafted(configuration: Sample.seated))
        #expect(throws: Show.Rejection.notOnSale(.draft)) {
            try given(Show.self, drafted).when(.hold(.seats([.a1]), booking: .b1, customer: .c1, now: noon))
        }
    }

    @Test func bookingIsRefusedAfterTheCutoff() {
        var configuration = Sample.seated
        configuration.cutoff = .minutesBeforeStart(60)
        let closes = showStart.subtracting(.minutes(60))
        #expect(throws: Show.Rejection.bookingClosed(closedAt: closes)) {
            try given(Show.self, Sample.onSale(configuration)).when(.hold(.seats([.a1]), booking: .b1, customer: .c1, now: closes))
        }
    }

    @Test func bookingIsRefusedAfterTheStart() {
        #expect(throws: Show.Rejection.bookingClosed(closedAt: showStart)) {
            try given(Show.self, onSale).when(.hold(.seats([.a1]), booking: .b1, customer: .c1, now: showStart.adding(.minutes(1))))
        }
    }

    @Test func aBookingIDCannotHoldSomethingElse() {
        let spec = given(Show.self, onSale + [Sample.held(.b1, .c1, .seats([.a1]))])
        #expect(throws: Show.Rejection.bookingAlreadyUsed(.b1)) {
            try spec.when(.hold(.seats([.a2]), booking: .b1, customer: .c1, now: noon))
        }
    }

    @Test func seatsForAnOpenShowAreTheWrongKindOfRequest() {
        #expect(throws: Show.Rejection.wrongKindOfRequest) {
            try given(Show.self, Sample.onSale(Sample.open)).when(.hold(.seats([.a1]), booking: .b1, customer: .c1, now: noon))
        }
    }
}

@Suite("Show: holding tickets")
struct ShowHoldingTicketsTests {
    let onSale = Sample.onSale(Sample.open)

    @Test func countsAreHeldPerCategory() throws {
        let events = try given(Show.self, onSale).when(.hold(.tickets([.gold: 2, .silver: 3]), booking: .b1, customer: .c1, now: noon))
        #expect(events == [Sample.held(.b1, .c1, .tickets([.gold: 2, .silver: 3]))])
    }

    @Test func holdsNeverExceedAvailabilityAndNameWhatIsLeft() {
        let spec = given(Show.self, onSale + [Sample.held(.b1, .c1, .tickets([.gold: 4]))])
        #expect(throws: Show.Rejection.ticketsUnavailable([.gold: 1])) {
            try spec.when(.hold(.tickets([.gold: 2, .silver: 1]), booking: .b2, customer: .c2, now: noon))
        }
    }

    @Test func reHoldDoesNotDoubleCount() throws {
        // The customer's 4 gold are released by the replacement, so 5 are available to them again.
        let spec = given(Show.self, onSale + [Sample.held(.b1, .c1, .tickets([.gold: 4]))])
        let events = try spec.when(.hold(.tickets([.gold: 5]), booking: .b2, customer: .c1, now: noon))
        let after = events.reduce(spec.state, Show.evolve)
        #expect(after.heldCounts[.gold] == 5)
        #expect(after.available(.gold) == 0)
    }

    @Test func unknownCategoriesAreRejected() {
        #expect(throws: Show.Rejection.unknownCategories([CategoryID("vip")])) {
            try given(Show.self, onSale).when(.hold(.tickets([CategoryID("vip"): 1]), booking: .b1, customer: .c1, now: noon))
        }
    }

    @Test func negativeOrZeroCountsAreRejected() {
        #expect(throws: Show.Rejection.emptyRequest) {
            try given(Show.self, onSale).when(.hold(.tickets([.gold: 2, .silver: -1]), booking: .b1, customer: .c1, now: noon))
        }
    }
}

@Suite("Show: registrations")
struct ShowRegistrationTests {
    let onSale = Sample.onSale(Sample.registration)

    @Test func aTeamWithinTheSizeLimitsIsHeldOneTicketEach() throws {
        let team = [Sample.participant("Asha"), Sample.participant("Ravi")]
        let events = try given(Show.self, onSale).when(.hold(.participants(team, category: .entry), booking: .b1, customer: .c1, now: noon))
        #expect(events == [.itemsHeld(ItemsHeld(
            booking: .b1, customer: .c1, items: .tickets([.entry: 2]), expiresAt: noon.adding(.minutes(10)), participants: team))])
    }

    @Test func aTeamOutsideTheSizeLimitsIsRejected() {
        #expect(throws: Show.Rejection.invalidRegistration(.teamSize(1, allowed: 2...4))) {
            try given(Show.self, onSale).when(.hold(.participants([Sample.participant("Solo")], category: .entry), booking: .b1, customer: .c1, now: noon))
        }
    }

    private static let team = [Sample.participant("Asha"), Sample.participant("Ravi")]
    private static func sold(_ booking: BookingID, to customer: CustomerID) -> Show.Event {
        .itemsSold(ItemsSold(booking: booking, customer: customer, items: .tickets([.entry: 2]), late: false))
    }

    @Test func aCustomerWhoIsRegisteredCannotRegisterAgain() {
        #expect(throws: Show.Rejection.invalidRegistration(.alreadyRegistered(limit: 1))) {
            try given(Show.self, onSale + [Self.sold(.b1, to: .c1)])
                .when(.hold(.participants(Self.team, category: .entry), booking: .b2, customer: .c1, now: noon))
        }
    }

    @Test func aShowThatAllowsMoreTakesThemUpToItsLimit() throws {
        var rules = try #require(Sample.registration.registration)
        rules.perCustomer = 2
        var configuration = Sample.registration
        configuration.registration = rules
        let history = Sample.onSale(configuration) + [Self.sold(.b1, to: .c1)]
        let second = try given(Show.self, history).when(.hold(.participants(Self.team, category: .entry), booking: .b2, customer: .c1, now: noon))
        #expect(second.count == 1)
        #expect(throws: Show.Rejection.invalidRegistration(.alreadyRegistered(limit: 2))) {
            try given(Show.self, history + [Self.sold(.b2, to: .c1)])
                .when(.hold(.participants(Self.team, category: .entry), booking: .b3, customer: .c1, now: noon))
        }
    }

    @Test func aRefundedRegistrationGivesTheCustomerTheirPlaceBack() throws {
        let history = onSale + [Self.sold(.b1, to: .c1), .itemsReturned(ItemsReturned(booking: .b1, items: .tickets([.entry: 2])))]
        let events = try given(Show.self, history).when(.hold(.participants(Self.team, category: .entry), booking: .b2, customer: .c1, now: noon))
        #expect(events.count == 1)
    }

    @Test func twoHoldsOfOneCustomerRacingToBeConfirmedRegisterOnce() throws {
        // The second hold replaced the first; the first is confirmed late, then the second may not be sold too.
        let history = onSale + [
            .itemsHeld(ItemsHeld(booking: .b1, customer: .c1, items: .tickets([.entry: 2]), expiresAt: noon.adding(.minutes(10)), participants: Self.team)),
            .holdReleased(HoldReleased(booking: .b1, reason: .replaced)),
            .itemsHeld(ItemsHeld(booking: .b2, customer: .c1, items: .tickets([.entry: 2]), expiresAt: noon.adding(.minutes(10)), participants: Self.team)),
            .itemsSold(ItemsSold(booking: .b1, customer: .c1, items: .tickets([.entry: 2]), late: true)),
        ]
        #expect(throws: Show.Rejection.invalidRegistration(.alreadyRegistered(limit: 1))) {
            try given(Show.self, history).when(.sell(booking: .b2, customer: .c1, items: .tickets([.entry: 2]), now: noon))
        }
    }

    @Test func anAnswerLongerThanTheLimitIsRefusedNamingTheField() {
        let team = [Sample.participant("Asha"), Participant(answers: ["name": "Ravi", "college": String(repeating: "x", count: ShowLimits.maxAnswerLength + 1)])]
        #expect(throws: Show.Rejection.invalidRegistration(.answerTooLong(participant: 1, field: "college", limit: ShowLimits.maxAnswerLength))) {
            try given(Show.self, onSale).when(.hold(.participants(team, category: .entry), booking: .b1, customer: .c1, now: noon))
        }
    }

    @Test(arguments: [
        (RegistrationRules(fields: [RegistrationField(label: "name")], perCustomer: 0), "registrations per customer must be 1 to 100"),
        (RegistrationRules(fields: [RegistrationField(label: "name")], participation: .team(minimum: 2, maximum: 51)), "at most 50 participants"),
        (RegistrationRules(fields: [RegistrationField(label: "name"), RegistrationField(label: "name")]), "the same label"),
        (RegistrationRules(fields: [RegistrationField(label: " ")]), "needs a label"),
    ])
    func aFormBeyondTheStatedLimitsIsRefusedAtDraft(rules: RegistrationRules, problem: String) throws {
        var configuration = Sample.registration
        configuration.registration = rules
        do {
            _ = try given(Show.self).when(.draft(configuration))
            Issue.record("drafted")
        } catch {
            guard case .invalidConfiguration(let message) = error else { throw error }
            #expect(message.contains(problem), "\(message)")
        }
    }

    @Test func aFormStoredBeforeTheLimitExistedAllowsOneAndTheDefaultIsNotWritten() throws {
        let stored = #"{"fields":[{"label":"name","required":true,"options":[]}],"participation":{"individual":true}}"#
        let rules = try JSONDecoder().decode(RegistrationRules.self, from: Data(stored.utf8))
        #expect(rules.perCustomer == 1)
        #expect(!String(decoding: try JSONEncoder().encode(rules), as: UTF8.self).contains("perCustomer"))
        var two = rules
        two.perCustomer = 2
        #expect(try JSONDecoder().decode(RegistrationRules.self, from: JSONEncoder().encode(two)).perCustomer == 2)
    }

    @Test func aMissingRequiredAnswerIsRejected() {
        let team = [Sample.participant("Asha"), Participant(answers: ["college": "COEP"])]
        #expect(throws: Show.Rejection.invalidRegistration(.missingAnswer(participant: 1, field: "name"))) {
            try given(Show.self, onSale).when(.hold(.participants(team, category: .entry), booking: .b1, customer: .c1, now: noon))
        }
    }
}

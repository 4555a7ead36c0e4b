import Domain
import Testing

@Suite("Show: stored events")
struct ShowGoldenTests {
    static let events: [Show.Event] = [
        .drafted(ShowDrafted(configuration: Sample.seated)),
        .detailsEdited(ShowDetailsEdited(details: ShowDetails(title: "Hamlet", description: "Act I", subType: "play", city: "Pune", venue: "Hall 1",
                                                              screen: ScreenRef(hall: HallID("hall-1"), screen: ScreenID("screen-2"))))),
        .rescheduled(ShowRescheduled(schedule: Sample.schedule)),
        .inventoryChanged(ShowInventoryChanged(inventory: .categories([TicketCategory(id: .gold, name: "Gold", capacity: 5, price: .rupees(1000))]))),
        .refundPolicyChanged(RefundPolicyChanged(policy: .standard)),
        .submitted(ShowSubmitted(organizer: .o1)),
        .approved(ShowApproved(admin: .a1)),
        .rejected(ShowRejected(admin: .a1, reason: "poster missing")),
        .itemsHeld(ItemsHeld(booking: .b1, customer: .c1, items: .seats([.a2, .a1]), expiresAt: noon.adding(.minutes(10)))),
        .itemsHeld(ItemsHeld(booking: .b2, customer: .c2, items: .tickets([.entry: 2]), expiresAt: noon, participants: [Sample.participant("Asha"), Sample.participant("Ravi")])),
        .holdReleased(HoldReleased(booking: .b1, reason: .replaced)),
        .holdExpired(HoldExpired(booking: .b1)),
        .itemsSold(ItemsSold(booking: .b1, customer: .c1, items: .tickets([.gold: 2, .silver: 1]), late: true)),
        .itemsReturned(ItemsReturned(booking: .b1, items: .seats([.a1]))),
        .cancelled(ShowCancelled(by: .organizer(.o1), reason: "rain", at: noon)),
        .ended(ShowEnded(at: showEnd)),
    ]

    @Test func everyStoredEventEncodesToItsLiteralAndBack() throws {
        try expectGolden(Show.self, Self.events[0], type: "ShowDrafted", json: #"{"configuration":{"cutoff":{"untilSoldOut":true},"details":{"city":"Pune","description":"","subType":"","title":"Hamlet","venue":"Hall 1"},"holdMinutes":10,"inventory":{"seated":{"pricing":{"bySeatType":{"premium":{"currency":"INR","minor":60000},"regular":{"currency":"INR","minor":25000}}},"seats":{"A1":"regular","A2":"regular","A3":"regular","A4":"regular","A5":"regular","B1":"premium","B2":"premium"}}},"kind":"seating","maxTicketsPerOrder":4,"organizer":"organizer-1","refundPolicy":{"deadlineMinutesBeforeStart":720,"feesRefunded":true,"refundable":true},"schedule":{"end":1800183600000,"start":1800172800000},"tax":{"basisPointsOnFees":0}}}"#)
        try expectGolden(Show.self, Self.events[1], type: "ShowDetailsEdited", json: #"{"details":{"city":"Pune","description":"Act I","screen":{"hall":"hall-1","screen":"screen-2"},"subType":"play","title":"Hamlet","venue":"Hall 1"}}"#)
        try expectGolden(Show.self, Self.events[2], type: "ShowRescheduled", json: #"{"schedule":{"end":1800183600000,"start":1800172800000}}"#)
        try expectGolden(Show.self, Self.events[3], type: "ShowInventoryChanged", json: #"{"inventory":{"categories":[{"capacity":5,"id":"gold","name":"Gold","price":{"currency":"INR","minor":100000}}]}}"#)
        try expectGolden(Show.self, Self.events[4], type: "RefundPolicyChanged", json: #"{"policy":{"deadlineMinutesBeforeStart":720,"feesRefunded":true,"refundable":true}}"#)
        try expectGolden(Show.self, Self.events[5], type: "ShowSubmitted", json: #"{"organizer":"organizer-1"}"#)
        try expectGolden(Show.self, Self.events[6], type: "ShowApproved", json: #"{"admin":"admin-1"}"#)
        try expectGolden(Show.self, Self.events[7], type: "ShowRejected", json: #"{"admin":"admin-1","reason":"poster missing"}"#)
        try expectGolden(Show.self, Self.events[8], type: "ItemsHeld", json: #"{"booking":"booking-1","customer":"customer-1","expiresAt":1800000600000,"items":{"seats":["A1","A2"]}}"#)
        try expectGolden(Show.self, Self.events[9], type: "ItemsHeld", json: #"{"booking":"booking-2","customer":"customer-2","expiresAt":1800000000000,"items":{"tickets":{"entry":2}},"participants":[{"answers":{"name":"Asha"}},{"answers":{"name":"Ravi"}}]}"#)
        try expectGolden(Show.self, Self.events[10], type: "HoldReleased", json: #"{"booking":"booking-1","reason":"replaced"}"#)
        try expectGolden(Show.self, Self.events[11], type: "HoldExpired", json: #"{"booking":"booking-1"}"#)
        try expectGolden(Show.self, Self.events[12], type: "ItemsSold", json: #"{"booking":"booking-1","customer":"customer-1","items":{"tickets":{"gold":2,"silver":1}},"late":true}"#)
        try expectGolden(Show.self, Self.events[13], type: "ItemsReturned", json: #"{"booking":"booking-1","items":{"seats":["A1"]}}"#)
        try expectGolden(Show.self, Self.events[14], type: "ShowCancelled", json: #"{"at":1800000000000,"by":{"organizer":"organizer-1"},"reason":"rain"}"#)
        try expectGolden(Show.self, Self.events[15], type: "ShowEnded", json: #"{"at":1800183600000}"#)
    }

    @Test func anUnknownTypeDecodesToNothing() throws {
        #expect(try Golden.decode(Show.self, type: "SomethingNew", json: "{}") == nil)
    }
}

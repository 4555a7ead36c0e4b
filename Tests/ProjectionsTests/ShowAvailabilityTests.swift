import Domain
import DomainEvents
import EventStore
import Foundation
import Projections
import Testing

let noon = Instant(millisecondsSince1970: 1_800_000_000_000)

enum Fixture {
    static let seated = ShowConfiguration(
        organizer: OrganizerID("o1"), kind: .seating, details: ShowDetails(title: "Hamlet"),
        schedule: ShowSchedule(start: noon.adding(.hours(48)), end: noon.adding(.hours(51))),
        inventory: .seated(SeatedInventory(seats: [SeatID("A1"): "r", SeatID("A2"): "r", SeatID("A3"): "r"], pricing: .flat(.major(100)))))
    static let open = ShowConfiguration(
        organizer: OrganizerID("o1"), kind: .open, details: ShowDetails(title: "Fest"),
        schedule: ShowSchedule(start: noon.adding(.hours(48)), end: noon.adding(.hours(51))),
        inventory: .categories([TicketCategory(id: CategoryID("gold"), name: "Gold", capacity: 5, price: .major(500))]))

    static func onSale(_ configuration: ShowConfiguration) -> [Show.Event] {
        [.drafted(ShowDrafted(configuration: configuration)), .submitted(ShowSubmitted(organizer: OrganizerID("o1"))),
         .approved(ShowApproved(admin: AdminID("a1")))]
    }

    static func held(_ booking: String, _ items: Items) -> Show.Event {
        .itemsHeld(ItemsHeld(booking: BookingID(booking), customer: CustomerID("c-\(booking)"), items: items, expiresAt: noon.adding(.minutes(10))))
    }

    static func sold(_ booking: String, _ items: Items) -> Show.Event {
        .itemsSold(ItemsSold(booking: BookingID(booking), customer: CustomerID("c-\(booking)"), items: items, late: false))
    }
}

func fold(_ events: [Show.Event]) -> ShowAvailability {
    var view = ShowAvailability()
    for event in events { ShowAvailabilityProjection.apply(event, to: &view) }
    return view
}

@Suite("Projections: show availability (the fold)")
struct ShowAvailabilityFoldTests {
    @Test func everySeatIsFreeHeldUntilATimeOrSold() {
        let view = fold(Fixture.onSale(Fixture.seated) + [
            Fixture.held("b1", .seats([SeatID("A1")])),
            Fixture.held("b2", .seats([SeatID("A2")])), Fixture.sold("b2", .seats([SeatID("A2")])),
        ])
        #expect(view.status == .approved)
        #expect(view.seats == [SeatID("A1"): .held(until: noon.adding(.minutes(10))), SeatID("A2"): .sold, SeatID("A3"): .free])
    }

    @Test func anExpiredHoldFreesItsSeatsAndARefundReturnsSoldOnes() {
        let view = fold(Fixture.onSale(Fixture.seated) + [
            Fixture.held("b1", .seats([SeatID("A1")])), .holdExpired(HoldExpired(booking: BookingID("b1"))),
            Fixture.held("b2", .seats([SeatID("A2")])), Fixture.sold("b2", .seats([SeatID("A2")])),
            .itemsReturned(ItemsReturned(booking: BookingID("b2"), items: .seats([SeatID("A2")]))),
        ])
        #expect(view.seats.values.allSatisfy { $0 == .free })
        #expect(view.bookings.isEmpty)
    }

    @Test func categoriesCountHeldAndSold() {
        let view = fold(Fixture.onSale(Fixture.open) + [
            Fixture.held("b1", .tickets([CategoryID("gold"): 2])),
            Fixture.held("b2", .tickets([CategoryID("gold"): 1])), Fixture.sold("b2", .tickets([CategoryID("gold"): 1])),
            .holdReleased(HoldReleased(booking: BookingID("b1"), reason: .byCustomer)),
        ])
        #expect(view.categories == [CategoryID("gold"): CategoryCounts(capacity: 5, held: 0, sold: 1)])
        #expect(view.categories[CategoryID("gold")]?.free == 4)
    }

    @Test func theFoldAgreesWithTheDecidersState() {
        let events = Fixture.onSale(Fixture.open) + [
            Fixture.held("b1", .tickets([CategoryID("gold"): 2])), Fixture.sold("b1", .tickets([CategoryID("gold"): 2])),
            Fixture.held("b2", .tickets([CategoryID("gold"): 3])),
        ]
        let state = Show.fold(events)
        #expect(fold(events).categories[CategoryID("gold")]?.free == state.available(CategoryID("gold")))
    }
}

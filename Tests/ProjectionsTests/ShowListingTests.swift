import Domain
import Projections
import Testing

@Suite("Projections: show listings (the fold)")
struct ShowListingTests {
    private func listing(_ events: [Show.Event]) -> ShowListing? {
        var view: ShowListing?
        for event in events { ShowListingProjection.apply(event, show: "s1", to: &view) }
        return view
    }

    @Test func anApprovedShowIsListedWithItsPriceRangeAndCapacity() throws {
        let view = try #require(listing(Fixture.onSale(Fixture.open)))
        #expect(view.status == .approved)
        #expect(view.priceFrom == .major(500))
        #expect(view.priceTo == .major(500))
        #expect(view.capacity == 5)
        #expect(view.details.title == "Fest")
    }

    @Test func editsAndReschedulesAndInventoryChangesUpdateTheListing() throws {
        let moved = ShowSchedule(start: noon.adding(.hours(72)), end: noon.adding(.hours(75)))
        let inventory = Inventory.categories([
            TicketCategory(id: CategoryID("gold"), name: "Gold", capacity: 5, price: .major(500)),
            TicketCategory(id: CategoryID("floor"), name: "Floor", capacity: 50, price: .major(150)),
        ])
        let view = try #require(listing(Fixture.onSale(Fixture.open) + [
            .detailsEdited(ShowDetailsEdited(details: ShowDetails(title: "Fest II", city: "Pune"))),
            .rescheduled(ShowRescheduled(schedule: moved)),
            .inventoryChanged(ShowInventoryChanged(inventory: inventory)),
        ]))
        #expect(view.details.title == "Fest II")
        #expect(view.schedule == moved)
        #expect(view.priceFrom == .major(150))
        #expect(view.priceTo == .major(500))
        #expect(view.capacity == 55)
    }

    @Test func holdsAndSalesDoNotTouchTheListing() {
        let hold = Fixture.held("b1", .tickets([CategoryID("gold"): 1]))
        #expect(!ShowListingProjection.changesListing(hold))
        #expect(!ShowListingProjection.changesListing(Fixture.sold("b1", .tickets([CategoryID("gold"): 1]))))
        #expect(ShowListingProjection.changesListing(.cancelled(ShowCancelled(by: .admin(AdminID("a")), reason: "rain", at: noon))))
    }
}

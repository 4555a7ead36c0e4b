@testable import API
import Domain
import Projections
import Testing

/// Given what a room knows, when a show event happens, then these are the messages its members get.
@Suite("Room messages: what each show event tells a room")
struct RoomMessageTests {
    private let expires = Instant(millisecondsSince1970: 1_800_000_600_000)

    private func room(after events: [Show.Event]) -> ShowAvailability {
        var view = ShowAvailability(status: .approved)
        for event in events { ShowAvailabilityProjection.apply(event, to: &view) }
        return view
    }

    private func held(_ booking: String, _ items: Items) -> Show.Event {
        .itemsHeld(ItemsHeld(booking: BookingID(booking), customer: CustomerID("c"), items: items, expiresAt: expires))
    }

    @Test func aSeatHoldLocksItsSeatsInReadingOrderWithItsExpiry() {
        let messages = RoomMessage.messages(for: held("b1", .seats([SeatID("A10"), SeatID("A2")])), show: "s", position: 7, before: room(after: []))
        #expect(messages.count == 1)
        #expect(messages[0].type == "seats-locked")
        #expect(messages[0].seats == ["A2", "A10"])
        #expect(messages[0].position == 7)
        #expect(messages[0].expiresAt == expires.rawValue)
    }

    @Test func anExpiredTicketHoldUnlocksEachCategoryInItsOwnMessage() {
        let hold = held("b1", .tickets([CategoryID("vip"): 2, CategoryID("general"): 3]))
        let messages = RoomMessage.messages(for: .holdExpired(HoldExpired(booking: BookingID("b1"))), show: "s", position: 9, before: room(after: [hold]))
        #expect(messages.map(\.type) == ["tickets-unlocked", "tickets-unlocked"])
        #expect(messages.map(\.ticketType) == ["general", "vip"])
        #expect(messages.map(\.count) == [3, 2])
        #expect(messages.allSatisfy { $0.reason == "expired" && $0.position == 9 })
    }

    @Test func aHoldThatWasPaidUnlocksNothingWhenItsTimerFires() {
        let hold = held("b1", .seats([SeatID("A1")]))
        let sold = Show.Event.itemsSold(ItemsSold(booking: BookingID("b1"), customer: CustomerID("c"), items: .seats([SeatID("A1")]), late: false))
        let messages = RoomMessage.messages(for: .holdExpired(HoldExpired(booking: BookingID("b1"))), show: "s", position: 9, before: room(after: [hold, sold]))
        #expect(messages.isEmpty)
    }

    @Test func aSaleBooksItsSeatsAndAReturnReleasesThem() {
        let items = Items.seats([SeatID("C3")])
        let hold = held("b1", items)
        let sold = Show.Event.itemsSold(ItemsSold(booking: BookingID("b1"), customer: CustomerID("c"), items: items, late: false))
        #expect(RoomMessage.messages(for: sold, show: "s", position: 5, before: room(after: [hold])).map(\.type) == ["seats-booked"])
        let returned = Show.Event.itemsReturned(ItemsReturned(booking: BookingID("b1"), items: items))
        let messages = RoomMessage.messages(for: returned, show: "s", position: 6, before: room(after: [hold, sold]))
        #expect(messages.map(\.type) == ["seats-released"])
        #expect(messages.first?.seats == ["C3"])
    }

    @Test func aReplacedHoldSaysSo() {
        let hold = held("b1", .seats([SeatID("A1")]))
        let released = Show.Event.holdReleased(HoldReleased(booking: BookingID("b1"), reason: .replaced))
        let messages = RoomMessage.messages(for: released, show: "s", position: 3, before: room(after: [hold]))
        #expect(messages.map(\.reason) == ["replaced"])
    }
}

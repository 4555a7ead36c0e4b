import Domain
import Testing

extension ScreenID { static let screen1 = ScreenID("screen-1") }
extension HallID { static let hall1 = HallID("hall-1") }

enum VenueSample {
    /// Row A: 4 regular seats with an aisle after seat 2; row B: 2 premium seats, B2 blocked.
    static let layout = SeatLayout(rows: [
        .uniform("A", seats: 4, type: "regular", gapsAfter: [2]),
        .uniform("B", seats: 2, type: "premium"),
    ], blocked: [.b2])
    static let registered = Screen.Event.registered(ScreenRegistered(hall: .hall1, name: "Screen 1"))
    static let laidOut = Screen.Event.layoutDefined(LayoutDefined(layout: layout))
    static let evening = ShowSchedule(start: showStart, end: showEnd)
    static let reserved = Screen.Event.slotReserved(SlotReserved(show: .s1, schedule: evening))
}

@Suite("Screen: layouts")
struct ScreenLayoutTests {
    @Test func aLayoutSellsEverySeatButTheBlockedOnesAndGaps() {
        #expect(VenueSample.layout.sellableSeats == [.a1: "regular", .a2: "regular", .a3: "regular", .a4: "regular", .b1: "premium"])
        #expect(VenueSample.layout.rows[0].places.count == 5)
    }

    @Test func aLayoutIsDefinedWhileNoShowUsesTheScreen() throws {
        #expect(try given(Screen.self, VenueSample.registered).when(.defineLayout(VenueSample.layout)) == [VenueSample.laidOut])
    }

    @Test func aLayoutCannotChangeUnderALiveShow() {
        let spec = given(Screen.self, VenueSample.registered, VenueSample.laidOut, VenueSample.reserved)
        #expect(throws: Screen.Rejection.layoutInUse([.s1])) {
            try spec.when(.defineLayout(SeatLayout(rows: [.uniform("A", seats: 10, type: "regular")])))
        }
    }

    @Test func aLayoutWithARepeatedSeatIsRejected() {
        let twice = SeatLayout(rows: [SeatRow(label: "A", places: [.seat(number: 1, type: "regular"), .seat(number: 1, type: "regular")])])
        #expect(throws: Screen.Rejection.invalidLayout("seat A1 appears twice")) {
            try given(Screen.self, VenueSample.registered).when(.defineLayout(twice))
        }
    }
}

@Suite("Screen: slots")
struct ScreenSlotTests {
    let laidOut = given(Screen.self, VenueSample.registered, VenueSample.laidOut, VenueSample.reserved)

    @Test func aSlotEndingBeforeTheTurnaroundOfAnotherIsFine() throws {
        let later = ShowSchedule(start: showEnd.adding(.hours(1)), end: showEnd.adding(.hours(3)))
        #expect(try laidOut.when(.reserveSlot(show: .s2, schedule: later)) == [.slotReserved(SlotReserved(show: .s2, schedule: later))])
    }

    @Test func anOverlapIncludingTheOneHourTurnaroundIsRefused() {
        let tooSoon = ShowSchedule(start: showEnd.adding(.minutes(59)), end: showEnd.adding(.hours(3)))
        #expect(throws: Screen.Rejection.slotTaken(by: .s1, from: showStart, until: showEnd.adding(.hours(1)))) {
            try laidOut.when(.reserveSlot(show: .s2, schedule: tooSoon))
        }
    }

    @Test func aShowThatEndsLessThanAnHourBeforeAnotherStartsIsRefused() {
        let before = ShowSchedule(start: showStart.subtracting(.hours(3)), end: showStart.subtracting(.minutes(30)))
        #expect(throws: Screen.Rejection.slotTaken(by: .s1, from: showStart, until: showEnd.adding(.hours(1)))) {
            try laidOut.when(.reserveSlot(show: .s2, schedule: before))
        }
    }

    @Test func aCancelledShowFreesItsSlot() throws {
        let freed = given(Screen.self, laidOut.history + [.slotReleased(SlotReleased(show: .s1))])
        #expect(try freed.when(.reserveSlot(show: .s2, schedule: VenueSample.evening)).count == 1)
    }

    @Test func aShowMovesItsOwnSlotWithoutClashingWithItself() throws {
        let moved = ShowSchedule(start: showStart.adding(.minutes(30)), end: showEnd.adding(.minutes(30)))
        #expect(try laidOut.when(.reserveSlot(show: .s1, schedule: moved)) == [.slotReserved(SlotReserved(show: .s1, schedule: moved))])
    }

    @Test(arguments: [0, 1, 2, 3])
    func everyCommandIsIdempotent(index: Int) throws {
        let cases: [([Screen.Event], Screen.Command)] = [
            ([], .register(hall: .hall1, name: "Screen 1")),
            ([VenueSample.registered], .defineLayout(VenueSample.layout)),
            ([VenueSample.registered, VenueSample.laidOut], .reserveSlot(show: .s1, schedule: VenueSample.evening)),
            ([VenueSample.registered, VenueSample.laidOut, VenueSample.reserved], .releaseSlot(show: .s1)),
        ]
        #expect(try given(Screen.self, cases[index].0).decidesNothingTwice(cases[index].1))
    }

    @Test func storedEventsEncodeToTheirLiteralsAndBack() throws {
        try expectGolden(Screen.self, VenueSample.registered, type: "ScreenRegistered", json: #"{"hall":"hall-1","name":"Screen 1"}"#)
        try expectGolden(Screen.self, .layoutDefined(LayoutDefined(layout: SeatLayout(rows: [.uniform("A", seats: 3, type: "regular", gapsAfter: [1])], blocked: [.a3, .a2]))),
                         type: "LayoutDefined", json: #"{"blocked":["A2","A3"],"rows":[{"label":"A","places":[{"seat":1,"type":"regular"},{"gap":true},{"seat":2,"type":"regular"},{"seat":3,"type":"regular"}]}]}"#)
        try expectGolden(Screen.self, VenueSample.reserved, type: "SlotReserved", json: #"{"schedule":{"end":1800183600000,"start":1800172800000},"show":"show-1"}"#)
        try expectGolden(Screen.self, .slotReleased(SlotReleased(show: .s1)), type: "SlotReleased", json: #"{"show":"show-1"}"#)
    }
}

@Suite("Hall: registration")
struct HallTests {
    let registered = Hall.Event.registered(HallRegistered(name: "Globe", city: "Pune", address: "FC Road", by: .a1))

    @Test func anAdminRegistersAHallAndItsScreens() throws {
        #expect(try given(Hall.self).when(.register(name: "Globe", city: "Pune", address: "FC Road", by: .a1)) == [registered])
        #expect(try given(Hall.self, registered).when(.addScreen(.screen1, name: "Screen 1")) == [.screenAdded(HallScreenAdded(screen: .screen1, name: "Screen 1"))])
    }

    @Test func twoScreensOfOneHallCannotShareAName() {
        let spec = given(Hall.self, registered, .screenAdded(HallScreenAdded(screen: .screen1, name: "Screen 1")))
        #expect(throws: Hall.Rejection.screenNameTaken("Screen 1")) { try spec.when(.addScreen(ScreenID("screen-2"), name: "Screen 1")) }
    }

    @Test func storedEventsEncodeToTheirLiteralsAndBack() throws {
        try expectGolden(Hall.self, registered, type: "HallRegistered", json: #"{"address":"FC Road","by":"admin-1","city":"Pune","name":"Globe"}"#)
        try expectGolden(Hall.self, .screenAdded(HallScreenAdded(screen: .screen1, name: "Screen 1")), type: "HallScreenAdded", json: #"{"name":"Screen 1","screen":"screen-1"}"#)
        try expectGolden(Hall.self, .activeSet(HallActiveSet(active: false)), type: "HallActiveSet", json: #"{"active":false}"#)
    }

    @Test(arguments: [0, 1, 2])
    func everyCommandIsIdempotent(index: Int) throws {
        let cases: [([Hall.Event], Hall.Command)] = [
            ([], .register(name: "Globe", city: "Pune", address: "FC Road", by: .a1)),
            ([registered], .addScreen(.screen1, name: "Screen 1")),
            ([registered], .setActive(false)),
        ]
        #expect(try given(Hall.self, cases[index].0).decidesNothingTwice(cases[index].1))
    }
}

import Domain
import Testing

@Suite("Hall: edit, deactivate, remove")
struct HallLifecycleTests {
    let registered = Hall.Event.registered(HallRegistered(name: "Globe", city: "Pune", address: "FC Road", by: .a1))
    let edited = Hall.Event.edited(HallEdited(name: "Globe Cinema", city: "Pune", address: "2 FC Road", by: .a1))

    @Test func anAdminEditsAHallsNameAndPlace() throws {
        #expect(try given(Hall.self, registered).when(.edit(name: "Globe Cinema", city: "Pune", address: "2 FC Road", by: .a1)) == [edited])
        #expect(throws: Hall.Rejection.emptyName) { try given(Hall.self, registered).when(.edit(name: " ", city: "Pune", address: "", by: .a1)) }
    }

    @Test func anInactiveHallTakesNoNewScreens() {
        #expect(throws: Hall.Rejection.inactive) {
            try given(Hall.self, registered, .activeSet(HallActiveSet(active: false))).when(.addScreen(.screen1, name: "Screen 1"))
        }
    }

    @Test func aRemovedHallIsGoneForEveryOtherCommand() throws {
        let removed = given(Hall.self, registered, .removed(HallRemoved(by: .a1)))
        #expect(throws: Hall.Rejection.noSuchHall) { try removed.when(.setActive(true)) }
        #expect(throws: Hall.Rejection.noSuchHall) { try removed.when(.edit(name: "X", city: "Y", address: "", by: .a1)) }
        #expect(throws: Hall.Rejection.noSuchHall) { try removed.when(.addScreen(.screen1, name: "Screen 1")) }
        #expect(try removed.when(.remove(by: .a1)) == [])
    }

    @Test(arguments: [0, 1])
    func everyNewCommandIsIdempotent(index: Int) throws {
        let cases: [Hall.Command] = [.edit(name: "Globe Cinema", city: "Pune", address: "2 FC Road", by: .a1), .remove(by: .a1)]
        #expect(try given(Hall.self, registered).decidesNothingTwice(cases[index]))
    }

    @Test func storedEventsEncodeToTheirLiteralsAndBack() throws {
        try expectGolden(Hall.self, edited, type: "HallEdited", json: #"{"address":"2 FC Road","by":"admin-1","city":"Pune","name":"Globe Cinema"}"#)
        try expectGolden(Hall.self, .removed(HallRemoved(by: .a1)), type: "HallRemoved", json: #"{"by":"admin-1"}"#)
    }
}

@Suite("Screen: closing and retiring")
struct ScreenClosingTests {
    let laidOut = given(Screen.self, VenueSample.registered, VenueSample.laidOut)

    @Test func aScreenWithAShowsSlotRefusesToCloseOrGoNamingTheShow() {
        let busy = given(Screen.self, laidOut.history + [VenueSample.reserved])
        #expect(throws: Screen.Rejection.slotsHeld([.s1])) { try busy.when(.setOpen(false)) }
        #expect(throws: Screen.Rejection.slotsHeld([.s1])) { try busy.when(.retire) }
    }

    @Test func aClosedScreenRefusesNewSlotsUntilReopened() throws {
        let closed = given(Screen.self, laidOut.history + [.openSet(ScreenOpenSet(open: false))])
        #expect(throws: Screen.Rejection.closed) { try closed.when(.reserveSlot(show: .s1, schedule: VenueSample.evening)) }
        let reopened = given(Screen.self, closed.history + [.openSet(ScreenOpenSet(open: true))])
        #expect(try reopened.when(.reserveSlot(show: .s1, schedule: VenueSample.evening)) == [VenueSample.reserved])
    }

    @Test func aRetiredScreenIsGone() {
        let retired = given(Screen.self, laidOut.history + [.retired(ScreenRetired())])
        #expect(throws: Screen.Rejection.noSuchScreen) { try retired.when(.reserveSlot(show: .s1, schedule: VenueSample.evening)) }
        #expect(throws: Screen.Rejection.noSuchScreen) { try retired.when(.defineLayout(VenueSample.layout)) }
        #expect(throws: Screen.Rejection.noSuchScreen) { try retired.when(.setOpen(true)) }
    }

    @Test func aReleasedSlotLetsTheScreenClose() throws {
        let freed = given(Screen.self, laidOut.history + [VenueSample.reserved, .slotReleased(SlotReleased(show: .s1))])
        #expect(try freed.when(.setOpen(false)) == [.openSet(ScreenOpenSet(open: false))])
        #expect(try freed.when(.retire) == [.retired(ScreenRetired())])
    }

    @Test(arguments: [0, 1])
    func everyNewCommandIsIdempotent(index: Int) throws {
        let cases: [Screen.Command] = [.setOpen(false), .retire]
        #expect(try laidOut.decidesNothingTwice(cases[index]))
    }

    @Test func storedEventsEncodeToTheirLiteralsAndBack() throws {
        try expectGolden(Screen.self, .openSet(ScreenOpenSet(open: false)), type: "ScreenOpenSet", json: #"{"open":false}"#)
        try expectGolden(Screen.self, .retired(ScreenRetired()), type: "ScreenRetired", json: #"{}"#)
    }
}

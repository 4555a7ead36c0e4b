import Domain
import Testing

@Suite("Show: drafting")
struct ShowDraftingTests {
    @Test func aValidConfigurationIsDrafted() throws {
        #expect(try given(Show.self).when(.draft(Sample.seated)) == [.drafted(ShowDrafted(configuration: Sample.seated))])
    }

    @Test func anEndBeforeTheStartIsRejected() {
        var configuration = Sample.open
        configuration.schedule = ShowSchedule(start: showEnd, end: showStart)
        #expect(throws: Show.Rejection.invalidSchedule) { try given(Show.self).when(.draft(configuration)) }
    }

    @Test func aSeatTypeWithoutAPriceIsRejected() {
        var configuration = Sample.seated
        configuration.inventory = .seated(SeatedInventory(seats: [.a1: "regular", .b1: "box"], pricing: .bySeatType(["regular": .rupees(100)])))
        #expect(throws: Show.Rejection.invalidConfiguration("seat type box has no price")) {
            try given(Show.self).when(.draft(configuration))
        }
    }

    @Test func anOnlineShowWithoutItsLinkIsRejected() {
        var configuration = Sample.open
        configuration.kind = .online
        #expect(throws: Show.Rejection.invalidConfiguration("an online show needs its access link")) {
            try given(Show.self).when(.draft(configuration))
        }
    }

    @Test func draftingAnotherConfigurationOverAShowIsRejected() {
        #expect(throws: Show.Rejection.alreadyDrafted) {
            try given(Show.self, Sample.onSale(Sample.seated)).when(.draft(Sample.open))
        }
    }
}

@Suite("Show: approval")
struct ShowApprovalTests {
    let drafted = Show.Event.drafted(ShowDrafted(configuration: Sample.open))

    @Test func theOrganizerSubmitsADraft() throws {
        #expect(try given(Show.self, drafted).when(.submit(by: .o1)) == [.submitted(ShowSubmitted(organizer: .o1))])
    }

    @Test func anotherOrganizerCannotSubmit() {
        #expect(throws: Show.Rejection.notTheOrganizer) { try given(Show.self, drafted).when(.submit(by: .o2)) }
    }

    @Test func anAdminApprovesASubmittedShow() throws {
        let spec = given(Show.self, drafted, .submitted(ShowSubmitted(organizer: .o1)))
        #expect(try spec.when(.approve(by: .a1)) == [.approved(ShowApproved(admin: .a1))])
    }

    @Test func aDraftCannotBeApprovedBeforeItIsSubmitted() {
        #expect(throws: Show.Rejection.wrongStatus(.draft)) { try given(Show.self, drafted).when(.approve(by: .a1)) }
    }

    @Test func aRejectionKeepsItsReasonAndTheShowCanBeSubmittedAgain() throws {
        let spec = given(Show.self, drafted, .submitted(ShowSubmitted(organizer: .o1)),
                         .rejected(ShowRejected(admin: .a1, reason: "poster missing")))
        #expect(spec.state.status == .rejected)
        #expect(spec.state.rejectionReason == "poster missing")
        #expect(try spec.when(.submit(by: .o1)) == [.submitted(ShowSubmitted(organizer: .o1))])
    }
}

@Suite("Show: cancelling and ending")
struct ShowEndingTests {
    @Test func theOrganizerCancelsTheirShow() throws {
        let events = try given(Show.self, Sample.onSale(Sample.open)).when(.cancel(by: .organizer(.o1), reason: "rain", now: noon))
        #expect(events == [.cancelled(ShowCancelled(by: .organizer(.o1), reason: "rain", at: noon))])
    }

    @Test func anotherOrganizerCannotCancel() {
        #expect(throws: Show.Rejection.notTheOrganizer) {
            try given(Show.self, Sample.onSale(Sample.open)).when(.cancel(by: .organizer(.o2), reason: "x", now: noon))
        }
    }

    @Test func anAdminMayCancelAnyShow() throws {
        let events = try given(Show.self, Sample.onSale(Sample.open)).when(.cancel(by: .admin(.a1), reason: "fraud", now: noon))
        #expect(events.count == 1)
    }

    @Test func theEndTimerEndsTheShowOnlyAfterItsEnd() throws {
        let spec = given(Show.self, Sample.onSale(Sample.open))
        #expect(throws: Show.Rejection.showNotOver(endsAt: showEnd)) { try spec.when(.end(now: showStart)) }
        #expect(try spec.when(.end(now: showEnd)) == [.ended(ShowEnded(at: showEnd))])
    }

    @Test func aCancelledShowDoesNotEnd() throws {
        let spec = given(Show.self, Sample.onSale(Sample.open) + [.cancelled(ShowCancelled(by: .system, reason: "x", at: noon))])
        #expect(try spec.when(.end(now: showEnd)).isEmpty)
    }
}

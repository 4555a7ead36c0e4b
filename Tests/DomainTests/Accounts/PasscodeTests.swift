import Domain
import Testing

@Suite("Passcodes: sign-in codes")
struct PasscodeTests {
    let issued = OneTimePasscode.Event.issued(PasscodeIssued(codeHash: "h(123456)", purpose: .customerSignIn, issuedAt: noon, expiresAt: noon.adding(.minutes(5))))
    func failed(_ left: Int) -> OneTimePasscode.Event { .attemptFailed(PasscodeAttemptFailed(at: noon, attemptsLeft: left)) }

    @Test func theRightCodeWithinFiveMinutesVerifies() throws {
        #expect(try given(OneTimePasscode.self, issued).when(.verify(codeHash: "h(123456)", now: noon.adding(.minutes(4))))
            == [.verified(PasscodeVerified(purpose: .customerSignIn, at: noon.adding(.minutes(4))))])
    }

    @Test func aWrongCodeCountsAnAttempt() throws {
        #expect(try given(OneTimePasscode.self, issued).when(.verify(codeHash: "h(000000)", now: noon)) == [failed(4)])
    }

    @Test func otpHasAnAttemptLimitAfterFiveWrongCodesEvenTheRightOneIsRefused() {
        let spec = given(OneTimePasscode.self, [issued, failed(4), failed(3), failed(2), failed(1), failed(0)])
        #expect(throws: OneTimePasscode.Rejection.lockedOut(until: noon.adding(.hours(1)))) {
            try spec.when(.verify(codeHash: "h(123456)", now: noon))
        }
    }

    @Test func anExpiredCodeIsRefused() {
        #expect(throws: OneTimePasscode.Rejection.codeExpired(at: noon.adding(.minutes(5)))) {
            try given(OneTimePasscode.self, issued).when(.verify(codeHash: "h(123456)", now: noon.adding(.minutes(5))))
        }
    }

    @Test func aUsedCodeCannotBeReplayed() {
        let used = given(OneTimePasscode.self, issued, .verified(PasscodeVerified(purpose: .customerSignIn, at: noon)))
        #expect(throws: OneTimePasscode.Rejection.noCode) { try used.when(.verify(codeHash: "h(123456)", now: noon)) }
    }

    @Test func oneNewCodePerSixtySeconds() throws {
        let spec = given(OneTimePasscode.self, issued)
        #expect(throws: OneTimePasscode.Rejection.resendTooSoon(retryAt: noon.adding(.seconds(60)))) {
            try spec.when(.issue(codeHash: "h(654321)", purpose: .customerSignIn, now: noon.adding(.seconds(59))))
        }
        #expect(try spec.when(.issue(codeHash: "h(654321)", purpose: .customerSignIn, now: noon.adding(.seconds(60)))).count == 1)
    }

    @Test func aNewCodeResetsTheAttempts() throws {
        let spec = given(OneTimePasscode.self, [issued, failed(4), failed(3),
            .issued(PasscodeIssued(codeHash: "h(222222)", purpose: .customerSignIn, issuedAt: noon.adding(.minutes(2)), expiresAt: noon.adding(.minutes(7))))])
        #expect(spec.state.failedAttempts == 0)
        #expect(throws: Never.self) { try spec.when(.verify(codeHash: "h(222222)", now: noon.adding(.minutes(3)))) }
    }

    func issued(at time: Instant, _ hash: String = "h(111111)") -> OneTimePasscode.Event {
        .issued(PasscodeIssued(codeHash: hash, purpose: .customerSignIn, issuedAt: time, expiresAt: time.adding(.minutes(5))))
    }

    func failed(at time: Instant) -> OneTimePasscode.Event { .attemptFailed(PasscodeAttemptFailed(at: time, attemptsLeft: 4)) }

    @Test func aPasscodeLockoutSurvivesNewCodes() throws {
        // Three wrong guesses on one code, two on the next: the address is locked for an hour from the first.
        let spec = given(OneTimePasscode.self, [
            issued(at: noon), failed(at: noon), failed(at: noon.adding(.seconds(10))), failed(at: noon.adding(.seconds(20))),
            issued(at: noon.adding(.minutes(1)), "h(222222)"), failed(at: noon.adding(.minutes(2))), failed(at: noon.adding(.minutes(3))),
        ])
        let until = noon.adding(.hours(1))
        #expect(throws: OneTimePasscode.Rejection.lockedOut(until: until)) {
            try spec.when(.verify(codeHash: "h(222222)", now: noon.adding(.minutes(4))))
        }
        #expect(throws: OneTimePasscode.Rejection.lockedOut(until: until)) {
            try spec.when(.issue(codeHash: "h(333333)", purpose: .customerSignIn, now: noon.adding(.minutes(30))))
        }
        #expect(try spec.when(.issue(codeHash: "h(333333)", purpose: .customerSignIn, now: until)).count == 1)
    }

    @Test func fifteenWrongCodesInADayLockTheAddressForTheDay() throws {
        // Four wrong guesses an hour (under the hourly limit), each hour on a fresh code, for four hours.
        var history: [OneTimePasscode.Event] = []
        for hour in 0..<4 {
            let start = noon.adding(.hours(hour * 2))
            history.append(issued(at: start))
            for guess in 0..<4 where history.count < 19 { history.append(failed(at: start.adding(.minutes(guess)))) }
        }
        let spec = given(OneTimePasscode.self, history)
        #expect(spec.state.failures.count == 15)
        #expect(throws: OneTimePasscode.Rejection.lockedOut(until: noon.adding(.hours(24)))) {
            try spec.when(.issue(codeHash: "h(999999)", purpose: .customerSignIn, now: noon.adding(.hours(10))))
        }
    }

    @Test func anAddressIsSentAtMostFiveCodesAnHour() throws {
        let spec = given(OneTimePasscode.self, (0..<5).map { issued(at: noon.adding(.minutes($0))) })
        #expect(throws: OneTimePasscode.Rejection.tooManyCodes(retryAt: noon.adding(.hours(1)))) {
            try spec.when(.issue(codeHash: "h(999999)", purpose: .customerSignIn, now: noon.adding(.minutes(10))))
        }
        #expect(try spec.when(.issue(codeHash: "h(999999)", purpose: .customerSignIn, now: noon.adding(.hours(1)))).count == 1)
    }

    @Test func storedEventsEncodeToTheirLiteralsAndBack() throws {
        try expectGolden(OneTimePasscode.self, issued, type: "PasscodeIssued",
                         json: #"{"codeHash":"h(123456)","expiresAt":1800000300000,"issuedAt":1800000000000,"purpose":"customerSignIn"}"#)
        try expectGolden(OneTimePasscode.self, failed(3), type: "PasscodeAttemptFailed", json: #"{"at":1800000000000,"attemptsLeft":3}"#)
        try expectGolden(OneTimePasscode.self, .verified(PasscodeVerified(purpose: .organizerSignUp, at: noon)), type: "PasscodeVerified",
                         json: #"{"at":1800000000000,"purpose":"organizerSignUp"}"#)
    }

    @Test func issuingAndVerifyingAreIdempotent() throws {
        #expect(try given(OneTimePasscode.self).decidesNothingTwice(.issue(codeHash: "h(1)", purpose: .customerSignUp, now: noon)))
        // A verified code is consumed: verifying it again is refused as `noCode`, never a second sign-in.
        let verified = try given(OneTimePasscode.self, issued).when(.verify(codeHash: "h(123456)", now: noon))
        #expect(throws: OneTimePasscode.Rejection.noCode) {
            try OneTimePasscode.decide(.verify(codeHash: "h(123456)", now: noon), verified.reduce(OneTimePasscode.fold([issued]), OneTimePasscode.evolve))
        }
    }
}

@Suite("Admin invites")
struct AdminInviteTests {
    let invited = AdminInvite.Event.invited(AdminInvited(email: "new@tktplz.test", tokenHash: "h(token)", by: .a1, expiresAt: noon.adding(.hours(1))))
    var accept: AdminInvite.Command { .accept(tokenHash: "h(token)", admin: AdminID("admin-2"), passwordHash: "argon", sealedTOTPSecret: "sealed", now: noon.adding(.minutes(30))) }

    @Test func anInviteAcceptedInTimeCreatesTheAdmin() throws {
        #expect(try given(AdminInvite.self, invited).when(accept) == [.accepted(AdminInviteAccepted(
            admin: AdminID("admin-2"), email: "new@tktplz.test", passwordHash: "argon", sealedTOTPSecret: "sealed", at: noon.adding(.minutes(30))))])
    }

    @Test func inviteExpiryIsChecked() {
        let late = AdminInvite.Command.accept(tokenHash: "h(token)", admin: AdminID("admin-2"), passwordHash: "argon", sealedTOTPSecret: "sealed", now: noon.adding(.hours(1)))
        #expect(throws: AdminInvite.Rejection.inviteExpired(at: noon.adding(.hours(1)))) { try given(AdminInvite.self, invited).when(late) }
    }

    @Test func anInviteThatRanOutUnusedCanBeSentAgainButALiveOrUsedOneCannot() throws {
        let again = AdminInvite.Command.invite(email: "new@tktplz.test", tokenHash: "h(second)", by: AdminID("admin-1"), now: noon.adding(.hours(2)))
        #expect(try given(AdminInvite.self, invited).when(again).count == 1)
        let tooSoon = AdminInvite.Command.invite(email: "new@tktplz.test", tokenHash: "h(second)", by: AdminID("admin-1"), now: noon.adding(.minutes(10)))
        #expect(throws: AdminInvite.Rejection.alreadyInvited) { try given(AdminInvite.self, invited).when(tooSoon) }
        let used = given(AdminInvite.self, [invited] + (try given(AdminInvite.self, invited).when(accept)))
        #expect(throws: AdminInvite.Rejection.alreadyInvited) { try used.when(again) }
    }

    @Test func anInviteIsSingleUse() throws {
        let used = given(AdminInvite.self, [invited] + (try given(AdminInvite.self, invited).when(accept)))
        let other = AdminInvite.Command.accept(tokenHash: "h(token)", admin: AdminID("admin-3"), passwordHash: "x", sealedTOTPSecret: "y", now: noon)
        #expect(throws: AdminInvite.Rejection.inviteUsed) { try used.when(other) }
    }

    @Test func aWrongTokenIsRefused() {
        let wrong = AdminInvite.Command.accept(tokenHash: "h(guess)", admin: AdminID("admin-2"), passwordHash: "x", sealedTOTPSecret: "y", now: noon)
        #expect(throws: AdminInvite.Rejection.wrongToken) { try given(AdminInvite.self, invited).when(wrong) }
    }

    @Test func invitingAndAcceptingAreIdempotent() throws {
        #expect(try given(AdminInvite.self).decidesNothingTwice(.invite(email: "new@tktplz.test", tokenHash: "h(token)", by: .a1, now: noon)))
        #expect(try given(AdminInvite.self, invited).decidesNothingTwice(accept))
    }

    @Test func storedEventsEncodeToTheirLiteralsAndBack() throws {
        try expectGolden(AdminInvite.self, invited, type: "AdminInvited",
                         json: #"{"by":"admin-1","email":"new@tktplz.test","expiresAt":1800003600000,"tokenHash":"h(token)"}"#)
        try expectGolden(AdminInvite.self, .accepted(AdminInviteAccepted(admin: AdminID("admin-2"), email: "new@tktplz.test", passwordHash: "argon", sealedTOTPSecret: "sealed", at: noon)),
                         type: "AdminInviteAccepted",
                         json: #"{"admin":"admin-2","at":1800000000000,"email":"new@tktplz.test","passwordHash":"argon","sealedTOTPSecret":"sealed"}"#)
    }
}

@Suite("Passcodes: sign-up profiles")
struct PasscodeProfileTests {
    @Test func aSignUpsProfileTravelsFromIssueToVerification() throws {
        let profile = PendingProfile(name: "Asha", phone: "9000000000")
        let issued = try given(OneTimePasscode.self).when(.issue(codeHash: "h", purpose: .organizerSignUp, profile: profile, now: noon))
        let verified = try given(OneTimePasscode.self, issued).when(.verify(codeHash: "h", now: noon))
        #expect(verified == [.verified(PasscodeVerified(purpose: .organizerSignUp, at: noon, profile: profile))])
        try expectGolden(OneTimePasscode.self, issued[0], type: "PasscodeIssued",
                         json: #"{"codeHash":"h","expiresAt":1800000300000,"issuedAt":1800000000000,"profile":{"name":"Asha","phone":"9000000000"},"purpose":"organizerSignUp"}"#)
    }
}

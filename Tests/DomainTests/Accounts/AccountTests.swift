import Domain
import Testing

@Suite("Organizers: payout details")
struct OrganizerTests {
    let registered = Organizer.Event.registered(OrganizerRegistered(organizer: .o1, email: "org@tktplz.test", name: "Org", phone: "9000000000", at: noon))

    @Test func theOrganizerSetsTheirUPIID() throws {
        #expect(try given(Organizer.self, registered).when(.setPayoutDetails(.upi(id: "org@bank"), by: .o1, now: noon))
            == [.payoutDetailsSet(PayoutDetailsSet(details: .upi(id: "org@bank"), at: noon))])
    }

    @Test func payoutTheftAnotherOrganizerCannotOverwriteTheUPIID() {
        #expect(throws: Organizer.Rejection.notTheOrganizer) {
            try given(Organizer.self, registered).when(.setPayoutDetails(.upi(id: "thief@bank"), by: .o2, now: noon))
        }
    }

    @Test func malformedDetailsAreRejected() {
        #expect(throws: Organizer.Rejection.invalidPayoutDetails("an IFSC code has 11 characters")) {
            try given(Organizer.self, registered).when(.setPayoutDetails(.bankAccount(holder: "Org", number: "123456789", ifsc: "X"), by: .o1, now: noon))
        }
    }

    @Test func storedEventsEncodeToTheirLiteralsAndBack() throws {
        try expectGolden(Organizer.self, registered, type: "OrganizerRegistered",
                         json: #"{"at":1800000000000,"email":"org@tktplz.test","name":"Org","organizer":"organizer-1","phone":"9000000000"}"#)
        try expectGolden(Organizer.self, .payoutDetailsSet(PayoutDetailsSet(details: .bankAccount(holder: "Org", number: "123456789", ifsc: "HDFC0001234"), at: noon)),
                         type: "PayoutDetailsSet", json: #"{"at":1800000000000,"details":{"bankAccount":{"holder":"Org","ifsc":"HDFC0001234","number":"123456789"}}}"#)
    }

    @Test func everyCommandIsIdempotent() throws {
        #expect(try given(Organizer.self).decidesNothingTwice(.register(.o1, email: "org@tktplz.test", name: "Org", phone: "9", now: noon)))
        #expect(try given(Organizer.self, registered).decidesNothingTwice(.setPayoutDetails(.upi(id: "org@bank"), by: .o1, now: noon)))
    }
}

@Suite("Customers: likes")
struct CustomerTests {
    let registered = Customer.Event.registered(CustomerRegistered(customer: .c1, email: "c1@tktplz.test", name: "Asha", at: noon))

    @Test func aLikeCountsOnce() throws {
        let liked = given(Customer.self, registered, .liked(ShowLiked(show: .s1)))
        #expect(try liked.when(.like(.s1)).isEmpty)
    }

    @Test func unlikeNeverLikedChangesNothing() throws {
        #expect(try given(Customer.self, registered).when(.unlike(.s1)).isEmpty)
    }

    @Test func unlikingALikedShowRemovesTheLike() throws {
        let liked = given(Customer.self, registered, .liked(ShowLiked(show: .s1)))
        #expect(try liked.when(.unlike(.s1)) == [.unliked(ShowUnliked(show: .s1))])
    }

    @Test func anInvalidEmailIsRejected() {
        #expect(throws: Customer.Rejection.invalidEmail) { try given(Customer.self).when(.register(.c1, email: "not-an-email", name: "A", now: noon)) }
    }

    @Test func storedEventsEncodeToTheirLiteralsAndBack() throws {
        try expectGolden(Customer.self, registered, type: "CustomerRegistered", json: #"{"at":1800000000000,"customer":"customer-1","email":"c1@tktplz.test","name":"Asha"}"#)
        try expectGolden(Customer.self, .profileUpdated(CustomerProfileUpdated(customer: nil, name: "Asha K", phone: "9")), type: "CustomerProfileUpdated", json: #"{"name":"Asha K","phone":"9"}"#)
        try expectGolden(Customer.self, .liked(ShowLiked(show: .s1)), type: "ShowLiked", json: #"{"show":"show-1"}"#)
        try expectGolden(Customer.self, .unliked(ShowUnliked(show: .s1)), type: "ShowUnliked", json: #"{"show":"show-1"}"#)
    }

    @Test func everyCommandIsIdempotent() throws {
        #expect(try given(Customer.self).decidesNothingTwice(.register(.c1, email: "c1@tktplz.test", name: "Asha", now: noon)))
        #expect(try given(Customer.self, registered).decidesNothingTwice(.updateProfile(name: "Asha K", phone: "9")))
        #expect(try given(Customer.self, registered).decidesNothingTwice(.like(.s1)))
        #expect(try given(Customer.self, registered, .liked(ShowLiked(show: .s1))).decidesNothingTwice(.unlike(.s1)))
    }
}

@Suite("Customers: Google sign-in")
struct GoogleSignInTests {
    let registered = Customer.Event.registered(CustomerRegistered(customer: .c1, email: "c1@tktplz.test", name: "Asha", at: noon))
    let verified = GoogleAccount(subject: "g-1", email: "c1@tktplz.test", emailVerified: true, name: "Asha G")
    var unverified: GoogleAccount { GoogleAccount(subject: "g-1", email: "c1@tktplz.test", emailVerified: false, name: "Asha G") }

    @Test func aVerifiedAddressWithNoAccountRegistersItAndLinksGoogle() throws {
        #expect(try given(Customer.self).when(.signInWithGoogle(.c1, verified, now: noon)) == [
            .registered(CustomerRegistered(customer: .c1, email: "c1@tktplz.test", name: "Asha G", at: noon)),
            .googleLinked(GoogleAccountLinked(customer: .c1, subject: "g-1", email: "c1@tktplz.test", at: noon)),
        ])
    }

    @Test func anExistingAccountIsJoinedWhenGoogleVerifiedItsAddress() throws {
        #expect(try given(Customer.self, registered).when(.signInWithGoogle(.c1, verified, now: noon))
            == [.googleLinked(GoogleAccountLinked(customer: .c1, subject: "g-1", email: "c1@tktplz.test", at: noon))])
    }

    @Test func anUnverifiedAddressJoinsNoAccountAndMakesNone() {
        #expect(throws: Customer.Rejection.emailNotVerified) { try given(Customer.self, registered).when(.signInWithGoogle(.c1, unverified, now: noon)) }
        #expect(throws: Customer.Rejection.emailNotVerified) { try given(Customer.self).when(.signInWithGoogle(.c1, unverified, now: noon)) }
    }

    @Test func aLinkedAccountSignsInAgainWithNothingNewAndRefusesAnotherGoogleAccount() throws {
        let linked = given(Customer.self, registered, .googleLinked(GoogleAccountLinked(customer: .c1, subject: "g-1", email: "c1@tktplz.test", at: noon)))
        #expect(try linked.when(.signInWithGoogle(.c1, verified, now: noon)).isEmpty)
        #expect(throws: Customer.Rejection.linkedToAnotherGoogleAccount) {
            try linked.when(.signInWithGoogle(.c1, GoogleAccount(subject: "g-2", email: "c1@tktplz.test", emailVerified: true, name: "X"), now: noon))
        }
        #expect(try given(Customer.self).decidesNothingTwice(.signInWithGoogle(.c1, verified, now: noon)))
    }

    @Test func theLinkIsStoredUnderItsLiteral() throws {
        try expectGolden(Customer.self, .googleLinked(GoogleAccountLinked(customer: nil, subject: "g-1", email: "c1@tktplz.test", at: noon)), type: "GoogleAccountLinked",
                         json: #"{"at":1800000000000,"email":"c1@tktplz.test","subject":"g-1"}"#)
    }
}

@Suite("Support issues")
struct SupportIssueTests {
    let raised = SupportIssue.Event.raised(IssueRaised(by: .customer(.c1), subject: "Refund", description: "Where is it?", image: nil, at: noon))

    @Test func anAdminResolvesARaisedIssueOnce() throws {
        let spec = given(SupportIssue.self, raised)
        #expect(try spec.when(.resolve(by: .a1, note: "Sent", now: noon)) == [.resolved(IssueResolved(by: .a1, note: "Sent", at: noon))])
        #expect(try spec.decidesNothingTwice(.resolve(by: .a1, note: "Sent", now: noon)))
    }

    @Test func anIssueNeedsASubject() {
        #expect(throws: SupportIssue.Rejection.emptySubject) {
            try given(SupportIssue.self).when(.raise(by: .customer(.c1), subject: " ", description: "", image: nil, now: noon))
        }
    }

    @Test func storedEventsEncodeToTheirLiteralsAndBack() throws {
        try expectGolden(SupportIssue.self, raised, type: "IssueRaised",
                         json: #"{"at":1800000000000,"by":{"customer":"customer-1"},"description":"Where is it?","subject":"Refund"}"#)
        try expectGolden(SupportIssue.self, .resolved(IssueResolved(by: .a1, note: "Sent", at: noon)), type: "IssueResolved",
                         json: #"{"at":1800000000000,"by":"admin-1","note":"Sent"}"#)
    }
}

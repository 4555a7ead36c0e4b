@testable import Domain
import Testing

/// Erasing a customer: recorded once with who asked, it closes the account; the address may sign up again.
@Suite("Customers: erasure")
struct CustomerErasureTests {
    let registered = Customer.Event.registered(CustomerRegistered(customer: .c1, email: "c1@tktplz.test", name: "Asha", at: noon))
    let updated = Customer.Event.profileUpdated(CustomerProfileUpdated(customer: .c1, name: "Asha K", phone: "9"))
    var erased: Customer.Event { .erased(CustomerErased(customer: .c1, by: .customer(.c1), at: noon)) }

    @Test func anErasureIsRecordedWithWhoAskedAndOnlyOnce() throws {
        #expect(try given(Customer.self, registered, updated).when(.erase(by: .customer(.c1), now: noon)) == [erased])
        #expect(try given(Customer.self, registered).when(.erase(by: .admin(AdminID("admin-1")), now: noon))
            == [.erased(CustomerErased(customer: .c1, by: .admin(AdminID("admin-1")), at: noon))])
        #expect(try given(Customer.self, registered, erased).when(.erase(by: .customer(.c1), now: noon)).isEmpty)
        #expect(try given(Customer.self, registered).decidesNothingTwice(.erase(by: .customer(.c1), now: noon)))
    }

    @Test func nobodyIsErasedWhoNeverSignedUp() {
        #expect(throws: Customer.Rejection.noSuchCustomer) { try given(Customer.self).when(.erase(by: .customer(.c1), now: noon)) }
    }

    @Test func anErasedAccountKeepsOnlyThatItWasAndIsClosed() throws {
        let spec = given(Customer.self, registered, updated, .liked(ShowLiked(show: .s1)),
                         .googleLinked(GoogleAccountLinked(customer: .c1, subject: "g-1", email: "c1@tktplz.test", at: noon)), erased)
        var expected = Customer.State()
        expected.id = .c1
        expected.erased = true
        #expect(spec.state == expected)
        #expect(throws: Customer.Rejection.noSuchCustomer) { try spec.when(.updateProfile(name: "Asha", phone: "")) }
        #expect(throws: Customer.Rejection.noSuchCustomer) { try spec.when(.like(.s1)) }
        #expect(throws: Customer.Rejection.noSuchCustomer) { try spec.when(.unlike(.s1)) }
    }

    @Test func theAddressMaySignUpAgainAsANewAccountOnTheSameStream() throws {
        let spec = given(Customer.self, registered, erased)
        let again = Customer.Event.registered(CustomerRegistered(customer: .c1, email: "c1@tktplz.test", name: "Asha again", at: noon))
        #expect(try spec.when(.register(.c1, email: "c1@tktplz.test", name: "Asha again", now: noon)) == [again])
        let reborn = given(Customer.self, registered, erased, again)
        #expect(reborn.state.erased == false && reborn.state.name == "Asha again")
        #expect(try reborn.when(.erase(by: .customer(.c1), now: noon)) == [erased])
        // Google, too: a verified address signs up again and links.
        let google = GoogleAccount(subject: "g-2", email: "c1@tktplz.test", emailVerified: true, name: "Asha G")
        #expect(try spec.when(.signInWithGoogle(.c1, google, now: noon)) == [
            .registered(CustomerRegistered(customer: .c1, email: "c1@tktplz.test", name: "Asha G", at: noon)),
            .googleLinked(GoogleAccountLinked(customer: .c1, subject: "g-2", email: "c1@tktplz.test", at: noon)),
        ])
    }
}

/// An account's every session ends with its erasure, and again with a later one.
@Suite("Sessions: every session of an account")
struct EveryAccountSessionTests {
    let later = Instant(millisecondsSince1970: noon.rawValue + 60_000)

    @Test func everySessionEndsUntilNowAndAgainLater() throws {
        #expect(try given(Session.self).when(.endEvery(account: "customer-1", now: noon)) == [.ended(SessionEnded(account: "customer-1", at: noon))])
        let ended = given(Session.self, .ended(SessionEnded(account: "customer-1", at: noon)))
        #expect(try ended.when(.endEvery(account: "customer-1", now: noon)).isEmpty)
        #expect(try ended.when(.endEvery(account: "customer-1", now: later)) == [.ended(SessionEnded(account: "customer-1", at: later))])
        // A single session's end stays the first one.
        #expect(try ended.when(.end(account: "customer-1", now: later)).isEmpty)
    }
}

import Domain
import Testing

/// A show's chat: who may post what, how fast, and how its organizer moderates it.
@Suite("Domain: a show's chat")
struct ShowChatTests {
    static let asha = Actor.customer(.c1)
    static func posted(_ number: Int, by author: Actor = asha, at: Instant = noon) -> ShowChat.Event {
        .posted(ChatMessagePosted(number: number, by: author, name: "Asha", text: "message \(number)", at: at))
    }

    @Test func aPostIsNumberedTrimmedAndCarriesTheNameShown() throws {
        let events = try given(ShowChat.self, Self.posted(1), Self.posted(2, by: .organizer(.o1)))
            .when(.post(by: Self.asha, name: "  Asha  ", text: "  See you there!\n  ", now: noon))
        #expect(events == [.posted(ChatMessagePosted(number: 3, by: Self.asha, name: "Asha", text: "See you there!", at: noon))])
    }

    @Test func emptyOverLongAndTrickMessagesAreRefused() {
        let chat = given(ShowChat.self)
        #expect(throws: ShowChat.Rejection.emptyMessage) { try chat.when(.post(by: Self.asha, name: "Asha", text: " \n ", now: noon)) }
        let long = String(repeating: "é", count: ShowChat.maxLength + 1)
        #expect(throws: ShowChat.Rejection.messageTooLong(characters: 501)) { try chat.when(.post(by: Self.asha, name: "Asha", text: long, now: noon)) }
        #expect(throws: ShowChat.Rejection.controlCharacter) { try chat.when(.post(by: Self.asha, name: "Asha", text: "bell\u{07}", now: noon)) }
        #expect(throws: ShowChat.Rejection.controlCharacter) { try chat.when(.post(by: Self.asha, name: "Asha", text: "abc\u{202E}fed", now: noon)) }
        #expect(throws: ShowChat.Rejection.emptyName) { try chat.when(.post(by: Self.asha, name: " ", text: "hi", now: noon)) }
        #expect(throws: ShowChat.Rejection.notAnAuthor) { try chat.when(.post(by: .admin(.a1), name: "Admin", text: "hi", now: noon)) }
        // Exactly the limit, emoji with joiners and line breaks inside are fine.
        #expect(throws: Never.self) { try chat.when(.post(by: Self.asha, name: "Asha", text: String(repeating: "👨‍👩‍👧", count: 500), now: noon)) }
        #expect(throws: Never.self) { try chat.when(.post(by: Self.asha, name: "Asha", text: "one\ntwo", now: noon)) }
    }

    @Test func anAuthorPostingFasterThanTheBurstAllowsIsToldWhenToComeBack() throws {
        let second = Duration.seconds(1)
        let five = (1...5).map { Self.posted($0, at: noon.adding(second * $0)) }
        let sixth = ShowChat.Command.post(by: Self.asha, name: "Asha", text: "again", now: noon.adding(.seconds(6)))
        #expect(throws: ShowChat.Rejection.tooFast(retryAfter: noon.adding(.seconds(11)))) { try given(ShowChat.self, five).when(sixth) }
        // Another author is not held back, and the same one may post once the window has moved on.
        #expect(try given(ShowChat.self, five).when(.post(by: .customer(.c2), name: "Ravi", text: "hi", now: noon.adding(.seconds(6)))).count == 1)
        #expect(try given(ShowChat.self, five).when(.post(by: Self.asha, name: "Asha", text: "ok", now: noon.adding(.seconds(11)))).count == 1)
    }

    @Test func aHiddenMessageStaysHiddenAndOnlyRealMessagesCanBeHidden() throws {
        let chat = given(ShowChat.self, Self.posted(1), Self.posted(2))
        #expect(try chat.when(.hide(message: 2, by: .o1, now: noon)) == [.hidden(ChatMessageHidden(number: 2, by: .o1, at: noon))])
        #expect(try chat.decidesNothingTwice(.hide(message: 2, by: .o1, now: noon)))
        #expect(throws: ShowChat.Rejection.noSuchMessage(3)) { try chat.when(.hide(message: 3, by: .o1, now: noon)) }
        #expect(throws: ShowChat.Rejection.noSuchMessage(0)) { try chat.when(.hide(message: 0, by: .o1, now: noon)) }
    }

    @Test func aMutedCustomerCannotPostUntilUnmutedAndTheOrganizerIsNeverMuted() throws {
        let muted = given(ShowChat.self, .muted(ChatAuthorMuted(customer: .c1, by: .o1, at: noon)))
        #expect(throws: ShowChat.Rejection.muted) { try muted.when(.post(by: Self.asha, name: "Asha", text: "hello?", now: noon)) }
        #expect(try muted.decidesNothingTwice(.mute(.c1, by: .o1, now: noon)))
        #expect(try muted.when(.post(by: .organizer(.o1), name: "Organizer", text: "Doors at 7", now: noon)).count == 1)
        let unmuted = given(ShowChat.self, .muted(ChatAuthorMuted(customer: .c1, by: .o1, at: noon)),
                            .unmuted(ChatAuthorUnmuted(customer: .c1, by: .o1, at: noon)))
        #expect(try unmuted.when(.post(by: Self.asha, name: "Asha", text: "thanks", now: noon)).count == 1)
        #expect(try given(ShowChat.self).when(.unmute(.c1, by: .o1, now: noon)).isEmpty)
    }
}

import API
import App
import Domain
import DomainEvents
import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Projections
import Testing

/// A show's chat end to end: two ticket holders and the organizer in the room over `/ws`, a message live to all,
/// a hidden one gone for everyone live and from the pages, a customer without a ticket refused, flooding limited,
/// a muted customer silenced, e-mail addresses never shown; and the chat as a cache of the log (a rebuild gives
/// the same pages).
@Suite("API: a show's chat")
struct ChatTests {
    struct Page: Decodable {
        struct Message: Decodable { var number: Int; var name: String; var role: String; var text: String; var mine: Bool; var customerId: String? }
        var messages: [Message]
        var more: Bool
        var muted: [String]?
        var position: UInt64
    }
    struct Posted: Decodable { var number: Int; var position: UInt64 }
    struct Moderated: Decodable { var position: UInt64? }

    private static func token(_ headers: HTTPFields) throws -> String {
        String(try #require(headers[.authorization]).dropFirst("Bearer ".count))
    }

    /// Two customers with accounts (their names are what the chat shows) and tickets to the demo show.
    private static func ticketHolders(_ client: any TestClientProtocol, _ log: LMDBEventLog, _ store: ProjectionStore) async throws -> (HTTPFields, HTTPFields) {
        for (id, name) in [("asha", "Asha"), ("ravi", "Ravi")] {
            _ = try await CommandHandler<Customer>(log: log).handle(
                .register(CustomerID(id), email: "\(id)@example.com", name: name, now: .now()), on: try Customer.stream(CustomerID(id)))
        }
        let (asha, ravi) = (try await customer("asha"), try await customer("ravi"))
        let driver = CheckoutDriver(client: client)
        _ = try await driver.buy(asha, seats: ["D1"])
        _ = try await driver.buy(ravi, seats: ["D2"])
        try await waitForProjections(toReach: try await log.head(), in: store)
        return (asha, ravi)
    }

    private func post(_ text: String, as headers: HTTPFields, _ client: any TestClientProtocol) async throws -> TestResponse {
        let body = String(decoding: try JSONEncoder().encode(["text": text]), as: UTF8.self)
        return try await client.execute(uri: "/api/event/demo-seated/chat", method: .post, headers: headers, body: .init(string: body)) { $0 }
    }

    private func page(as headers: HTTPFields, after position: UInt64, _ client: any TestClientProtocol, query: String = "") async throws -> Page {
        try await client.execute(uri: "/api/event/demo-seated/chat?after=\(position)\(query)", method: .get, headers: headers) { response in
            #expect(response.status == .ok)
            return try decode(Page.self, response)
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func ticketHoldersAndTheOrganizerChatLiveAndAHiddenMessageGoesForEveryone() async throws {
        try await withDemoServerStores(.live) { client, log, store in
            let (asha, ravi) = try await Self.ticketHolders(client, log, store)
            let owner = try await organizer()
            let port = try #require(client.port)
            try await withRoomSocket(port: port) { ashaSocket in
                try await withRoomSocket(port: port) { raviSocket in
                    try await withRoomSocket(port: port) { ownerSocket in
                        for (socket, headers) in [(ashaSocket, asha), (raviSocket, ravi), (ownerSocket, owner)] {
                            try await socket.send(#"{"type":"join-chat","eventId":"demo-seated","token":"\#(try Self.token(headers))"}"#)
                            #expect(try await socket.next().type == "chat-joined")
                        }
                        let posted = try await post("  Hello from Asha  ", as: asha, client)
                        #expect(posted.status == .created)
                        let number = try decode(Posted.self, posted).number
                        for socket in [ashaSocket, raviSocket, ownerSocket] {
                            let frame = try await socket.next()
                            #expect(frame.type == "chat-message" && frame.number == number && frame.text == "Hello from Asha")
                            #expect(frame.name == "Asha" && frame.role == "customer" && frame.customerId == nil)
                        }
                        let reply = try await post("Doors open at 7", as: owner, client)
                        #expect(reply.status == .created)
                        for socket in [ashaSocket, raviSocket, ownerSocket] {
                            let frame = try await socket.next()
                            #expect(frame.role == "organizer" && frame.name == "Organizer")
                        }

                        // The organizer hides Asha's message: it disappears live for everyone, and from every page.
                        let hidden = try await client.execute(uri: "/api/organizer/events/demo-seated/chat/\(number)/hide", method: .post,
                                                              headers: owner) { response in
                            #expect(response.status == .ok)
                            return try #require(try decode(Moderated.self, response).position)
                        }
                        for socket in [ashaSocket, raviSocket, ownerSocket] {
                            let frame = try await socket.next()
                            #expect(frame.type == "chat-hidden" && frame.number == number)
                        }
                        let seenByRavi = try await page(as: ravi, after: hidden, client)
                        #expect(seenByRavi.messages.map(\.text) == ["Doors open at 7"])
                        #expect(seenByRavi.messages.allSatisfy { $0.customerId == nil } && seenByRavi.muted == nil)
                        let seenByOwner = try await page(as: owner, after: hidden, client)
                        #expect(seenByOwner.messages.map(\.text) == ["Doors open at 7"] && seenByOwner.muted == [])
                    }
                }
            }
        }
    }

    /// The room remembers recent messages for members who reconnect, as they were: an erasure makes it forget them,
    /// so a member catching up from before it reloads the chat (where the erased messages read as erased) instead.
    @Test(.timeLimit(.minutes(2)))
    func aMemberCatchingUpAcrossAnErasureReloadsInsteadOfReplayingWhatMemoryHeld() async throws {
        // Keys of its own: the erasure destroys Asha's, which the other tests' Ashas must keep.
        try await withDemoServerStores(.live, keysBesideLog: true) { client, log, store in
            let (asha, ravi) = try await Self.ticketHolders(client, log, store)
            let port = try #require(client.port)
            let before = try await log.head().rawValue
            // Ravi stays in the room throughout, so the room (and what it remembers) stays loaded.
            try await withRoomSocket(port: port) { raviSocket in
                try await raviSocket.send(#"{"type":"join-chat","eventId":"demo-seated","token":"\#(try Self.token(ravi))"}"#)
                #expect(try await raviSocket.next().type == "chat-joined")
                #expect(try await post("Asha was here", as: asha, client).status == .created)
                #expect(try await raviSocket.next().text == "Asha was here")
                // Memory replays it to a member catching up from before it...
                try await withRoomSocket(port: port) { socket in
                    try await socket.send(#"{"type":"join-chat","eventId":"demo-seated","after":\#(before),"token":"\#(try Self.token(ravi))"}"#)
                    #expect(try await socket.next().text == "Asha was here")
                }
                let erased = try await client.execute(uri: "/api/user/account", method: .delete, headers: asha, body: .init(string: #"{"confirm":true}"#)) { $0 }
                #expect(erased.status == .ok)
                // ...until Asha is erased: then it sends the member to the chat's page, which reads it erased.
                let erasure = try await log.head()
                let sentToPage = try await eventually {
                    try await withRoomSocketValue(port: port) { socket in
                        try await socket.send(#"{"type":"join-chat","eventId":"demo-seated","after":\#(before),"token":"\#(try Self.token(ravi))"}"#)
                        return try await socket.next().type == "chat-resync"
                    }
                }
                #expect(sentToPage, "a member catching up from before the erasure is sent to the page")
                try await waitForProjections(toReach: erasure, in: store)
                #expect(try await page(as: ravi, after: erasure.rawValue, client).messages.map(\.text) == [PersonalData.erased])
            }
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func outsidersAreRefusedFloodingIsLimitedMutingSilencesAndAddressesAreNeverShown() async throws {
        try await withDemoServerStores(.live) { client, log, store in
            let (asha, ravi) = try await Self.ticketHolders(client, log, store)
            let owner = try await organizer()
            // No ticket, another organizer, an admin's kind of account: not in the chat, by REST or live.
            let outsider = try await customer("nobody")
            for headers in [outsider, try await organizer("someone-else")] {
                let refused = try await post("hi", as: headers, client)
                #expect(refused.status == .forbidden)
                #expect(try decode(ErrorBody.self, refused).error.code == "not_in_chat")
                try await client.execute(uri: "/api/event/demo-seated/chat", method: .get, headers: headers) { #expect($0.status == .forbidden) }
            }
            try await client.execute(uri: "/api/event/demo-seated/chat", method: .get) { #expect($0.status == .unauthorized) }
            try await withRoomSocket(port: try #require(client.port)) { socket in
                try await socket.send(#"{"type":"join-chat","eventId":"demo-seated","token":"\#(try Self.token(outsider))"}"#)
                let refused = try await socket.next()
                #expect(refused.type == "error" && refused.code == "not_in_chat")
                try await socket.send(#"{"type":"join-chat","eventId":"demo-seated"}"#)
                #expect(try await socket.next().code == "no_session")
            }

            // Five messages within the window pass; the sixth is refused with when to come back.
            for index in 1...5 { #expect(try await post("message \(index)", as: asha, client).status == .created) }
            let flooded = try await post("one more", as: asha, client)
            #expect(flooded.status == .tooManyRequests)
            #expect(try decode(ErrorBody.self, flooded).error.code == "too_fast")
            #expect(flooded.headers[.retryAfter] != nil)
            // Another ticket holder is not held back by Asha's flood.
            let address = try await post("write to ravi@example.com or RAVI@Example.Org.", as: ravi, client)
            #expect(address.status == .created)

            // Muted, Ravi cannot post; unmuted, he can.
            try await client.execute(uri: "/api/organizer/events/demo-seated/chat/mute", method: .post, headers: owner,
                                     body: .init(string: #"{"customerId":"ravi"}"#)) { #expect($0.status == .ok) }
            let muted = try await post("hello?", as: ravi, client)
            let mutedCode = try decode(ErrorBody.self, muted).error.code
            #expect(muted.status == .forbidden && mutedCode == "muted")
            try await client.execute(uri: "/api/organizer/events/demo-seated/chat/mute/ravi", method: .delete, headers: owner) { #expect($0.status == .ok) }
            let back = try await post("back", as: ravi, client)
            #expect(back.status == .created)

            let latest = try await page(as: owner, after: try decode(Posted.self, back).position, client, query: "&limit=3")
            #expect(latest.messages.map(\.text) == ["back", "write to [e-mail address hidden] or [e-mail address hidden]", "message 5"])
            #expect(latest.messages.first?.customerId == "ravi" && latest.more)
            let older = try await page(as: asha, after: latest.position, client, query: "&limit=10&before=\(try #require(latest.messages.last).number)")
            #expect(older.messages.map(\.text) == ["message 4", "message 3", "message 2", "message 1"] && !older.more)
            #expect(older.messages.allSatisfy { $0.mine })
            // No e-mail address anywhere in what the chat answers.
            let everything = try await client.execute(uri: "/api/event/demo-seated/chat?limit=100", method: .get, headers: owner) { String(buffer: $0.body) }
            #expect(!everything.contains("@"))
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func theChatIsACacheOfTheLogARebuildGivesTheSamePages() async throws {
        try await withDemoServerStores(.live) { client, log, store in
            let (asha, ravi) = try await Self.ticketHolders(client, log, store)
            let owner = try await organizer()
            for (text, headers) in [("first", asha), ("second", ravi), ("third", owner)] {
                #expect(try await post(text, as: headers, client).status == .created)
            }
            try await client.execute(uri: "/api/organizer/events/demo-seated/chat/2/hide", method: .post, headers: owner) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/organizer/events/demo-seated/chat/mute", method: .post, headers: owner,
                                     body: .init(string: #"{"customerId":"asha"}"#)) { #expect($0.status == .ok) }
            try await waitForProjections(toReach: try await log.head(), in: store)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-chat-rebuild-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let rebuilt = try ProjectionStore(path: directory.path, durable: false)
            try await ProjectionCatalog.rebuild([try #require(ProjectionCatalog.named(ShowChatProjection.name))], log: log, store: rebuilt)
            let live = try ShowChatProjection.page(of: ShowID("demo-seated"), before: nil, limit: 100, from: store)
            let replayed = try ShowChatProjection.page(of: ShowID("demo-seated"), before: nil, limit: 100, from: rebuilt)
            #expect(live.lines.map(\.text) == ["third", "first"])
            #expect(replayed.lines == live.lines && replayed.head == live.head && replayed.head.muted == [CustomerID("asha")])
        }
    }

    /// Over Socket.IO too: a ticket holder connected with its token joins the chat (acknowledged) and receives a
    /// message posted over REST as a `chat-message` event; a customer without a ticket is refused in the
    /// acknowledgement.
    @Test(.timeLimit(.minutes(2)))
    func socketIOMembersGetTheChatAndOutsidersAreRefused() async throws {
        try await withDemoServerStores { client, log, store in
            let (asha, ravi) = try await Self.ticketHolders(client, log, store)
            func open(_ headers: HTTPFields) async throws -> String {
                struct Handshake: Decodable { var sid: String }
                let sid = try await client.execute(uri: "/socket.io/?EIO=4&transport=polling", method: .get) { response in
                    try JSONDecoder().decode(Handshake.self, from: Data(String(buffer: response.body).dropFirst().utf8)).sid
                }
                try await client.execute(uri: "/socket.io/?EIO=4&transport=polling&sid=\(sid)", method: .post,
                                         body: .init(string: #"40{"token":"\#(try Self.token(headers))"}"#)) { #expect($0.status == .ok) }
                return sid
            }
            func poll(_ sid: String, until text: String) async throws -> String {
                var received = ""
                while !received.contains(text) {
                    let (status, body) = try await client.execute(uri: "/socket.io/?EIO=4&transport=polling&sid=\(sid)", method: .get) {
                        ($0.status, String(buffer: $0.body))
                    }
                    try #require(status == .ok, "the session ended before \(text) arrived: \(received)")
                    received += body
                }
                return received
            }
            let member = try await open(ravi)
            let outsider = try await open(try await customer("nobody"))
            for sid in [member, outsider] {
                try await client.execute(uri: "/socket.io/?EIO=4&transport=polling&sid=\(sid)", method: .post,
                                         body: .init(string: #"421["join-chat",{"eventId":"demo-seated"}]"#)) { #expect($0.status == .ok) }
            }
            _ = try await poll(member, until: #"431[{"ok":true}]"#)
            let refused = try await poll(outsider, until: "431[")
            #expect(refused.contains(#""code":"not_in_chat""#))
            #expect(try await post("Seen over Socket.IO", as: asha, client).status == .created)
            let pushed = try await poll(member, until: "Seen over Socket.IO")
            #expect(pushed.contains(#"42["chat-message",{"#) && pushed.contains(#""name":"Asha""#))
        }
    }
}

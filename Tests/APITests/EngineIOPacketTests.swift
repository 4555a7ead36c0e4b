@testable import API
import Foundation
import Testing

/// Engine.IO v4 and Socket.IO v5 packets, against the examples of the published protocol documents.
@Suite("Socket.IO: packets")
struct EngineIOPacketTests {
    @Test func aPollingPayloadSplitsOnTheRecordSeparatorAndCarriesBinaryAsBase64() throws {
        #expect(try EnginePayload.decode("4hello\u{1E}2\u{1E}4world") == [.message("hello"), .ping(""), .message("world")])
        #expect(try EnginePayload.decode("4hello\u{1E}bAQIDBA==") == [.message("hello"), .binary(Data([1, 2, 3, 4]))])
        #expect(EnginePayload.encode([.message("hello"), .binary(Data([1, 2, 3, 4]))]) == "4hello\u{1E}bAQIDBA==")
        #expect(EnginePayload.encode([.ping("probe")]) == "2probe")
        #expect(try EnginePayload.decode("2probe\u{1E}3probe\u{1E}5\u{1E}6\u{1E}1") == [.ping("probe"), .pong("probe"), .upgrade, .noop, .close])
    }

    @Test func aMalformedPacketIsRefused() {
        #expect(throws: EnginePacket.Invalid.self) { try EnginePayload.decode("abc") }
        #expect(throws: EnginePacket.Invalid.self) { try EnginePayload.decode("4a\u{1E}\u{1E}4b") }
        #expect(throws: EnginePacket.Invalid.self) { try EnginePayload.decode("b!!!") }
    }

    @Test(arguments: [
        ("0", SocketPacket(kind: .connect)),
        ("0/admin,{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}", SocketPacket(kind: .connect, namespace: "/admin", json: "{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}")),
        ("4{\"message\":\"Not authorized\"}", SocketPacket(kind: .connectError, json: "{\"message\":\"Not authorized\"}")),
        ("2[\"foo\"]", SocketPacket(kind: .event, json: "[\"foo\"]")),
        ("2/admin,[\"bar\"]", SocketPacket(kind: .event, namespace: "/admin", json: "[\"bar\"]")),
        ("212[\"foo\"]", SocketPacket(kind: .event, ackID: 12, json: "[\"foo\"]")),
        ("3/admin,13[\"bar\"]", SocketPacket(kind: .ack, namespace: "/admin", ackID: 13, json: "[\"bar\"]")),
        ("1", SocketPacket(kind: .disconnect)),
        ("1/admin,", SocketPacket(kind: .disconnect, namespace: "/admin")),
    ])
    func socketIOPacketsReadAndWriteAsTheProtocolDocumentSpellsThem(text: String, packet: SocketPacket) throws {
        #expect(try SocketPacket.parse(text) == packet)
        #expect(packet.text == text)
    }

    @Test func binaryEventsAndUnknownTypesAreRefused() {
        #expect(throws: SocketPacket.Invalid.self) { try SocketPacket.parse("51-[\"baz\",{\"_placeholder\":true,\"num\":0}]") }
        #expect(throws: SocketPacket.Invalid.self) { try SocketPacket.parse("9") }
        #expect(throws: SocketPacket.Invalid.self) { try SocketPacket.parse("") }
        #expect(throws: SocketPacket.Invalid.self) { try SocketPacket.parse("2123456789012345678[\"foo\"]") }
    }
}

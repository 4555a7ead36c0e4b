public import Domain
public import Foundation
import SwiftProtobuf

/// An aggregate's events as the protobuf messages of `schema/tktplz/events/v1`, the log's published storage
/// contract: one message per stored type, named as the type (`ItemsHeld` is `tktplz.events.v1.ItemsHeld`). Each
/// event maps field by field to its message and back, with no Codable container in between. Every codec of the
/// domain conforms (`DomainCodecs.all`); the mappings are in this folder, one file per schema file.
public protocol ProtobufEvents: EventCodec {
    /// The message `event` is stored as; its name is the stored type.
    static func message(_ event: Event) throws -> ProtobufMessage
    /// The event a payload of stored type `type` holds, or `nil` for a type this codec does not know.
    static func event(type: String, _ payload: ProtobufPayload) throws -> Event?
    /// `event`'s message bytes and stored type written by hand (`HoldRecords+Wire.swift`), for the few types every
    /// hold writes; `nil`: through `message(_:)`.
    static func handWritten(_ event: Event) -> (type: String, bytes: [UInt8])?
    /// Whose personal data `event` holds (sealed for them), or `nil`: what an erasure must make this process forget.
    static func personalSubject(of event: Event) -> String?
}

extension ProtobufEvents {
    public static func handWritten(_ event: Event) -> (type: String, bytes: [UInt8])? { nil }
    public static func personalSubject(of event: Event) -> String? { nil }
}

/// One event's message, ready to serialize.
public struct ProtobufMessage {
    let message: any SwiftProtobuf.Message

    init(_ message: any SwiftProtobuf.Message) { self.message = message }
}

/// The message bytes of one payload (after its format byte).
public struct ProtobufPayload {
    let bytes: Data

    func parse<M: SwiftProtobuf.Message>(_: M.Type) throws -> M {
        try M(serializedBytes: bytes)
    }

    /// Reads the bytes with a hand decoder (`WireReader`).
    func read<Value>(_ decode: (inout WireReader) throws(SchemaMismatch) -> Value) throws -> Value {
        try bytes.withUnsafeBytes { raw in
            var reader = WireReader(raw)
            return try decode(&reader)
        }
    }

    /// Parses the message and maps it to a domain value.
    func parse<M: SwiftProtobuf.Message, Value>(_: M.Type, _ decode: (M) throws(SchemaMismatch) -> Value) throws -> Value {
        try decode(try M(serializedBytes: bytes))
    }
}

/// A payload whose message parsed but does not make a domain value: a required choice unmade, an enum value this
/// version does not know, an amount without a currency.
public struct SchemaMismatch: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The format byte of a protobuf payload (JSON starts with `{`, CompactCoding with 0xC7).
public enum ProtobufFormat {
    public static let marker: UInt8 = 0xB1

    public static func isProtobuf(_ payload: Data) -> Bool { payload.first == marker }

    /// The payload of `event`: the format byte, then its message; and its stored type.
    static func payload<C: ProtobufEvents>(_: C.Type, _ event: C.Event) throws -> (type: String, payload: Data) {
        if let written = C.handWritten(event) {
            var payload = Data(capacity: written.bytes.count + 1)
            payload.append(marker)
            payload.append(contentsOf: written.bytes)
            return (written.type, payload)
        }
        let message = try C.message(event).message
        let bytes: [UInt8] = try message.serializedBytes()
        var payload = Data(capacity: bytes.count + 1)
        payload.append(marker)
        payload.append(contentsOf: bytes)
        return (storedType(of: message), payload)
    }

    /// The event in a protobuf `payload` (format byte included) of stored type `type`.
    static func event<C: ProtobufEvents>(_: C.Type, type: String, _ payload: Data) throws -> C.Event? {
        try C.event(type: type, ProtobufPayload(bytes: payload.dropFirst()))
    }

    /// `tktplz.events.v1.ItemsHeld` is stored as `ItemsHeld`.
    static func storedType(of message: any SwiftProtobuf.Message) -> String {
        let name = type(of: message).protoMessageName
        guard let dot = name.lastIndex(of: ".") else { return name }
        return String(name[name.index(after: dot)...])
    }
}

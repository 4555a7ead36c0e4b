import ArgumentParser
import Domain
import DomainEvents
import EventSchema
import EventStore
import Foundation
import SwiftProtobuf

/// `tktplz bench personal-data`: what sealing personal data costs. Customers' registrations (an address and a name)
/// encoded and decoded sealed, beside the same fields in the clear as events were written before sealing; the
/// keys made in a data directory (a customer's first sealed event writes, syncs and links their key file); and the
/// same payloads decoded by a second ring over the directory, which reads each key from its file once.
struct PersonalDataBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "personal-data",
                                                    abstract: "Sealed personal data beside the same fields in the clear: encode, decode, key files.")

    @Option(help: "Customers (one registration and one key each).") var customers = 20_000
    @Option(help: "Rounds of the in-memory passes (the median is printed).") var rounds = 5

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-bench-personal-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let at = Instant(millisecondsSince1970: 1_800_000_000_000)
        let events = (0..<customers).map { index in
            Customer.Event.registered(CustomerRegistered(customer: CustomerID("customer-bench-\(index)"), email: "customer.\(index)@example.com",
                                                         name: "Customer Number \(index)", at: at))
        }
        let ring = PersonalKeyRing(store: DirectoryKeyStore(dataDirectory: directory))
        try await PersonalKeyRing.$override.withValue(ring) {
            var sealed: [RecordedEvent] = []
            let keysMade = try Self.time {
                sealed = try events.map { try Self.record(try EventEncoding.newEvents(Customer.self, [$0])[0]) }
            }
            let clear = try events.map { event in
                guard case .registered(let e) = event else { fatalError("registrations only") }
                let bytes: [UInt8] = try PBCustomerRegistered.with {
                    $0.customer = e.customer.rawValue
                    $0.email = e.email
                    $0.name = e.name
                    $0.at = e.at.rawValue
                }.serializedBytes()
                return try Self.record(NewEvent(id: .random(), type: "CustomerRegistered", payload: Data([ProtobufFormat.marker] + bytes)))
            }
            let sealedEncode = try Self.median(rounds) { for event in events { _ = try EventEncoding.newEvents(Customer.self, [event]) } }
            // The floor: an event of the same aggregate with nothing personal, through the same call.
            let likes = (0..<customers).map { Customer.Event.liked(ShowLiked(show: ShowID("show-\($0)"))) }
            let plainEncode = try Self.median(rounds) { for event in likes { _ = try EventEncoding.newEvents(Customer.self, [event]) } }
            let sealedDecode = try Self.median(rounds) { for record in sealed { _ = try DomainEvent.decoded(record) } }
            let clearDecode = try Self.median(rounds) { for record in clear { _ = try DomainEvent.decoded(record) } }
            let cold = PersonalKeyRing(store: DirectoryKeyStore(dataDirectory: directory))
            let coldDecode = try PersonalKeyRing.$override.withValue(cold) {
                try Self.time { for record in sealed { _ = try DomainEvent.decoded(record) } }
            }
            let bytes = (sealed: sealed.map(\.payload.count).reduce(0, +) / customers, clear: clear.map(\.payload.count).reduce(0, +) / customers)
            func perEvent(_ seconds: Double) -> String { String(format: "%.2f µs", seconds / Double(customers) * 1_000_000) }
            print("\(customers) customer registrations (an address and a name each); in-memory passes: median of \(rounds)")
            print("| | per event |")
            print("|---|---|")
            print("| payload, clear / sealed | \(bytes.clear) / \(bytes.sealed) bytes |")
            print("| encode, nothing personal (a like) | \(perEvent(plainEncode)) |")
            print("| encode, sealed (key in memory) | \(perEvent(sealedEncode)) |")
            print("| decode, clear | \(perEvent(clearDecode)) |")
            print("| decode, sealed (key in memory) | \(perEvent(sealedDecode)) |")
            print("| first encode of a customer: key made (file written, synced, linked) and sealed | \(perEvent(keysMade)) |")
            print("| decode, sealed, key read from its file (a second process) | \(perEvent(coldDecode)) |")
        }
    }

    /// `event` as the log would hand it back (position and hash do not matter to a decoder).
    private static func record(_ event: NewEvent) throws -> RecordedEvent {
        RecordedEvent(position: GlobalPosition(1), stream: try StreamName(category: Customer.category, id: "bench"), streamVersion: StreamVersion(0),
                      type: event.type, recordedAt: Date(), id: event.id, correlationID: nil, causationID: nil, payload: event.payload,
                      hash: .genesis)
    }

    private static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        return (ContinuousClock.now - start).seconds
    }

    private static func median(_ rounds: Int, _ body: () throws -> Void) rethrows -> Double {
        var times: [Double] = []
        for _ in 0..<max(1, rounds) { times.append(try time(body)) }
        return times.sorted()[times.count / 2]
    }
}

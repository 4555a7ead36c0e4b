import App
import ArgumentParser
import Domain
import DomainEvents
import EventStore
import Foundation

/// `tktplz replay --at TIME | --position N [--show ID]`: time travel. With a show, its seat map (or ticket counts),
/// bookings and ledger as of that moment; without, every show's status and money then. From the log alone.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Show the seat maps, bookings and ledgers as they stood at a log position or a time.")

    @OptionGroup var data: DataDirectoryOption
    @Option(help: "A log position (inclusive).") var position: UInt64?
    @Option(help: "A time: ISO 8601 (2026-12-01T20:03:00Z) or milliseconds since 1970.") var at: String?
    @Option(help: "One show (event) id: its seat map, bookings and ledger.") var show: String?
    @Flag(help: "JSON instead of tables.") var json = false

    func validate() throws {
        guard (position == nil) != (at == nil) else { throw ValidationError("give exactly one of --position and --at") }
    }

    func run() async throws {
        let opened = try await data.openInspectedLog()
        defer { opened.close() }
        let log = opened.log
        let asOf = try await target(log)
        if let show {
            guard let state = try await ShowAsOf.load(ShowID(show), through: asOf, log: log) else {
                throw ToolFailure("show \(show) did not exist at position \(asOf.rawValue)")
            }
            if json { try printJSON(state) } else { printTables(state) }
            return
        }
        var shows: [ShowAsOf] = []
        for id in try await showIDs(log, through: asOf) {
            if let state = try await ShowAsOf.load(id, through: asOf, log: log) { shows.append(state) }
        }
        if json { return try printJSON(shows) }
        Swift.print("as of position \(asOf.rawValue)")
        Swift.print(Table(header: ["event", "status", "held", "sold", "bookings", "gross", "refunds"], rows: shows.map { show in
            let counts = show.seats.map { seats in (seats.filter { $0.state == "held" }.count, seats.filter { $0.state == "sold" }.count) }
                ?? ((show.categories ?? []).reduce(0) { $0 + $1.held }, (show.categories ?? []).reduce(0) { $0 + $1.sold })
            return [show.eventId, show.status, String(counts.0), String(counts.1), String(show.bookings.count), show.gross.description, show.refunds.description]
        }).text)
    }

    private func target(_ log: any EventLog) async throws -> GlobalPosition {
        if let position { return GlobalPosition(min(position, try await log.head().rawValue)) }
        guard let at, let time = Self.time(at) else { throw ValidationError("--at must be ISO 8601 (2026-12-01T20:03:00Z) or milliseconds since 1970") }
        return try await log.lastPosition(atOrBefore: time)
    }

    static func time(_ text: String) -> Date? {
        if let milliseconds = Int64(text) { return Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
        return try? Date(text, strategy: .iso8601)
    }

    /// The shows drafted by `position`, in the order they were.
    private func showIDs(_ log: any EventLog, through position: GlobalPosition) async throws -> [ShowID] {
        var ids: [ShowID] = []
        var next = GlobalPosition(1)
        while next <= position {
            let page = try await log.read(from: next, limit: 10_000)
            for record in page where record.position <= position && record.stream.isIn(category: Show.category) && record.type == "ShowDrafted" {
                ids.append(ShowID(record.stream.id))
            }
            guard let last = page.last else { break }
            next = last.position.next
        }
        return ids
    }

    private func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        Swift.print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    private func printTables(_ show: ShowAsOf) {
        Swift.print("\(show.eventId) as of position \(show.position): \(show.status)")
        if let seats = show.seats {
            // One line per row of seats: . free, h held, S sold.
            let rows = Dictionary(grouping: seats) { String($0.seat.prefix { $0.isLetter }) }
            for row in rows.keys.sorted() {
                let marks = rows[row]!.sorted { Int($0.seat.drop { $0.isLetter }) ?? 0 < Int($1.seat.drop { $0.isLetter }) ?? 0 }
                    .map { $0.state == "sold" ? "S" : $0.state == "held" ? "h" : "." }
                Swift.print("  \(row.padding(toLength: 3, withPad: " ", startingAt: 0)) \(marks.joined(separator: " "))")
            }
            Swift.print("  (. free, h held, S sold)")
        }
        if let categories = show.categories {
            Swift.print(Table(header: ["category", "capacity", "held", "sold"], rows: categories.map { [$0.id, String($0.capacity), String($0.held), String($0.sold)] }).text)
        }
        Swift.print("\nbookings")
        Swift.print(Table(header: ["booking", "customer", "status", "items", "price", "paid", "refund", "admitted"], rows: show.bookings.map {
            [$0.bookingId, $0.customerId, $0.status, $0.items, $0.price.description, $0.paid?.description ?? "", $0.refund?.description ?? "", String($0.checkedIn)]
        }).text)
        Swift.print("\nledger (gross \(show.gross), refunds \(show.refunds))")
        Swift.print(Table(header: ["position", "booking", "kind", "amount"], rows: show.ledger.map { [String($0.position), $0.bookingId, $0.kind, $0.amount.description] }).text)
    }
}

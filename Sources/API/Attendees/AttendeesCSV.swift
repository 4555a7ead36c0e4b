import App
import Domain
import Foundation

/// The attendee list as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, a
/// quote or a line break, quotes doubled), for a spreadsheet. One line per participant of a registration show (the
/// form's answers in columns after the booking's), otherwise one line per booking. A cell a customer wrote that
/// begins with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`: spreadsheets would run it as a
/// formula (CSV injection).
struct AttendeesCSV {
    let list: AttendeeList

    init(_ list: AttendeeList) { self.list = list }

    static let columns = ["booking", "customer_id", "customer_name", "customer_email", "customer_phone", "status", "confirmed_at", "tickets", "admits",
                          "checked_in"]

    var text: String {
        var lines = [(Self.columns + (list.fields.isEmpty ? [] : ["participant"] + list.fields)).map(Self.cell)]
        for attendee in list.attendees {
            let booking = [
                attendee.bookingId, attendee.customerId, attendee.name, attendee.email, attendee.phone, attendee.status,
                Instant(millisecondsSince1970: attendee.confirmedAt).iso8601,
                String(attendee.tickets.count), attendee.tickets.map(\.admits).joined(separator: " "), String(attendee.checkedIn),
            ]
            if list.fields.isEmpty {
                lines.append(booking.map(Self.cell))
            } else {
                for (index, participant) in attendee.participants.enumerated() {
                    lines.append((booking + [String(index + 1)] + list.fields.map { participant[$0] ?? "" }).map(Self.cell))
                }
            }
        }
        return lines.map { $0.joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func cell(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

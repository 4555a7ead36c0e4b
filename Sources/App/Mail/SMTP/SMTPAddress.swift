import Foundation

/// Addresses as SMTP's envelope needs them.
enum SMTPAddress {
    /// The bare address of `TktPlz <tickets@example.com>` or `tickets@example.com`; `nil` when there is none or it
    /// holds what would break a command line (a line break, angle brackets, spaces).
    static func envelope(of text: String) -> String? {
        var address = Substring(text)
        if let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close {
            address = text[text.index(after: open)..<close]
        }
        let trimmed = address.trimmingCharacters(in: .whitespaces)
        guard trimmed.contains("@"), !trimmed.contains(where: { $0.isNewline || $0 == "<" || $0 == ">" || $0 == " " || $0.asciiValue.map { $0 < 32 } == true })
        else { return nil }
        return trimmed
    }
}

/// A server's reply: a three-digit code and its text, possibly over several lines (`250-first`, `250 last`).
struct SMTPReply: Equatable, CustomStringConvertible {
    var code: Int
    var lines: [String]

    var description: String { "\(code) \(lines.joined(separator: " / "))" }
    var isPositive: Bool { (200..<400).contains(code) }
    /// 5xx: trying again will not help.
    var isPermanent: Bool { code >= 500 }

    /// Adds one line of a reply; returns the reply once its last line (code and a space) came, or `nil` to wait for
    /// more. A line that is not a reply line is an error.
    static func parse(_ line: String, into pending: inout [String]) throws(SMTPFailure) -> SMTPReply? {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)), (200..<600).contains(code),
              bytes.count == 3 || bytes[3] == UInt8(ascii: " ") || bytes[3] == UInt8(ascii: "-")
        else { throw SMTPFailure.protocolViolation("not an SMTP reply: \(line.prefix(80))") }
        pending.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        guard bytes.count == 3 || bytes[3] == UInt8(ascii: " ") else { return nil }
        defer { pending = [] }
        return SMTPReply(code: code, lines: pending)
    }

    /// The EHLO reply's extensions, upper-cased keywords with their parameters (`AUTH` → `["PLAIN", "LOGIN"]`).
    var extensions: [String: [String]] {
        var found: [String: [String]] = [:]
        for line in lines.dropFirst() {
            let words = line.split(separator: " ").map { String($0).uppercased() }
            if let keyword = words.first { found[keyword] = Array(words.dropFirst()) }
        }
        return found
    }
}

/// What went wrong talking to the server. Replies with 5xx to the mail itself (sender, recipient, content) are
/// permanent; everything else (the server down or busy, TLS, authentication) leaves the mail waiting.
public enum SMTPFailure: Error, CustomStringConvertible, MailRefusal {
    case rejected(command: String, reply: String, code: Int)
    case unavailable(String)
    case protocolViolation(String)
    case tlsRequired

    public var permanent: Bool {
        if case let .rejected(command, _, code) = self { code >= 500 && ["MAIL", "RCPT", "DATA", "MESSAGE"].contains(command) } else { false }
    }

    public var description: String {
        switch self {
        case let .rejected(command, reply, _): "the SMTP server answered \(command) with \(reply)"
        case .unavailable(let why): "the SMTP server is unreachable: \(why)"
        case .protocolViolation(let what): "the SMTP server broke the protocol: \(what)"
        case .tlsRequired: "the SMTP server does not offer STARTTLS, and mail is not sent in clear text"
        }
    }
}

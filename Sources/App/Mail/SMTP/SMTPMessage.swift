import Foundation

/// A mail as the lines of an Internet message (RFC 5322 with MIME): headers with a non-ASCII subject as an encoded
/// word, the text in base64 (any language, no line too long, no line a lone dot), attachments as parts of a
/// multipart/mixed body. Header values never carry a line break a customer typed (header injection).
struct SMTPMessage {
    var from: String
    var mail: Mail
    var messageID: String
    var date: Date

    var text: String {
        var headers = [
            "From: \(Self.headerValue(from))",
            "To: \(Self.headerValue(mail.to))",
            "Subject: \(Self.encodedWord(mail.subject))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
        ]
        var body: [String]
        if mail.attachments.isEmpty {
            headers += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64"]
            body = Self.base64Lines(Data(mail.text.utf8))
        } else {
            let boundary = "tktplz-\(messageID.prefix(while: { $0 != "@" }))"
            headers.append("Content-Type: multipart/mixed; boundary=\"\(boundary)\"")
            body = ["This is a multi-part message in MIME format.", "--\(boundary)",
                    "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", ""]
                + Self.base64Lines(Data(mail.text.utf8))
            for attachment in mail.attachments {
                let name = Self.headerValue(attachment.filename).replacingOccurrences(of: "\"", with: "")
                body += ["--\(boundary)", "Content-Type: \(Self.headerValue(attachment.contentType)); name=\"\(name)\"",
                         "Content-Disposition: attachment; filename=\"\(name)\"", "Content-Transfer-Encoding: base64", ""]
                    + Self.base64Lines(attachment.data)
            }
            body.append("--\(boundary)--")
        }
        return (headers + [""] + body).joined(separator: "\r\n") + "\r\n"
    }

    static func headerValue(_ value: String) -> String {
        String(value.map { $0.isNewline ? " " : $0 })
    }

    /// RFC 2047: `=?UTF-8?B?…?=` for anything outside printable ASCII, in words short enough for a header line.
    static func encodedWord(_ text: String) -> String {
        let flat = headerValue(text)
        if flat.unicodeScalars.allSatisfy({ $0.value >= 32 && $0.value < 127 }) { return flat }
        var words: [String] = []
        var chunk = ""
        for character in flat {
            if (chunk + String(character)).utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }

    static func base64Lines(_ data: Data) -> [String] {
        data.base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
            .components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    /// The message as DATA sends it: a line starting with a dot gets another (the end is a lone dot).
    var dotStuffed: String {
        text.components(separatedBy: "\r\n").map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n")
    }
}

import Foundation

/// Secrets may come from files (`JWT_SECRET_FILE=/run/secrets/jwt`), as container platforms and systemd's
/// credentials hand them over, so that they never sit in a process's environment or a shell's history.
public enum SettingFiles {
    /// The settings that may be given as `NAME_FILE`: every secret the server reads.
    public static let secretNames = [
        "JWT_SECRET", "TICKET_SIGNING_KEY", "ADMIN_SEAL_KEY", "PAYMENT_WEBHOOK_SECRET", "PAYMENT_KEY_SECRET",
        "RAZORPAY_KEY_SECRET", "RESEND_API_KEY", "GOOGLE_CLIENT_SECRET", "SMTP_URL", "WEBHOOK_SECRET_KEY",
    ]

    /// `environment` with each `NAME_FILE` read into `NAME` (its trailing newlines dropped).
    /// - Throws: `ConfigurationError` naming the setting when both forms are set or the file cannot be read.
    public static func expand(_ environment: [String: String]) throws -> [String: String] {
        var expanded = environment
        for name in secretNames {
            guard let path = environment["\(name)_FILE"], !path.isEmpty else { continue }
            if let direct = environment[name], !direct.isEmpty {
                throw ConfigurationError("\(name) and \(name)_FILE are both set: set one")
            }
            guard let contents = FileManager.default.contents(atPath: path), let text = String(data: contents, encoding: .utf8) else {
                throw ConfigurationError("\(name)_FILE names \(path), which cannot be read as UTF-8 text")
            }
            var value = Substring(text)
            while value.last == "\n" || value.last == "\r" { value = value.dropLast() }
            expanded[name] = String(value)
        }
        return expanded
    }
}

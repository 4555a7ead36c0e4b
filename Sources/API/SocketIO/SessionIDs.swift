import App
import Foundation

/// Engine.IO and Socket.IO session ids: 120 random bits as 20 URL-safe characters, unguessable, so one client
/// cannot poll or post into another's session.
enum SessionIDs {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<15).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Base64URL.encode(bytes)
    }
}

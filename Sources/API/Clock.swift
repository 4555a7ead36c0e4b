public import Domain
import Foundation

extension Instant {
    /// Now, from the system clock: the shell's job, since the domain has no clock.
    public static func now() -> Instant {
        Instant(millisecondsSince1970: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }
}

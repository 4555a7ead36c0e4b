public import Crypto
public import Foundation

/// HMAC-SHA256 written as 64 lowercase hex digits, as Razorpay signs and as the sign-in cookies carry it;
/// checked in constant time, and anything but 64 hex digits is no signature at all.
public enum HexMAC {
    public static func sign(_ message: some DataProtocol, key: SymmetricKey) -> String {
        HMAC<SHA256>.authenticationCode(for: message, using: key).map { String(format: "%02x", $0) }.joined()
    }

    public static func isValid(_ signature: String, of message: some DataProtocol, key: SymmetricKey) -> Bool {
        guard let mac = bytes(hex: signature) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: message, using: key)
    }

    private static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var index = 0
        while index < digits.count {
            guard let high = value(of: digits[index]), let low = value(of: digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func value(of digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

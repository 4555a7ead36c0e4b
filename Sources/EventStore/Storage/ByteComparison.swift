#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension UnsafeRawBufferPointer {
    /// Whether these bytes are exactly `text`'s UTF-8, compared with `memcmp`: the generic `elementsEqual`
    /// over a `String.UTF8View` walks byte by byte and showed up in profiles of reads.
    func equalsUTF8(of text: String) -> Bool {
        let utf8 = text.utf8
        guard utf8.count == count else { return false }
        if count == 0 { return true }
        if let equal = utf8.withContiguousStorageIfAvailable({ memcmp($0.baseAddress!, baseAddress!, count) == 0 }) {
            return equal
        }
        return elementsEqual(utf8)
    }
}

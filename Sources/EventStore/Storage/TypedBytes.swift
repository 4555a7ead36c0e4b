/// `Array.withUnsafeBytes` keeping the store's typed error (the standard library's version erases it).
@inline(__always)
func withBytes<R>(
    _ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(EventStoreError) -> R
) throws(EventStoreError) -> R {
    let result = bytes.withUnsafeBytes { raw in Result { () throws(EventStoreError) in try body(raw) } }
    return try result.get()
}

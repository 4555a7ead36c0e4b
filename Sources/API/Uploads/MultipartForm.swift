import Foundation
import MultipartKit
import NIOCore

/// The fields of a `multipart/form-data` body, parsed by MultipartKit's parser: each field's name (from its
/// Content-Disposition) and bytes.
enum MultipartForm {
    /// The boundary of a `multipart/form-data` content type, or `nil` for another type.
    static func boundary(of contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        return contentType.split(separator: ";").lazy.map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.lowercased().hasPrefix("boundary=") }
            .map { String($0.dropFirst("boundary=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
    }

    static func fields(of body: ByteBuffer, boundary: String) throws -> [String: Data] {
        let parser = MultipartParser(boundary: boundary)
        var fields: [String: Data] = [:]
        var name: String?
        var bytes = Data()
        parser.onHeader = { field, value in
            guard field.lowercased() == "content-disposition" else { return }
            name = value.split(separator: ";").lazy.map { $0.trimmingCharacters(in: .whitespaces) }
                .first { $0.hasPrefix("name=") }
                .map { String($0.dropFirst("name=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        parser.onBody = { buffer in bytes.append(contentsOf: buffer.readableBytesView) }
        parser.onPartComplete = {
            if let name { fields[name] = bytes }
            name = nil
            bytes = Data()
        }
        try parser.execute(body)
        return fields
    }
}

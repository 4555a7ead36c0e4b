import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Plain HTTP against a server on a real port, as any client would talk to it.
struct HTTPDriver: Sendable {
    let port: Int

    struct Reply: Sendable {
        var status: Int
        var body: String
        func json<T: Decodable>(_: T.Type) throws -> T { try JSONDecoder().decode(T.self, from: Data(body.utf8)) }
    }

    func get(_ path: String, token: String? = nil) async throws -> Reply {
        try await send(path, method: .GET, body: nil, token: token)
    }

    func post(_ path: String, _ json: String, token: String? = nil) async throws -> Reply {
        try await send(path, method: .POST, body: json, token: token)
    }

    func delete(_ path: String, _ json: String, token: String? = nil) async throws -> Reply {
        try await send(path, method: .DELETE, body: json, token: token)
    }

    /// A POST of one file as `multipart/form-data`, in the form field `field`.
    func upload(_ path: String, field: String, file: Data, type: String, token: String? = nil) async throws -> Reply {
        let boundary = "tktplz-\(UUID().uuidString)"
        var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"upload\"\r\nContent-Type: \(type)\r\n\r\n".utf8)
        body.append(file)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        return try await send(path, method: .POST, body: ByteBuffer(data: body), type: "multipart/form-data; boundary=\(boundary)", token: token)
    }

    /// A GET whose answer is bytes (a PDF, a PNG), with its status and content type.
    func bytes(_ path: String, token: String? = nil) async throws -> (status: Int, type: String?, bytes: Data) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 24)
        return (Int(response.status.code), response.headers.first(name: "Content-Type"), Data(buffer: bytes))
    }

    private func send(_ path: String, method: HTTPMethod, body: String?, token: String?) async throws -> Reply {
        try await send(path, method: method, body: body.map { ByteBuffer(string: $0) }, type: "application/json", token: token)
    }

    private func send(_ path: String, method: HTTPMethod, body: ByteBuffer?, type: String, token: String?) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: type)
            request.body = .bytes(body)
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 22)
        return Reply(status: Int(response.status.code), body: String(buffer: bytes))
    }

    /// Signs in (or up, with `name`) by e-mailed passcode, reading the code from the development outbox.
    func signIn(_ email: String, signUpAs name: String? = nil, organizer: Bool = false) async throws -> String {
        let asked = if let name {
            try await post("/api/auth/user-reg", #"{"name":"\#(name)","email":"\#(email)"}"#)
        } else {
            try await post(organizer ? "/api/auth/orgn-login" : "/api/auth/user-login", #"{"email":"\#(email)"}"#)
        }
        guard asked.status == 200 else { throw Unexpected(reply: asked) }
        struct Outbox: Decodable { struct Mail: Decodable { var text: String }; var mails: [Mail] }
        let mails = try await get("/dev/outbox?to=\(email)").json(Outbox.self)
        guard let text = mails.mails.first?.text, let range = text.range(of: #"\d{6}"#, options: .regularExpression) else {
            throw Unexpected(reply: Reply(status: 0, body: "no passcode in the outbox for \(email)"))
        }
        let verified = try await post("/api/auth/verify-otp", #"{"email":"\#(email)","inputOtp":"\#(text[range])"}"#)
        struct SignedIn: Decodable { var token: String }
        guard verified.status == 200 else { throw Unexpected(reply: verified) }
        return try verified.json(SignedIn.self).token
    }

    struct Unexpected: Error, CustomStringConvertible {
        var reply: Reply
        var description: String { "unexpected reply \(reply.status): \(reply.body)" }
    }
}

import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird
import Projections

/// Support issues: anyone signed in raises one (with an optional image, sent as base64 and stored by content);
/// admins list them, open or resolved, and resolve them with a note.
struct SupportIssuesController {
    let sessions: SessionSigner
    let log: any EventLog
    let store: ProjectionStore
    let issuesView: ProjectionRunner<SupportIssuesProjection>
    let issues: CommandHandler<SupportIssue>
    let images: ImageStore

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("api/user/issues") { request, _ in
            let identity = try await request.identity(sessions)
            let body = try await request.json(IssueBody.self, limit: 4 << 20)
            let subject = body.subject.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (1...200).contains(subject.count) else { throw APIError.invalidBody("field subject must be 1 to 200 characters") }
            guard body.description.count <= 5000 else { throw APIError.invalidBody("field description is longer than 5000 characters") }
            var image: String?
            if let encoded = body.image {
                guard let bytes = Data(base64Encoded: encoded) else { throw APIError.invalidBody("field image is not base64") }
                image = try await images.store(bytes)
            }
            let actor = identity.actor
            let id = "issue-\(UUID.random().lowercasedText)"
            let position = try await run(.raise(by: actor, subject: subject, description: body.description, image: image, now: .now()), id)
            return Raised(issueId: id, image: image.map { "/api/images/\($0)" }, position: position)
        }
        router.get("api/admin/issues") { request, _ in
            _ = try await request.identity(sessions, as: .admin)
            let status = request.uri.queryParameters.get("status") ?? "open"
            guard ["open", "resolved", "all"].contains(status) else {
                throw APIError.invalidQuery("status must be open, resolved or all")
            }
            try await ReadYourWrites(log: log).await(request, issuesView)
            let all: [(key: String, view: SupportIssuesProjection.View)]
            do {
                all = try store.views(SupportIssuesProjection.self, prefix: "")
            } catch {
                throw APIError.storeUnavailable()
            }
            let matching = all.filter { status == "all" || (status == "resolved") == ($0.view.resolvedAt != nil) }
                .sorted { $0.view.raisedAt < $1.view.raisedAt }
            return IssueList(issues: matching.map { IssueList.Item(issueId: $0.key, view: $0.view) }, position: issuesView.position.rawValue)
        }
        router.post("api/admin/issues/:issueId/resolve") { request, context in
            let admin = AdminID(try await request.identity(sessions, as: .admin).id)
            let id = try context.parameters.id("issueId")
            let body = try await request.json(ResolveBody.self)
            guard !body.note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw APIError.invalidBody("field note must say how the issue was resolved")
            }
            let position = try await run(.resolve(by: admin, note: body.note, now: .now()), id)
            return Raised(issueId: id, image: nil, position: position)
        }
    }

    private func run(_ command: SupportIssue.Command, _ id: String) async throws -> UInt64? {
        guard let stream = try? SupportIssue.stream(IssueID(id)) else { throw APIError.notFound("issue \(id)") }
        do {
            return try await issues.handle(command, on: stream).lastPosition?.rawValue
        } catch {
            throw APIError(error) { APIError(issue: $0, id: id) }
        }
    }

    struct IssueBody: Decodable {
        var subject: String
        var description: String
        /// A PNG, JPEG or WebP image in base64, at most 2 MiB.
        var image: String?
    }

    struct ResolveBody: Decodable {
        var note: String
    }

    struct Raised: ResponseEncodable {
        var issueId: String
        var image: String?
        var position: UInt64?
    }

    struct IssueList: ResponseEncodable {
        struct Item: Encodable {
            var issueId: String
            var raisedBy: Actor
            var subject: String
            var description: String
            var image: String?
            var raisedAt: Int64
            var resolution: String?
            var resolvedAt: Int64?
            init(issueId: String, view: SupportIssuesProjection.View) {
                self.issueId = issueId
                raisedBy = view.raisedBy
                subject = view.subject
                description = view.description
                image = view.image.map { "/api/images/\($0)" }
                raisedAt = view.raisedAt.rawValue
                resolution = view.resolution
                resolvedAt = view.resolvedAt?.rawValue
            }
        }
        var issues: [Item]
        var position: UInt64
    }
}

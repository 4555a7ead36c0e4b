import App
import Hummingbird

/// `GET /dev/outbox?to=address`: the newest mails of the outbox, so a developer (or a test, or the README's curl
/// walk-through) can read a passcode. Registered only in development mode.
struct OutboxController {
    let outbox: OutboxMailer

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("dev/outbox") { request, _ in
            let mails = try outbox.recent(limit: 20, to: request.uri.queryParameters.get("to"))
            return Mails(mails: mails)
        }
    }

    struct Mails: ResponseEncodable {
        var mails: [Mail]
    }
}

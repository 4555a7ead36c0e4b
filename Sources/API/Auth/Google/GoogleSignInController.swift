import App
import Crypto
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird

/// `/api/auth/google`: customers sign in with Google (OpenID Connect, authorization code). The first route sends
/// the browser to Google with a fresh state and nonce; Google sends it back to the callback, which checks the
/// state against the browser's cookie, exchanges the code, verifies the ID token and signs the customer in (the
/// customer decider decides whether the address may join or make an account). Both answer 404 while Google
/// sign-in is not configured.
struct GoogleSignInController {
    let google: GoogleOpenID?
    let customers: CommandHandler<Customer>
    let sessions: SessionSigner
    let stateKey: SymmetricKey
    let cookies: CookiePolicy

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("api/auth/google") { _, _ -> Response in
            let google = try configured()
            let attempt = GoogleSignInState.fresh(now: Date())
            var response = Response(status: .seeOther, headers: [.location: google.authorizationURL(attempt)])
            response.setCookie(attempt.cookie(key: stateKey, secure: cookies.secure))
            return response
        }
        router.get("api/auth/google/callback") { request, _ -> Response in
            let google = try configured()
            let query = request.uri.queryParameters
            if let refusal = query["error"] {
                throw APIError.googleRefused("Google did not sign you in (\(refusal)); try again")
            }
            guard let attempt = GoogleSignInState.from(request, key: stateKey, now: Date()), query["state"].map(String.init) == attempt.state else {
                throw APIError.invalidState("this sign-in attempt is unknown or expired; start again at /api/auth/google")
            }
            guard let code = query["code"], !code.isEmpty else {
                throw APIError.invalidQuery("query parameter code is required")
            }
            let account: GoogleAccount
            do {
                account = try await google.account(forCode: String(code), nonce: attempt.nonce)
            } catch let failure as GoogleOpenID.Failure {
                throw APIError.invalidIdToken("Google sign-in failed: \(failure.description)")
            } catch {
                throw APIError.googleUnavailable("Google could not be reached; try again")
            }
            let identity = try await signIn(account)
            var response = Response(status: .seeOther, headers: [.location: "/"])
            response.setCookie(SessionCookie.setting(try await sessions.issue(for: identity), cookies))
            response.setCookie(GoogleSignInState.clearing(secure: cookies.secure))
            return response
        }
    }

    private func configured() throws -> GoogleOpenID {
        guard let google else { throw APIError.notConfigured("Google sign-in is not configured on this server") }
        return google
    }

    /// The customer account of the token's address, made or joined as the customer decider allows.
    private func signIn(_ account: GoogleAccount) async throws -> Identity {
        var account = account
        account.email = try PasscodeSignIn.normalised(account.email)
        let id = AccountIDs.customer(account.email)
        let stream = try Customer.stream(id)
        do throws(CommandFailure<Customer.Rejection>) {
            _ = try await customers.handle(.signInWithGoogle(id, account, now: .now()), on: stream)
        } catch {
            throw APIError(error) { APIError(customer: $0, id: id, email: account.email) }
        }
        return Identity(role: .customer, id: id.rawValue, email: account.email)
    }
}

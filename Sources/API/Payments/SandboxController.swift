import App
import Domain
import Hummingbird
import NIOCore

/// `/sandbox/checkout/:orderId`: the embedded gateway's checkout, for tests, the curl walk-through and the web
/// page. Paying hands back Razorpay's three checkout fields; the gateway also tells the server by webhook.
/// Mounted only while the sandbox is the gateway.
struct SandboxController {
    let gateway: SandboxGateway

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("sandbox/checkout/:orderId") { _, context in
            let id = OrderID(try context.parameters.id("orderId"))
            let order: GatewayOrder
            do throws(GatewayError) {
                order = try await gateway.order(id)
            } catch {
                throw APIError(gateway: error)
            }
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: SandboxCheckoutPage.html(order: order))))
        }
        router.post("sandbox/checkout/:orderId/pay") { request, context in
            let order = OrderID(try context.parameters.id("orderId"))
            let body = try await request.json(PayBody.self)
            let succeed: Bool = switch body.outcome {
            case "succeed": true
            case "fail": false
            default: throw APIError.invalidBody("field outcome must be succeed or fail")
            }
            let result: SandboxCheckoutResult
            do throws(GatewayError) {
                result = try await gateway.pay(order, succeed: succeed)
            } catch {
                throw APIError(gateway: error)
            }
            return PayResponse(razorpay_order_id: result.orderID.rawValue, razorpay_payment_id: result.paymentID.rawValue,
                               razorpay_signature: result.signature, status: result.succeeded ? "captured" : "failed")
        }
        router.post("sandbox/refunds/fail-next") { request, _ in
            let body = try await request.json(FailRefundsBody.self)
            guard (0...100).contains(body.count) else { throw APIError.invalidBody("field count must be 0 to 100") }
            await gateway.failNextRefunds(body.count)
            return FailRefundsResponse(failing: body.count)
        }
    }

    struct FailRefundsBody: Decodable {
        var count: Int
    }

    struct FailRefundsResponse: ResponseEncodable {
        var failing: Int
    }

    struct PayBody: Decodable {
        var outcome: String
    }

    /// Razorpay checkout's handler fields (the signature only for a captured payment).
    struct PayResponse: ResponseEncodable {
        var razorpay_order_id: String
        var razorpay_payment_id: String
        var razorpay_signature: String?
        var status: String
    }
}

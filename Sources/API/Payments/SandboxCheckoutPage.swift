import App
import Domain
import Foundation

/// The sandbox's checkout page (`GET /sandbox/checkout/:orderId`): what a customer sees instead of the real
/// gateway's window. It pays (or fails) the order through the sandbox, then verifies the payment with the server
/// using the customer's session cookie, exactly as a shop page does after the real checkout closes.
enum SandboxCheckoutPage {
    static func html(order: GatewayOrder) -> String {
        let booking = escape(order.notes["bookingId"] ?? "")
        let amount = "\(order.amount.currency.code) \(order.amount.minor / 100).\(String(order.amount.minor % 100).leftPadded(to: 2))"
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>TktPlz sandbox checkout</title>
            <style>body{font:16px system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}
            button{font-size:1rem;padding:.6rem 1.2rem;margin-right:.5rem}pre{background:#f4f4f4;padding:.8rem;white-space:pre-wrap}</style>
            </head><body>
            <main data-booking="\(booking)">
            <h1>Sandbox checkout</h1>
            <p>No real money moves here. Order <code>\(escape(order.id.rawValue))</code> for booking <code>\(booking)</code>.</p>
            <p><strong>Amount: \(escape(amount))</strong></p>
            <button id="pay">Pay</button><button id="fail">Fail the payment</button>
            <pre id="out" aria-live="polite"></pre>
            </main>
            <script type="module">
            const out = document.getElementById("out");
            const bookingId = document.querySelector("main").dataset.booking;
            async function go(outcome) {
              const paid = await fetch(location.pathname + "/pay", {method: "POST", headers: {"Content-Type": "application/json"},
                body: JSON.stringify({outcome})}).then(r => r.json());
              out.textContent = JSON.stringify(paid, null, 2);
              if (!paid.razorpay_signature) return;
              const verified = await fetch("/api/payment/verify", {method: "POST", credentials: "same-origin",
                headers: {"Content-Type": "application/json"},
                body: JSON.stringify({bookingId, ...paid})});
              out.textContent += "\\n\\nverify: " + verified.status + "\\n" + JSON.stringify(await verified.json(), null, 2);
            }
            document.getElementById("pay").onclick = () => go("succeed");
            document.getElementById("fail").onclick = () => go("fail");
            </script></body></html>
            """
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}

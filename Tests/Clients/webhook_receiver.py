"""An organizer's webhook endpoint for the webhook tests, written as an organizer would write one from our README
alone: HTTPS on 127.0.0.1:PORT with a certificate for localhost from a CA that trustme makes (its PEM written to
DIR/ca.pem), checking each delivery's `TktPlz-Signature: t=<unix seconds>,v1=<hex>` as HMAC-SHA256 of "<t>.<body>"
under the secret DIR/secrets.json gives for the request's path, and refusing a signature more than five minutes old.

Every attempt is a JSON line of DIR/attempts.jsonl: the path, the TktPlz-Delivery id, the body, whether the
signature verified, and the status answered. The answer is 401 when the signature does not verify (no secret for the
path, a wrong secret, a stale time), else 503 for the first REFUSALS attempts at each delivery id, else 200.
Writes DIR/ready once listening, and serves until stdin closes.

Usage: webhook_receiver.py DIR PORT REFUSALS
"""
import hashlib
import hmac
import http.server
import json
import os
import ssl
import sys
import threading
import time

import trustme

directory, port, refusals = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
ca = trustme.CA()
ca.cert_pem.write_to_path(os.path.join(directory, "ca.pem"))
context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
ca.issue_cert("localhost").configure_cert(context)
attempts = {}
lock = threading.Lock()


def verified(path, header, body):
    try:
        secrets = json.load(open(os.path.join(directory, "secrets.json")))
    except FileNotFoundError:
        return False
    secret = secrets.get(path)
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    if secret is None or "t" not in parts or "v1" not in parts:
        return False
    if abs(time.time() - int(parts["t"])) > 300:
        return False
    expected = hmac.new(secret.encode(), parts["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"])


class Endpoint(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        delivery = self.headers.get("TktPlz-Delivery", "")
        signed = verified(self.path, self.headers.get("TktPlz-Signature", ""), body)
        with lock:
            attempts[delivery] = attempts.get(delivery, 0) + 1
            status = 401 if not signed else 503 if attempts[delivery] <= refusals else 200
            with open(os.path.join(directory, "attempts.jsonl"), "a") as out:
                out.write(json.dumps({"path": self.path, "delivery": delivery, "body": body.decode(),
                                      "verified": signed, "status": status}) + "\n")
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *arguments):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Endpoint)
server.socket = context.wrap_socket(server.socket, server_side=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
open(os.path.join(directory, "ready"), "w").close()
sys.stdin.read()
server.shutdown()

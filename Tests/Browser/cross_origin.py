"""A frontend on another origin, in headless Chromium: a page served on a second port signs a customer in and calls
the API with the cookie (credentials: "include"), as the original's frontend on its CDN did; a page on a third port,
which CORS_ORIGINS does not list, can read nothing and its forged hold is refused. Run by
Tests/APITests/CrossOriginBrowserTests.swift against a `tktplz serve` started with CORS_ORIGINS naming the second
port; exits non-zero on the first failed expectation and prints PASSED at the end."""
import argparse
import json
import re
import threading
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from page import browser, expect

arguments = argparse.ArgumentParser()
arguments.add_argument("--api", required=True)
arguments.add_argument("--allowed-port", type=int, required=True)
arguments.add_argument("--other-port", type=int, required=True)
arguments.add_argument("--show", required=True)
options = arguments.parse_args()
api = options.api


class Page(BaseHTTPRequestHandler):
    """An empty page: the scripts run through Selenium, from this origin."""

    def do_GET(self):
        body = b"<!doctype html><title>frontend</title><p>another origin</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_):
        pass


for port in (options.allowed_port, options.other_port):
    server = ThreadingHTTPServer(("127.0.0.1", port), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()

driver = browser()
driver.set_script_timeout(15)

# Runs `body` (an async function body with `api` in scope) in the page and returns what it returns, or
# {"failed": message} when it throws (a CORS refusal is a TypeError in the page).
CALL = """
const done = arguments[arguments.length - 1];
const api = arguments[0];
(async () => { %s })().then(done, error => done({failed: String(error)}));
"""


def run(body, *args):
    return driver.execute_async_script(CALL % body, api, *args)


def seat_status(seat):
    """The seat's status on a map that has seen everything the log holds now (`?after=` the log's head)."""
    with urllib.request.urlopen(f"{api}/health") as answer:
        head = json.load(answer)["logHead"]
    with urllib.request.urlopen(f"{api}/api/event/{options.show}/seats?after={head}") as answer:
        seats = json.load(answer)["seats"]
    return next(s["status"] for s in seats if s["id"] == seat)


def hold_with_cookie(seat):
    return run("""
        const answer = await fetch(api + '/api/booking/hold', {method: 'POST', credentials: 'include',
            headers: {'Content-Type': 'application/json'}, body: JSON.stringify({eventId: arguments[1], seats: [arguments[2]]})});
        return {status: answer.status, body: await answer.text()};""", options.show, seat)


try:
    email = "cdn-frontend@example.com"
    driver.get(f"http://127.0.0.1:{options.allowed_port}/")
    signed_up = run("""
        const answer = await fetch(api + '/api/auth/user-reg', {method: 'POST', credentials: 'include',
            headers: {'Content-Type': 'application/json'}, body: JSON.stringify({name: 'Cdn', email: arguments[1]})});
        return {status: answer.status};""", email)
    expect(signed_up.get("status") == 200, f"the allowed origin's page signs up: {signed_up}")
    with urllib.request.urlopen(f"{api}/dev/outbox?to={urllib.parse.quote(email)}") as answer:
        code = re.search(r"\b\d{6}\b", json.load(answer)["mails"][0]["text"]).group(0)
    verified = run("""
        const answer = await fetch(api + '/api/auth/verify-otp', {method: 'POST', credentials: 'include',
            headers: {'Content-Type': 'application/json'}, body: JSON.stringify({email: arguments[1], inputOtp: arguments[2]})});
        return {status: answer.status};""", email, code)
    expect(verified.get("status") == 200, f"the passcode signs the page's customer in: {verified}")
    # From here on only the cookie the browser keeps for the API: no token in the page.
    me = run("""
        const answer = await fetch(api + '/api/auth/me', {credentials: 'include'});
        return {status: answer.status, body: await answer.json()};""")
    expect(me.get("status") == 200, f"a credentialed cross-origin read is answered and readable: {me}")
    expect(email in json.dumps(me.get("body")), f"the cookie is the customer's: {me}")
    print(f"allowed origin http://127.0.0.1:{options.allowed_port}: signed in and read /api/auth/me with the cookie", flush=True)
    held = hold_with_cookie("B1")
    expect(held.get("status") == 200, f"the allowed origin's page holds a seat with the cookie (preflight passed): {held}")
    expect(seat_status("B1") == "held", "B1 is held on the seat map")
    print("allowed origin: held B1 with the cookie after a preflight", flush=True)

    driver.get(f"http://127.0.0.1:{options.other_port}/")
    read = run("""
        const answer = await fetch(api + '/api/auth/me', {credentials: 'include'});
        return {status: answer.status};""")
    expect("failed" in read, f"another origin's page cannot read the customer's answers: {read}")
    # What a forging page can still send: a "simple" request, no preflight, its answer opaque.
    run("""
        await fetch(api + '/api/booking/hold', {method: 'POST', credentials: 'include', mode: 'no-cors',
            headers: {'Content-Type': 'text/plain'}, body: JSON.stringify({eventId: arguments[1], seats: ['B2']})});
        return {};""", options.show)
    # Had it been taken, B2 would be held and B1 released (a customer's new hold replaces their last).
    expect(seat_status("B2") == "free" and seat_status("B1") == "held",
           f"the forged hold from another origin took nothing: B1 {seat_status('B1')}, B2 {seat_status('B2')}")
    print(f"other origin http://127.0.0.1:{options.other_port}: read refused by the browser, forged hold refused by the server", flush=True)
    print("PASSED", flush=True)
finally:
    driver.quit()

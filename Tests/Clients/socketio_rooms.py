"""A Socket.IO client no one here wrote (python-socketio, from PyPI) against `tktplz serve`: over long-polling, over
WebSocket and upgrading from one to the other, a customer connects with a session token as its auth, joins a show
and receives `seats-locked` and `seats-unlocked` for a hold and its release made over REST, with the very payloads
a plain `/ws` client gets; a bad token is refused at connect; a client that reconnects resumes by position (what
happened while it was away arrives after its join); a customer waiting in an on-sale queue follows its admissions in
the queue's room. Run by Tests/APITests/SocketIOClientTests.swift; exits non-zero
on the first failed expectation and prints PASSED at the end."""
import argparse
import json
import queue
import re
import sys
import time
import urllib.parse
import urllib.request

import socketio
import websocket

arguments = argparse.ArgumentParser()
arguments.add_argument("--base", required=True)
arguments.add_argument("--show", required=True)
options = arguments.parse_args()
base = options.base


def expect(condition, message):
    if not condition:
        print(f"FAILED: {message}", flush=True)
        sys.exit(1)


def http(method, path, body=None, token=None):
    request = urllib.request.Request(f"{base}{path}", method=method, data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


def sign_in(email):
    http("POST", "/api/auth/user-reg", {"name": "Client", "email": email})
    mails = http("GET", f"/dev/outbox?to={urllib.parse.quote(email)}")["mails"]
    code = re.search(r"\b\d{6}\b", mails[0]["text"]).group(0)
    return http("POST", "/api/auth/verify-otp", {"email": email, "inputOtp": code})["token"]


class Listener:
    """A python-socketio client that queues every event it receives."""

    def __init__(self, transports, token):
        self.events = queue.Queue()
        self.client = socketio.Client(reconnection=False)
        self.client.on("*", lambda event, data: self.events.put((event, data)))
        self.client.connect(base, transports=transports, auth={"token": token}, wait_timeout=10)

    def next(self, name, seconds=5):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                event, data = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if event == name:
                return data
        expect(False, f"no {name} event within {seconds} s")


class PlainSocket:
    """A plain `/ws` client, for the payloads to compare with."""

    def __init__(self):
        self.socket = websocket.create_connection(base.replace("http", "ws") + "/ws", timeout=5)
        self.socket.send(json.dumps({"type": "join", "eventId": options.show}))

    def next(self, name):
        while True:
            frame = json.loads(self.socket.recv())
            if frame["type"] == name:
                return frame


token = sign_in(f"socketio-{int(time.time())}@example.com")

# A bad token is refused at connect, with the reason.
refused = socketio.Client(reconnection=False)
try:
    refused.connect(base, transports=["polling"], auth={"token": "not-a-token"}, wait_timeout=5)
    expect(False, "a bad token is refused at connect")
except socketio.exceptions.ConnectionError as error:
    print(f"a bad token: refused at connect ({error})", flush=True)

seats = [["C1", "C2"], ["C3"], ["C4", "C5"]]
for transports, pair in zip([["polling"], ["websocket"], ["polling", "websocket"]], seats):
    listener = Listener(transports, token)
    plain = PlainSocket()
    ack = listener.client.call("join", {"eventId": options.show}, timeout=5)
    expect(ack == {"ok": True}, f"join is acknowledged: {ack}")
    joined = listener.next("joined")
    plain.next("joined")
    held = http("POST", "/api/booking/hold", {"eventId": options.show, "seats": pair}, token)
    locked = listener.next("seats-locked")
    expect(locked["seats"] == pair and locked["position"] > joined["position"], f"seats-locked names the hold's seats: {locked}")
    expect(locked == plain.next("seats-locked"), "the same seats-locked payload as /ws")
    http("POST", "/api/booking/release", {"eventId": options.show, "bookingId": held["bookingId"]}, token)
    unlocked = listener.next("seats-unlocked")
    expect(unlocked["seats"] == pair and unlocked["reason"] == "released", f"seats-unlocked for the release: {unlocked}")
    expect(unlocked == plain.next("seats-unlocked"), "the same seats-unlocked payload as /ws")
    # Let an upgrade finish before saying which transport carried the events.
    time.sleep(0.3)
    print(f"{'+'.join(transports)} (now {listener.client.transport()}): seats-locked at {locked['position']}, "
          f"seats-unlocked at {unlocked['position']}, payloads equal to /ws's", flush=True)
    last = unlocked["position"]
    listener.client.disconnect()
    plain.socket.close()

# Away, a hold happens; back, the client joins after the last position it saw and gets it.
held = http("POST", "/api/booking/hold", {"eventId": options.show, "seats": ["C9"]}, token)
back = Listener(["websocket"], token)
back.client.call("join", {"eventId": options.show, "after": last}, timeout=5)
missed = back.next("seats-locked")
expect(missed["seats"] == ["C9"] and missed["position"] > last, f"the reconnecting client gets the hold it missed: {missed}")
print(f"reconnected after position {last}: got the missed seats-locked at {missed['position']}", flush=True)
back.client.disconnect()

# An on-sale queue's room: the organizer puts demo-open behind a queue opening in four seconds, admitting one a
# second; a customer who joined it follows the admissions live over Socket.IO, as over /ws.
http("POST", "/api/auth/orgn-login", {"email": "organizer@demo.tktplz"})
mails = http("GET", "/dev/outbox?to=organizer%40demo.tktplz")["mails"]
code = re.search(r"\b\d{6}\b", mails[0]["text"]).group(0)
organizer = http("POST", "/api/auth/verify-otp", {"email": "organizer@demo.tktplz", "inputOtp": code})["token"]
http("PUT", "/api/organizer/events/demo-open/queue", {"opensAt": int(time.time() * 1000) + 4000, "admitPerMinute": 60}, organizer)
waiting = [sign_in(f"queue-{index}@example.com") for index in range(3)]
for customer in waiting:
    http("POST", "/api/queue/demo-open", {}, customer)
follower = Listener(["websocket"], waiting[0])
ack = follower.client.call("join-queue", {"eventId": "demo-open"}, timeout=5)
expect(ack == {"ok": True}, f"join-queue is acknowledged: {ack}")
follower.next("queue-joined")
statuses = [follower.next("queue-status", seconds=15)]
while statuses[-1]["admitted"] < 2:
    statuses.append(follower.next("queue-status", seconds=15))
expect(statuses[0]["opened"] and statuses[0]["waiting"] == 3, f"the opening is announced with everyone waiting: {statuses[0]}")
expect(all(after["admitted"] == before["admitted"] + 1 for before, after in zip(statuses, statuses[1:])),
       f"each admission announced in order: {statuses}")
print(f"queue room over Socket.IO: {[(status['admitted'], status['waiting']) for status in statuses]} (admitted, waiting)", flush=True)
follower.client.disconnect()
print("PASSED", flush=True)

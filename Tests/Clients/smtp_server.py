"""A real SMTP server for the mail tests: aiosmtpd with STARTTLS required (a certificate for localhost from a CA
that trustme makes, its PEM written to DIR/ca.pem), AUTH required (user "mailer", password "s3cret"), and the
first REFUSALS attempts at each message (by Message-ID) answered with 451 (try again later). Every attempt is a
line of DIR/attempts.txt; every accepted message a JSON line of DIR/received.jsonl (to, subject, text, Message-ID).
Writes DIR/ready once listening on 127.0.0.1:PORT, and serves until stdin closes.

Usage: smtp_server.py DIR PORT REFUSALS, or smtp_server.py DIR ca to make the CA only (DIR/ca.pem and
DIR/ca-key.pem, which a later start in DIR then uses).
"""
import email
import email.policy
import json
import os
import ssl
import sys

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

directory = sys.argv[1]
ca_file, key_file = os.path.join(directory, "ca.pem"), os.path.join(directory, "ca-key.pem")
if os.path.exists(key_file):
    ca = trustme.CA.from_pem(open(ca_file, "rb").read(), open(key_file, "rb").read())
else:
    ca = trustme.CA()
    ca.cert_pem.write_to_path(ca_file)
    ca.private_key_pem.write_to_path(key_file)
if sys.argv[2] == "ca":
    sys.exit(0)
port, refusals = int(sys.argv[2]), int(sys.argv[3])
certificate = ca.issue_cert("localhost")
context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
certificate.configure_cert(context)
attempts = {}


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"mailer" and auth_data.password == b"s3cret"
    return AuthResult(success=ok)


class Handler:
    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message_id = str(message["Message-ID"])
        attempts[message_id] = attempts.get(message_id, 0) + 1
        with open(os.path.join(directory, "attempts.txt"), "a") as out:
            out.write(f"{message_id} {attempts[message_id]}\n")
        if attempts[message_id] <= refusals:
            return "451 4.3.0 Try again later"
        body = message.get_body(preferencelist=("plain",))
        record = {
            "from": envelope.mail_from, "to": envelope.rcpt_tos, "subject": str(message["Subject"]),
            "text": body.get_content() if body is not None else "", "messageId": message_id,
            "attachments": [part.get_filename() for part in message.iter_attachments()],
        }
        with open(os.path.join(directory, "received.jsonl"), "a") as out:
            out.write(json.dumps(record) + "\n")
        return "250 OK"


controller = Controller(Handler(), hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                        authenticator=authenticate, auth_required=True)
controller.start()
open(os.path.join(directory, "ready"), "w").close()
sys.stdin.read()
controller.stop()

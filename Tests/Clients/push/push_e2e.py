#!/usr/bin/env python3
"""WebDAV-Push end to end (issue 11), against the built `cadence serve` on loopback.

    python Tests/Clients/push/push_e2e.py .build/debug/cadence

A push-service stand-in on 127.0.0.1 receives what Cadence sends and checks it as a phone
would, with third-party code only: `http_ece` decrypts each message (RFC 8291, aes128gcm)
with the subscription's private key, `cryptography` verifies the VAPID JWT (RFC 8292,
ES256). It asserts that a change made by one client reaches another client's subscription
within one second (from DAV and from the CRM JSON API), and covers registration errors,
expiry, 410 clean-up, unregistering and Push-Dont-Notify. The server runs with
CADENCE_PUSH_ALLOW_HTTP_LOOPBACK=1 so that the stand-in may be plain http on loopback.
"""
import base64
import http.client
import http.server
import json
import os
import queue
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
import xml.etree.ElementTree as ET
from email.utils import formatdate

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

PUSH = "https://bitfire.at/webdav-push"
DAV = "DAV:"
P = "{%s}" % PUSH
D = "{DAV:}"


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64u(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """A DAV/HTTP client of one user (http.client, Basic auth)."""

    def __init__(self, port, user, password):
        self.port, self.user, self.password = port, user, password

    def request(self, method, path, body=None, headers=None):
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        all_headers = {"Authorization": f"Basic {token}", **(headers or {})}
        if isinstance(body, str):
            body = body.encode()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def props(self, path, names):
        body = '<D:propfind xmlns:D="DAV:" xmlns:P="%s"><D:prop>%s</D:prop></D:propfind>' % (
            PUSH, "".join(names))
        status, _, data = self.request(
            "PROPFIND", path, body, {"Depth": "0", "Content-Type": "application/xml"})
        assert status == 207, (status, data)
        return ET.fromstring(data)


class Subscription:
    """A phone's Web Push subscription: its own key pair and auth secret, at the stand-in."""

    def __init__(self, service, name):
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        public = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        self.public_key = b64u(public)
        self.auth_secret = os.urandom(16)
        self.path = f"/push/{name}-{uuid.uuid4().hex}"
        self.url = f"http://127.0.0.1:{service.port}{self.path}"
        self.location = None
        service.subscriptions[self.path] = self

    def register_body(self, trigger=None, expires=None):
        parts = [
            f'<P:push-register xmlns:D="DAV:" xmlns:P="{PUSH}">',
            "<P:subscription><P:web-push-subscription>",
            f"<P:push-resource>{self.url}</P:push-resource>",
            "<P:content-encoding>aes128gcm</P:content-encoding>",
            f'<P:subscription-public-key type="p256dh">{self.public_key}</P:subscription-public-key>',
            f"<P:auth-secret>{b64u(self.auth_secret)}</P:auth-secret>",
            "</P:web-push-subscription></P:subscription>",
        ]
        if trigger is not None:
            parts.append(f"<P:trigger>{trigger}</P:trigger>")
        if expires is not None:
            parts.append(f"<P:expires>{formatdate(expires, usegmt=True)}</P:expires>")
        parts.append("</P:push-register>")
        return "".join(parts)


class PushService(http.server.ThreadingHTTPServer):
    """The push-service stand-in: records each POST with its arrival time."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), PushHandler)
        self.port = self.server_address[1]
        self.subscriptions = {}
        self.received = queue.Queue()
        self.statuses = {}  # path -> status to answer (default 201)
        self.vapid_key = None  # the advertised key, base64url

    def messages_for(self, subscription, timeout):
        """Every message for `subscription` arriving within `timeout` seconds (others kept)."""
        found, others = [], []
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            try:
                message = self.received.get(timeout=remaining)
            except queue.Empty:
                break
            (found if message["path"] == subscription.path else others).append(message)
            if found:
                # Pick up whatever else arrives together, then stop.
                deadline = min(deadline, time.monotonic() + 0.3)
        for message in others:
            self.received.put(message)
        return found

    def drain(self):
        while not self.received.empty():
            self.received.get_nowait()


class PushHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        self.server.received.put({
            "path": self.path, "headers": dict(self.headers.items()), "body": body,
            "at": time.monotonic(),
        })
        status = self.server.statuses.get(self.path, 201)
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def verify_vapid(service, message, subscription):
    """RFC 8292: `Authorization: vapid t=<ES256 JWT>, k=<key>`, checked with `cryptography`."""
    authorization = message["headers"].get("Authorization", "")
    assert authorization.startswith("vapid "), authorization
    params = dict(part.strip().split("=", 1) for part in authorization[6:].split(","))
    assert params["k"] == service.vapid_key, "k is not the advertised VAPID key"
    header_b64, claims_b64, signature_b64 = params["t"].split(".")
    header = json.loads(unb64u(header_b64))
    claims = json.loads(unb64u(claims_b64))
    assert header["alg"] == "ES256", header
    parsed = urllib.parse.urlsplit(subscription.url)
    assert claims["aud"] == f"{parsed.scheme}://{parsed.netloc}", claims
    assert time.time() < claims["exp"] <= time.time() + 86400, claims
    assert claims["sub"].startswith(("mailto:", "https:", "http:")), claims
    signature = unb64u(signature_b64)
    assert len(signature) == 64
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64u(params["k"]))
    der = encode_dss_signature(
        int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
    try:
        public.verify(der, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise AssertionError("the VAPID JWT signature does not verify")
    headers = message["headers"]
    assert headers.get("Content-Encoding") == "aes128gcm", headers
    assert int(headers.get("TTL", "-1")) >= 0, headers
    assert headers.get("Urgency") in ("very-low", "low", "normal", "high"), headers


def decrypt(message, subscription):
    """RFC 8291 decryption with the subscription's private key, by `http_ece`."""
    plaintext = http_ece.decrypt(
        message["body"], private_key=subscription.private_key,
        auth_secret=subscription.auth_secret, version="aes128gcm")
    return ET.fromstring(plaintext)


class Failures:
    def __init__(self):
        self.items = []

    def check(self, condition, what):
        print(("ok   " if condition else "FAIL ") + what, flush=True)
        if not condition:
            self.items.append(what)


def main():
    cadence = sys.argv[1]
    work = tempfile.mkdtemp(prefix="cadence-push-")
    data = os.path.join(work, "data")
    log = open(os.path.join(work, "server.log"), "w")
    server = None
    failures = Failures()
    service = PushService()
    threading.Thread(target=service.serve_forever, daemon=True).start()
    try:
        password = "alice-" + uuid.uuid4().hex
        bob_password = "bob-" + uuid.uuid4().hex
        for user, secret in (("alice", password), ("bob", bob_password)):
            subprocess.run(
                [cadence, "user", "add", user, "--data", data, "--email", f"{user}@example.com"],
                input=secret + "\n", text=True, check=True, stdout=log, stderr=log)
        port = free_port()
        environment = dict(os.environ, CADENCE_PUSH_ALLOW_HTTP_LOOPBACK="1")
        server = subprocess.Popen(
            [cadence, "serve", "--host", "127.0.0.1", "--port", str(port), "--data", data],
            stdout=log, stderr=log, env=environment)
        deadline = time.monotonic() + 60
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/health")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("cadence serve did not start")
            time.sleep(0.3)

        laptop = Client(port, "alice", password)  # the client that makes changes
        phone = Client(port, "alice", password)  # the client that is woken
        calendar = "/caldav/calendars/alice/crm-tasks/"

        # Discovery.
        status, headers, _ = laptop.request("OPTIONS", calendar)
        failures.check("webdav-push" in headers.get("DAV", ""), "DAV header lists webdav-push")
        found = phone.props(calendar, ["<P:transports/>", "<P:topic/>", "<P:supported-triggers/>"])
        key = found.find(f".//{P}transports/{P}web-push/{P}vapid-public-key")
        topic = found.findtext(f".//{P}topic")
        service.vapid_key = key.text.strip() if key is not None else None
        failures.check(
            key is not None and key.get("type") == "p256ecdsa" and len(unb64u(service.vapid_key)) == 65,
            "P:transports carries the VAPID P-256 key")
        failures.check(bool(topic) and "crm-tasks" not in topic, "P:topic is opaque")
        failures.check(
            found.find(f".//{P}supported-triggers/{P}content-update") is not None,
            "P:supported-triggers offers content-update")

        # Registration.
        subscription = Subscription(service, "phone")
        status, headers, _ = phone.request(
            "POST", calendar, subscription.register_body(),
            {"Content-Type": "application/xml; charset=utf-8"})
        subscription.location = headers.get("Location")
        failures.check(status == 201 and subscription.location and headers.get("Expires"),
                       f"push-register answers 201 with Location and Expires ({status})")
        status, _, _ = phone.request(
            "POST", calendar, subscription.register_body(),
            {"Content-Type": "application/xml; charset=utf-8"})
        failures.check(status == 204, f"registering the same push resource again updates ({status})")

        # A change by the laptop reaches the phone within a second, decryptable and signed.
        event = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//push test//EN\r\nBEGIN:VTODO\r\n"
                 "UID:push-1\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:Call back\r\nEND:VTODO\r\n"
                 "END:VCALENDAR\r\n")
        started = time.monotonic()
        status, _, _ = laptop.request(
            "PUT", calendar + "push-1.ics", event, {"Content-Type": "text/calendar"})
        failures.check(status == 201, f"laptop PUT ({status})")
        messages = service.messages_for(subscription, 3)
        latency = messages[0]["at"] - started if messages else None
        failures.check(bool(messages) and latency < 1.0,
                       f"the change reached the phone's subscription in {latency and round(latency, 3)} s (< 1 s)")
        if messages:
            verify_vapid(service, messages[0], subscription)
            failures.check(True, "VAPID JWT verified with cryptography (ES256, aud, exp, k)")
            document = decrypt(messages[-1], subscription)
            token_now = phone.props(calendar, ["<D:sync-token/>"]).findtext(f".//{D}sync-token")
            failures.check(document.tag == f"{P}push-message" and document.findtext(f"{P}topic") == topic,
                           "decrypted with http_ece: a push-message with the calendar's topic")
            failures.check(document.findtext(f"{P}content-update/{D}sync-token") == token_now,
                           "the push message carries the new sync token")

        # A change through the CRM JSON API reaches it too.
        service.drain()
        started = time.monotonic()
        status, _, body = laptop.request(
            "POST", "/api/v1/tasks", json.dumps({"type": "to-do", "title": "From the CRM"}),
            {"Content-Type": "application/json"})
        messages = service.messages_for(subscription, 3)
        latency = messages[0]["at"] - started if messages else None
        failures.check(status == 201 and bool(messages) and latency < 1.0,
                       f"a CRM API change reached the subscription in {latency and round(latency, 3)} s ({status})")

        # A home registration is told when a calendar is added.
        home_sub = Subscription(service, "home")
        status, headers, _ = phone.request("POST", "/caldav/calendars/alice/", home_sub.register_body(),
                                           {"Content-Type": "application/xml"})
        home_sub.location = headers.get("Location")
        failures.check(status == 201, f"push-register on the calendar home ({status})")
        time.sleep(1)
        service.drain()
        started = time.monotonic()
        status, _, _ = laptop.request("MKCALENDAR", "/caldav/calendars/alice/projects/")
        home_messages = service.messages_for(home_sub, 3)
        latency = home_messages[0]["at"] - started if home_messages else None
        failures.check(status == 201 and bool(home_messages) and latency < 1.0,
                       f"a new calendar reached the home's subscription in {latency and round(latency, 3)} s")
        if home_messages:
            document = decrypt(home_messages[0], home_sub)
            failures.check(document.find(f"{P}content-update") is not None,
                           "the home's push message is a content update")
        phone.request("DELETE", home_sub.location or "/none")

        # Push-Dont-Notify: the phone's own change does not wake the phone, but wakes another.
        tablet = Subscription(service, "tablet")
        status, headers, _ = phone.request("POST", calendar, tablet.register_body(),
                                           {"Content-Type": "application/xml"})
        tablet.location = headers.get("Location")
        service.drain()
        status, _, _ = phone.request(
            "PUT", calendar + "push-2.ics", event.replace("push-1", "push-2"),
            {"Content-Type": "text/calendar", "Push-Dont-Notify": f'"{subscription.location}"'})
        to_tablet = service.messages_for(tablet, 3)
        to_phone = service.messages_for(subscription, 1.5)
        failures.check(bool(to_tablet) and not to_phone,
                       f"Push-Dont-Notify: the tablet is told ({len(to_tablet)}), the phone is not ({len(to_phone)})")

        # Registration errors.
        def error(body, path=calendar):
            status, _, data = phone.request("POST", path, body, {"Content-Type": "application/xml"})
            try:
                names = [child.tag for child in ET.fromstring(data)]
            except ET.ParseError:
                names = []
            return status, names

        bad = Subscription(service, "bad")
        bad.url = "http://push.example.net/x"
        failures.check(error(bad.register_body()) == (403, [f"{P}invalid-subscription"]),
                       "non-loopback http push resource: 403 invalid-subscription")
        bad = Subscription(service, "badkey")
        bad.public_key = b64u(b"\x04" + b"\x01" * 64)
        failures.check(error(bad.register_body()) == (403, [f"{P}invalid-subscription"]),
                       "a key that is not a P-256 point: 403 invalid-subscription")
        only_properties = Subscription(service, "props").register_body(
            trigger="<P:property-update><D:depth>0</D:depth></P:property-update>")
        failures.check(error(only_properties) == (403, [f"{P}no-supported-trigger"]),
                       "only property-update: 403 no-supported-trigger")
        failures.check(error(Subscription(service, "obj").register_body(), calendar + "push-1.ics")
                       == (403, [f"{P}push-not-available"]),
                       "registering on an object: 403 push-not-available")
        bob = Client(port, "bob", bob_password)
        status, _, _ = bob.request("POST", calendar, Subscription(service, "bob").register_body(),
                                   {"Content-Type": "application/xml"})
        failures.check(status == 404, f"Bob cannot register on Alice's calendar ({status})")
        status, _, _ = bob.request("DELETE", subscription.location)
        failures.check(status == 404, f"Bob cannot delete Alice's registration ({status})")

        # Expiry: a registration that expired is never used.
        short = Subscription(service, "short")
        status, headers, _ = phone.request("POST", calendar, short.register_body(expires=time.time() + 2),
                                           {"Content-Type": "application/xml"})
        failures.check(status == 201, f"a short registration is accepted ({status})")
        time.sleep(3)
        service.drain()
        laptop.request("PUT", calendar + "push-3.ics", event.replace("push-1", "push-3"),
                       {"Content-Type": "text/calendar"})
        failures.check(bool(service.messages_for(subscription, 3)), "the live subscription is told")
        failures.check(not service.messages_for(short, 1), "the expired subscription is not")

        # 410 from the push service deletes the registration.
        service.statuses[tablet.path] = 410
        service.drain()
        laptop.request("PUT", calendar + "push-4.ics", event.replace("push-1", "push-4"),
                       {"Content-Type": "text/calendar"})
        failures.check(bool(service.messages_for(tablet, 3)), "the gone subscription was tried")
        time.sleep(0.5)
        status, _, _ = phone.request("DELETE", tablet.location)
        failures.check(status == 404, f"after 410 the registration is gone ({status})")

        # Unregistering stops the messages.
        status, _, _ = phone.request("DELETE", subscription.location)
        failures.check(status == 204, f"DELETE of the registration URL ({status})")
        service.drain()
        laptop.request("DELETE", calendar + "push-1.ics")
        failures.check(not service.messages_for(subscription, 1.5), "no message after unregistering")
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        service.shutdown()
        log.close()
        if failures.items:
            with open(os.path.join(work, "server.log")) as handle:
                print("---- cadence serve log (last 60 lines) ----")
                print("".join(handle.readlines()[-60:]))
        shutil.rmtree(work, ignore_errors=True)
    if failures.items:
        print(f"push_e2e: {len(failures.items)} check(s) failed")
        sys.exit(1)
    print("push_e2e: every check passed")


if __name__ == "__main__":
    main()

"""Crash safety and a bounded soak against the real server (issue 8).

    python crash_soak.py CADENCE_BINARY [--kills N] [--soak-seconds S] [--concurrency C]

crash: writers PUT new objects and update existing ones with If-Match through 8 connections
while the server is killed with SIGKILL N times at random moments and restarted on the same data
folder. After each restart: SQLite's integrity check passes, every write the server acknowledged
before the kill is there with the acknowledged ETag (an update's ETag, or one written after it),
a fresh sync-collection lists exactly the objects GET finds, and an incremental sync from a token
taken before the kill reports every change made after it.

soak: C connections run a mix of PUT, GET, PROPFIND Depth 1, calendar-query, multiget and
sync-collection for S seconds; no request may fail (5xx, connection errors, unexpected 4xx), and
the server's RSS at the end may not exceed its RSS after a warm-up by more than noise.

Loopback only; every loop is bounded in count and time. Exits non-zero on any failure.
"""

import argparse
import base64
import http.client
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid

USER, PASSWORD = "crash", "crash-" + uuid.uuid4().hex
CAL = f"/caldav/calendars/{USER}/crm-tasks/"
AUTH = {"Authorization": "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()}


def event(uid, summary):
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Cadence//crash test//EN\r\n"
            f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\n"
            "DTSTART:20261207T100000Z\r\nDTEND:20261207T110000Z\r\n"
            f"SUMMARY:{summary}\r\nX-CRASH-TEST;X-P=1:kept\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


class Server:
    def __init__(self, binary, data, port):
        self.binary, self.data, self.port = binary, data, port
        self.process = None
        self.log = os.path.join(data, "..", "server.log")

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--data", self.data], stdout=open(self.log, "ab"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if request("GET", "/health", port=self.port, auth=False)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit("server did not start; see " + self.log)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def rss_kib(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0


def request(method, path, body=None, headers=None, port=None, auth=True, timeout=30):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        all_headers = dict(AUTH if auth else {})
        all_headers.update(headers or {})
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def sync(port, token=""):
    body = ('<?xml version="1.0"?><D:sync-collection xmlns:D="DAV:">'
            f'<D:sync-token>{token}</D:sync-token><D:sync-level>1</D:sync-level>'
            '<D:prop><D:getetag/></D:prop></D:sync-collection>')
    status, _, data = request("REPORT", CAL, body, {"Content-Type": "application/xml"}, port)
    assert status == 207, (status, data[:300])
    text = data.decode()
    new_token = re.search(r"<D:sync-token>([^<]+)</D:sync-token>", text).group(1)
    changed, removed = {}, set()
    for response in re.findall(r"<D:response>(.*?)</D:response>", text, re.S):
        href = re.search(r"<D:href>([^<]+)</D:href>", response).group(1)
        etag = re.search(r"<D:getetag>([^<]+)</D:getetag>", response)
        if etag:
            changed[href.rsplit("/", 1)[1]] = etag.group(1)
        else:
            removed.add(href.rsplit("/", 1)[1])
    return new_token, changed, removed


def crash_test(binary, kills, work):
    data, port, server = fresh_server(binary, work, "crash-data")
    acknowledged = {}  # name -> the ETags the server acknowledged for it, newest last
    # name -> every SUMMARY sent for it, in order, and the index of the last acknowledged one. A
    # write the server committed but could not acknowledge before the kill may stand instead of
    # the acknowledged one; one older than the last acknowledged write may not.
    attempts, last_ack = {}, {}
    lock = threading.Lock()
    failures = []
    totals = {"puts": 0, "updates": 0, "refused": 0}

    def writer(worker, stop):
        rng = random.Random(worker)
        while not stop.is_set():
            with lock:
                mine = [n for n in acknowledged if n.startswith(f"w{worker}-")]
            try:
                if mine and rng.random() < 0.3:
                    name = rng.choice(mine)
                    summary = f"update {uuid.uuid4().hex[:8]}"
                    with lock:
                        etag = acknowledged[name][-1]
                        attempts[name].append(summary)
                    status, headers, _ = request(
                        "PUT", CAL + name, event(name[:-4], summary),
                        {"Content-Type": "text/calendar", "If-Match": etag}, port, timeout=10)
                    kind = "updates"
                else:
                    name = f"w{worker}-{uuid.uuid4().hex[:10]}.ics"
                    summary = "new"
                    with lock:
                        attempts[name] = [summary]
                    status, headers, _ = request(
                        "PUT", CAL + name, event(name[:-4], summary),
                        {"Content-Type": "text/calendar", "If-None-Match": "*"}, port, timeout=10)
                    kind = "puts"
            except (OSError, http.client.HTTPException):
                time.sleep(0.05)  # the server is down: unacknowledged, nothing to check
                continue
            if status in (201, 204):
                with lock:
                    acknowledged.setdefault(name, []).append(headers["etag"])
                    last_ack[name] = len(attempts[name]) - 1 - attempts[name][::-1].index(summary)
                    totals[kind] += 1
            elif status == 412:
                with lock:
                    totals["refused"] += 1  # lost a race with its own earlier, unacknowledged write
            else:
                failures.append(f"PUT {name}: {status}")

    survived = 0
    for round_number in range(kills):
        token_before, _, _ = sync(port)
        with lock:
            before_kill = {name: list(etags) for name, etags in acknowledged.items()}
        stop = threading.Event()
        threads = [threading.Thread(target=writer, args=(w, stop)) for w in range(8)]
        for thread in threads:
            thread.start()
        time.sleep(random.uniform(0.5, 2.5))
        server.kill()
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        with lock:
            snapshot = {name: list(etags) for name, etags in acknowledged.items()}
            allowed = {name: attempts[name][last_ack[name]:] for name in snapshot}
        check = sqlite3.connect(os.path.join(data, "cadence.sqlite"))
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
        check.close()
        if result != "ok":
            failures.append(f"round {round_number}: integrity_check: {result}")
        server.start()
        _, listed, _ = sync(port)
        for name, etags in snapshot.items():
            status, headers, body = request("GET", CAL + name, port=port)
            stored = re.search(rb"SUMMARY:([^\r\n]*)", body)
            stored = stored.group(1).decode() if stored else None
            if status != 200:
                failures.append(f"round {round_number}: acknowledged {name} is gone ({status})")
            elif stored not in allowed[name]:
                failures.append(f"round {round_number}: {name} holds {stored!r}, acknowledged "
                                f"{allowed[name][0]!r} (later attempts {allowed[name][1:]})")
            elif b"X-CRASH-TEST;X-P=1:kept" not in body:
                failures.append(f"round {round_number}: {name} lost its X- property")
            if listed.get(name) != headers.get("etag"):
                failures.append(f"round {round_number}: sync lists {name} as {listed.get(name)}")
        _, changed, _ = sync(port, token_before)
        for name, etags in snapshot.items():
            if etags != before_kill.get(name) and name not in changed:  # changed after the token
                failures.append(f"round {round_number}: incremental sync misses {name}")
        survived += 1
    server.stop()
    print(f"crash: {survived} SIGKILLs survived, {len(acknowledged)} objects, "
          f"{totals['puts']} creates and {totals['updates']} updates acknowledged, "
          f"{totals['refused']} 412s, {len(failures)} failures")
    return failures


def soak_test(binary, seconds, concurrency, work):
    _, port, server = fresh_server(binary, work, "soak-data")
    names = [f"soak-{i}.ics" for i in range(200)]
    for name in names:
        assert request("PUT", CAL + name, event(name[:-4], "soak"),
                       {"Content-Type": "text/calendar"}, port)[0] == 201
    query = ('<?xml version="1.0"?><C:calendar-query xmlns:D="DAV:" '
             'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/></D:prop><C:filter>'
             '<C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:time-range '
             'start="20261201T000000Z" end="20270101T000000Z"/></C:comp-filter></C:comp-filter>'
             '</C:filter></C:calendar-query>')
    failures, counts = [], {"requests": 0}
    lock = threading.Lock()

    def worker(index, until):
        rng = random.Random(index)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        done = 0
        while time.monotonic() < until and done < 1_000_000:
            done += 1
            name = rng.choice(names)
            choice = rng.random()
            if choice < 0.2:
                args = ("PUT", CAL + name, event(name[:-4], f"soak {done}"),
                        {"Content-Type": "text/calendar"}, {201, 204})
            elif choice < 0.5:
                args = ("GET", CAL + name, None, {}, {200})
            elif choice < 0.65:
                args = ("PROPFIND", CAL, None, {"Depth": "1"}, {207})
            elif choice < 0.8:
                args = ("REPORT", CAL, query, {"Depth": "1", "Content-Type": "application/xml"},
                        {207})
            else:
                body = ('<?xml version="1.0"?><D:sync-collection xmlns:D="DAV:"><D:sync-token/>'
                        '<D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop>'
                        '</D:sync-collection>')
                args = ("REPORT", CAL, body, {"Content-Type": "application/xml"}, {207})
            method, path, body, headers, expected = args
            try:
                connection.request(method, path, body=body, headers={**AUTH, **headers})
                response = connection.getresponse()
                response.read()
                if response.status not in expected:
                    failures.append(f"{method} {path}: {response.status}")
            except (OSError, http.client.HTTPException) as error:
                failures.append(f"{method} {path}: {error}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            with lock:
                counts["requests"] += 1
        connection.close()

    def run(duration):
        until = time.monotonic() + duration
        threads = [threading.Thread(target=worker, args=(i, until)) for i in range(concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=duration + 60)

    run(min(10, seconds / 3))  # warm-up: caches, pools, allocator arenas
    warm = server.rss_kib()
    started = time.monotonic()
    before = counts["requests"]
    run(seconds)
    elapsed = time.monotonic() - started
    end = server.rss_kib()
    server.stop()
    done = counts["requests"] - before
    print(f"soak: {done} requests in {elapsed:.0f}s at concurrency {concurrency} "
          f"({done / elapsed:.0f}/s), RSS after warm-up {warm // 1024} MiB, at the end "
          f"{end // 1024} MiB, {len(failures)} failures")
    # Growth beyond noise: a quarter over the warmed-up size plus 32 MiB of allocator slack.
    if end > warm * 1.25 + 32 * 1024:
        failures.append(f"soak: RSS grew from {warm} KiB to {end} KiB")
    return failures[:50]


def fresh_server(binary, work, folder):
    """A started server on a new data folder holding only USER; (data folder, port, Server)."""
    data = os.path.join(work, folder)
    os.makedirs(data)
    subprocess.run([binary, "user", "add", USER, "--data", data], input=PASSWORD + "\n",
                   text=True, check=True, capture_output=True)
    port = free_port()
    server = Server(binary, data, port)
    server.start()
    return data, port, server


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--soak-seconds", type=float, default=30)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cadence-reliability-") as work:
        failures = crash_test(args.binary, args.kills, work)
        if args.soak_seconds > 0:
            failures += soak_test(args.binary, args.soak_seconds, args.concurrency, work)
        if failures:
            print("FAILURES:\n  " + "\n  ".join(failures[:60]))
            log = os.path.join(work, "server.log")
            if os.path.exists(log):
                print("server log (last 40 lines):")
                print("".join(open(log, errors="replace").readlines()[-40:]))
            sys.exit(1)


if __name__ == "__main__":
    main()

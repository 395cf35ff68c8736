#!/usr/bin/env python3
"""End-to-end test of Cadence's sync connector against Radicale and Xandikos (see run.sh).

Standard library only; the remote servers are the `radicale` and `xandikos` commands next to
this Python (the test venv). Every process is started here and stopped by its own handle.
"""

import base64
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid

HOST = "127.0.0.1"
N = int(os.environ.get("CONNECTOR_OBJECTS", "500"))
BIN = os.path.dirname(sys.executable)


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def request(method, url, user, password, body=None, headers=None):
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    all_headers = {"Authorization": f"Basic {token}", **(headers or {})}
    if isinstance(body, str):
        body = body.encode()
    connection.request(method, parts.path, body=body, headers=all_headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), data


def event(uid, summary, hour=8):
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//cadence e2e//EN\r\nBEGIN:VEVENT\r\n"
            f"UID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nLAST-MODIFIED:20260101T{hour:02d}0000Z\r\n"
            f"DTSTART:20260301T100000Z\r\nDURATION:PT1H\r\nSUMMARY:{summary}\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n")


class Side:
    """One CalDAV collection: list, put, edit, delete by UID (objects are named UID.ics)."""

    def __init__(self, base, path, user, password):
        self.base, self.path, self.user, self.password = base, path, user, password

    def url(self, name=""):
        return self.base + self.path + name

    def put(self, uid, summary, hour=8, create=True):
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if create:
            headers["If-None-Match"] = "*"
        status, _, data = request("PUT", self.url(f"{uid}.ics"), self.user, self.password,
                                  event(uid, summary, hour), headers)
        assert status in (200, 201, 204), f"PUT {uid} on {self.base}: {status} {data[:200]}"

    def delete(self, uid):
        status, _, _ = request("DELETE", self.url(f"{uid}.ics"), self.user, self.password)
        assert status in (200, 204), f"DELETE {uid}: {status}"

    def count(self):
        """How many objects the collection has (PROPFIND Depth 1)."""
        status, _, data = request(
            "PROPFIND", self.url(), self.user, self.password,
            '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop>'
            "</d:propfind>", {"Depth": "1", "Content-Type": "application/xml"})
        assert status == 207, f"PROPFIND {self.url()}: {status}"
        return len([h for h in re.findall(r"<(?:\w+:)?href>([^<]+)</(?:\w+:)?href>",
                                          data.decode()) if h.endswith(".ics")])

    def listing(self):
        """UID → SUMMARY of every object (PROPFIND, then calendar-multiget)."""
        status, _, data = request(
            "PROPFIND", self.url(), self.user, self.password,
            '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop>'
            "</d:propfind>", {"Depth": "1", "Content-Type": "application/xml"})
        assert status == 207, f"PROPFIND {self.url()}: {status}"
        hrefs = [h for h in re.findall(r"<(?:\w+:)?href>([^<]+)</(?:\w+:)?href>", data.decode())
                 if h.endswith(".ics")]
        result = {}
        for start in range(0, len(hrefs), 200):
            body = ('<?xml version="1.0"?><c:calendar-multiget xmlns:d="DAV:" '
                    'xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><c:calendar-data/></d:prop>'
                    + "".join(f"<d:href>{h}</d:href>" for h in hrefs[start:start + 200])
                    + "</c:calendar-multiget>")
            status, _, data = request("REPORT", self.url(), self.user, self.password, body,
                                      {"Depth": "1", "Content-Type": "application/xml"})
            assert status == 207, f"multiget: {status}"
            text = data.decode().replace("&#13;", "").replace("\r", "")
            for block in text.split("BEGIN:VEVENT")[1:]:
                uid = re.search(r"\nUID:([^\n]+)", block).group(1).strip()
                summary = re.search(r"\nSUMMARY:([^\n]+)", block).group(1).strip()
                result[uid] = summary
        return result


RUNNING = []


class Process:
    def __init__(self, name, command, log):
        self.name, self.command, self.log, self.process = name, command, log, None
        RUNNING.append(self)

    def start(self, ready_url=None):
        self.process = subprocess.Popen(self.command, stdout=open(self.log, "ab"),
                                        stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while ready_url and time.time() < deadline:
            try:
                request("OPTIONS", ready_url, "x", "x")
                return
            except OSError:
                time.sleep(0.2)
        if ready_url:
            raise RuntimeError(f"{self.name} did not start")

    def stop(self, sig=signal.SIGTERM):
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=30)
        self.process = None


def wait_until(condition, what, timeout=120):
    deadline = time.time() + timeout
    while not condition():
        if time.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def wait_equal(local, remote, expected, what, timeout=float(os.environ.get("CONNECTOR_WAIT", "300"))):
    deadline = time.time() + timeout
    while True:
        left, right = local.listing(), remote.listing()
        if left == right == expected:
            print(f"  ok: {what}: {len(left)} objects equal on both sides")
            return
        if time.time() > deadline:
            only = lambda a, b: sorted(set(a.items()) - set(b.items()))[:5]
            raise AssertionError(
                f"{what}: sides differ: cadence {len(left)}, remote {len(right)}, expected "
                f"{len(expected)}; cadence-only {only(left, expected)}, remote-only "
                f"{only(right, expected)}, missing here {only(expected, left)}, missing there "
                f"{only(expected, right)}")
        time.sleep(1)


def run_against(kind, cadence_bin, work):
    print(f"==> sync connector against {kind}")
    rport, cport = free_port(), free_port()
    password = "remote-" + uuid.uuid4().hex
    if kind == "radicale":
        users = os.path.join(work, "users")
        with open(users, "w") as f:
            f.write(f"alice:{password}\n")
        config = os.path.join(work, "radicale.conf")
        with open(config, "w") as f:
            f.write(f"[server]\nhosts = {HOST}:{rport}\n[auth]\ntype = htpasswd\n"
                    f"htpasswd_filename = {users}\nhtpasswd_encryption = plain\n"
                    f"[storage]\nfilesystem_folder = {work}/radicale\n[rights]\ntype = owner_only\n"
                    "[web]\ntype = none\n[logging]\nlevel = warning\n")
        remote_process = Process(kind, [os.path.join(BIN, "radicale"), "--config", config],
                                 os.path.join(work, "remote.log"))
        path = "/alice/work/"
    else:
        remote_process = Process(kind, [os.path.join(BIN, "xandikos"), "--defaults", "-d",
                                        os.path.join(work, "xandikos"), "-l", HOST, "-p", str(rport)],
                                 os.path.join(work, "remote.log"))
        path = "/user/calendars/work/"
    remote_base = f"http://{HOST}:{rport}"
    remote_process.start(remote_base + "/")
    status, _, data = request(
        "MKCALENDAR", remote_base + path, "alice", password,
        '<?xml version="1.0"?><c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">'
        "<d:set><d:prop><d:displayname>work</d:displayname></d:prop></d:set></c:mkcalendar>",
        {"Content-Type": "application/xml"})
    assert status in (200, 201), f"MKCALENDAR on {kind}: {status} {data[:300]}"
    remote = Side(remote_base, path, "alice", password)

    data_dir = os.path.join(work, "cadence")
    local_password = "local-" + uuid.uuid4().hex
    env = {**os.environ, "CADENCE_SECRET_KEY": ""}
    subprocess.run([cadence_bin, "user", "add", "alice", "--data", data_dir],
                   input=local_password + "\n", text=True, check=True, capture_output=True, env=env)
    subprocess.run([cadence_bin, "calendar", "create", "alice", "work", "--data", data_dir],
                   check=True, capture_output=True, env=env)
    server = Process("cadence", [cadence_bin, "serve", "--host", HOST, "--port", str(cport),
                                 "--data", data_dir], os.path.join(work, "cadence.log"))
    server.start(f"http://{HOST}:{cport}/health")
    local = Side(f"http://{HOST}:{cport}", "/caldav/calendars/alice/work/", "alice", local_password)

    expected = {}
    started = time.time()
    for i in range(N):
        local.put(f"local-{i}", f"Local {i}")
        expected[f"local-{i}"] = f"Local {i}"
    for i in range(N):
        remote.put(f"remote-{i}", f"Remote {i}")
        expected[f"remote-{i}"] = f"Remote {i}"
    print(f"  seeded {N} objects on each side in {time.time() - started:.1f} s")

    password_file = os.path.join(work, "password")
    with open(password_file, "w") as f:
        f.write(password + "\n")
    subprocess.run([cadence_bin, "sync", "add", "alice", "work", remote_base + path, "--user",
                    "alice", "--password-file", password_file, "--interval", "5", "--data",
                    data_dir], check=True, capture_output=True, env=env)
    # Cadence killed in the middle of its first sync (some objects pushed), then restarted.
    wait_until(lambda: remote.count() > N, "the first sync to start")
    server.stop(signal.SIGKILL)
    print(f"  Cadence killed with {remote.count()} objects on the remote")
    server.start(f"http://{HOST}:{cport}/health")
    started = time.time()
    wait_equal(local, remote, expected, "first sync (Cadence killed mid-sync)")
    print(f"  first sync converged {time.time() - started:.1f} s after the restart")

    # Create, edit and delete on each side.
    local.put("local-new", "Made in Cadence")
    remote.put("remote-new", "Made remotely")
    local.put("remote-1", "Remote 1 edited in Cadence", hour=9, create=False)
    remote.put("local-1", "Local 1 edited remotely", hour=9, create=False)
    local.delete("remote-2")
    remote.delete("local-2")
    expected.update({"local-new": "Made in Cadence", "remote-new": "Made remotely",
                     "remote-1": "Remote 1 edited in Cadence", "local-1": "Local 1 edited remotely"})
    del expected["remote-2"], expected["local-2"]
    wait_equal(local, remote, expected, "create, edit, delete on each side")

    # A conflict: both sides edit local-3; the remote edit is newer and wins.
    remote.put("local-3", "Remote wins", hour=12, create=False)
    local.put("local-3", "Cadence loses", hour=10, create=False)
    expected["local-3"] = "Remote wins"
    wait_equal(local, remote, expected, "conflict (newest wins)")

    # The remote stopped in the middle of a sync, then restarted.
    before = remote.count()
    for i in range(50):
        local.put(f"burst-{i}", f"Burst {i}")
        expected[f"burst-{i}"] = f"Burst {i}"
    wait_until(lambda: remote.count() > before, "the burst's sync to start")
    remote_process.stop()
    print("  remote stopped once the burst's first pushes had arrived")
    time.sleep(3)
    remote_process.start(remote_base + "/")
    wait_equal(local, remote, expected, "remote stopped mid-sync and restarted")

    status_text = subprocess.run(
        [cadence_bin, "sync", "status", "--lines", "200", "--data", data_dir],
        check=True, capture_output=True, text=True, env=env).stdout
    server.stop()
    remote_process.stop()
    print("  " + status_text.splitlines()[0])
    assert status_text.count("\n") > 1, "the sync log is empty"


def main():
    cadence_bin = os.path.abspath(sys.argv[1])
    failures = []
    for kind in ("radicale", "xandikos"):
        work = tempfile.mkdtemp(prefix=f"cadence-connector-{kind}-")
        try:
            run_against(kind, cadence_bin, work)
        except Exception as error:  # report and go on with the next remote
            failures.append(f"{kind}: {error}")
            print(f"FAILED against {kind}: {error}", file=sys.stderr)
            for log in ("cadence.log", "remote.log"):
                path = os.path.join(work, log)
                if os.path.exists(path):
                    print(f"--- {log} (last 40 lines)", file=sys.stderr)
                    with open(path, errors="replace") as f:
                        print("".join(f.readlines()[-40:]), file=sys.stderr)
        finally:
            for process in RUNNING:
                process.stop(signal.SIGKILL)
            RUNNING.clear()
            shutil.rmtree(work, ignore_errors=True)
    if failures:
        sys.exit(1)
    print("sync connector: all checks passed")


if __name__ == "__main__":
    main()

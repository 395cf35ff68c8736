#!/usr/bin/env python3
"""End-to-end test of Cadence's sync connector against Radicale and Xandikos (see run.sh).

Standard library only; the remote servers are the `radicale` and `xandikos` commands next to
this Python (the test venv). Every process is started here and stopped by its own handle. The two
remotes are tested at the same time (each with its own folders, ports and Cadence), and each
side is seeded by several clients at once, to keep the run short.
"""

import base64
import concurrent.futures
import http.client
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
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


# TLS contexts of https remotes by port (the TLS check's own CA).
TLS_CONTEXTS = {}


def request(method, url, user, password, body=None, headers=None):
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=60,
                                                 context=TLS_CONTEXTS[parts.port])
    else:
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
    """One CalDAV collection: list, put, edit, delete by UID (objects are named UID.ics).

    `lock_retries`: how often the test's own writes are retried when the server answers that
    the collection is locked by a concurrent request. Xandikos (a git repository per collection)
    answers 423, or 500 with its `LockedError`, while the connector writes to it at the same
    moment; that is the peer's locking, not an outcome under test. Cadence's side never retries.
    """

    def __init__(self, base, path, user, password, lock_retries=0):
        self.base, self.path, self.user, self.password = base, path, user, password
        self.lock_retries = lock_retries

    def url(self, name=""):
        return self.base + self.path + name

    def write(self, method, uid, body=None, headers=None):
        for attempt in range(self.lock_retries + 1):
            status, response_headers, data = request(
                method, self.url(f"{uid}.ics"), self.user, self.password, body, headers)
            if status not in (423, 500) or attempt == self.lock_retries:
                return status, data
            say(f"  {method} {uid}: {status} from the remote's lock, retrying")
            time.sleep(1)
        return status, data

    def put(self, uid, summary, hour=8, create=True):
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if create:
            headers["If-None-Match"] = "*"
        status, data = self.write("PUT", uid, event(uid, summary, hour), headers)
        assert status in (200, 201, 204), f"PUT {uid} on {self.base}: {status} {data[:200]}"

    def delete(self, uid):
        status, _ = self.write("DELETE", uid)
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


class Process:
    def __init__(self, name, command, log, running):
        self.name, self.command, self.log, self.process = name, command, log, None
        running.append(self)

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
            say(f"  ok: {what}: {len(left)} objects equal on both sides")
            return
        if time.time() > deadline:
            only = lambda a, b: sorted(set(a.items()) - set(b.items()))[:5]
            raise AssertionError(
                f"{what}: sides differ: cadence {len(left)}, remote {len(right)}, expected "
                f"{len(expected)}; cadence-only {only(left, expected)}, remote-only "
                f"{only(right, expected)}, missing here {only(expected, left)}, missing there "
                f"{only(expected, right)}")
        time.sleep(0.5)


PRINT_LOCK = threading.Lock()
CONTEXT = threading.local()


def say(text):
    """Prints a line prefixed with the remote it is about (the runs are concurrent)."""
    with PRINT_LOCK:
        print(f"[{getattr(CONTEXT, 'kind', '-')}] {text}", flush=True)


def seed(side, prefix, label, expected):
    """Creates N objects on a side, eight requests at a time."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda i: side.put(f"{prefix}-{i}", f"{label} {i}"), range(N)))
    for i in range(N):
        expected[f"{prefix}-{i}"] = f"{label} {i}"


def radicale_config(work, port, password, server_extra=""):
    """A Radicale configuration in `work` for user alice with `password`; returns its path."""
    users = os.path.join(work, "users")
    with open(users, "w") as f:
        f.write(f"alice:{password}\n")
    config = os.path.join(work, "radicale.conf")
    with open(config, "w") as f:
        f.write(f"[server]\nhosts = {HOST}:{port}\n{server_extra}[auth]\ntype = htpasswd\n"
                f"htpasswd_filename = {users}\nhtpasswd_encryption = plain\n"
                f"[storage]\nfilesystem_folder = {work}/radicale\n[rights]\ntype = owner_only\n"
                "[web]\ntype = none\n[logging]\nlevel = warning\n")
    return config


def run_against(kind, cadence_bin, work, running):
    CONTEXT.kind = kind
    say(f"==> sync connector against {kind}")
    rport, cport = free_port(), free_port()
    password = "remote-" + uuid.uuid4().hex
    if kind == "radicale":
        config = radicale_config(work, rport, password)
        remote_process = Process(kind, [os.path.join(BIN, "radicale"), "--config", config],
                                 os.path.join(work, "remote.log"), running)
        path = "/alice/work/"
    else:
        remote_process = Process(kind, [os.path.join(BIN, "xandikos"), "--defaults", "-d",
                                        os.path.join(work, "xandikos"), "-l", HOST, "-p", str(rport)],
                                 os.path.join(work, "remote.log"), running)
        path = "/user/calendars/work/"
    remote_base = f"http://{HOST}:{rport}"
    remote_process.start(remote_base + "/")
    status, _, data = request(
        "MKCALENDAR", remote_base + path, "alice", password,
        '<?xml version="1.0"?><c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">'
        "<d:set><d:prop><d:displayname>work</d:displayname></d:prop></d:set></c:mkcalendar>",
        {"Content-Type": "application/xml"})
    assert status in (200, 201), f"MKCALENDAR on {kind}: {status} {data[:300]}"
    remote = Side(remote_base, path, "alice", password,
                  lock_retries=5 if kind == "xandikos" else 0)

    data_dir = os.path.join(work, "cadence")
    local_password = "local-" + uuid.uuid4().hex
    env = {**os.environ, "CADENCE_SECRET_KEY": ""}
    subprocess.run([cadence_bin, "user", "add", "alice", "--data", data_dir],
                   input=local_password + "\n", text=True, check=True, capture_output=True, env=env)
    subprocess.run([cadence_bin, "calendar", "create", "alice", "work", "--data", data_dir],
                   check=True, capture_output=True, env=env)
    server = Process("cadence", [cadence_bin, "serve", "--host", HOST, "--port", str(cport),
                                 "--data", data_dir], os.path.join(work, "cadence.log"), running)
    server.start(f"http://{HOST}:{cport}/health")
    local = Side(f"http://{HOST}:{cport}", "/caldav/calendars/alice/work/", "alice", local_password)

    expected = {}
    started = time.time()
    seed(local, "local", "Local", expected)
    seed(remote, "remote", "Remote", expected)
    say(f"  seeded {N} objects on each side in {time.time() - started:.1f} s")

    password_file = os.path.join(work, "password")
    with open(password_file, "w") as f:
        f.write(password + "\n")
    subprocess.run([cadence_bin, "sync", "add", "alice", "work", remote_base + path, "--user",
                    "alice", "--password-file", password_file, "--interval", "5", "--data",
                    data_dir], check=True, capture_output=True, env=env)
    # Cadence killed in the middle of its first sync (some objects pushed), then restarted.
    wait_until(lambda: remote.count() > N, "the first sync to start")
    server.stop(signal.SIGKILL)
    say(f"  Cadence killed with {remote.count()} objects on the remote")
    server.start(f"http://{HOST}:{cport}/health")
    started = time.time()
    wait_equal(local, remote, expected, "first sync (Cadence killed mid-sync)")
    say(f"  first sync converged {time.time() - started:.1f} s after the restart")

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
    say("  remote stopped once the burst's first pushes had arrived")
    time.sleep(3)
    remote_process.start(remote_base + "/")
    wait_equal(local, remote, expected, "remote stopped mid-sync and restarted")

    status_text = subprocess.run(
        [cadence_bin, "sync", "status", "--lines", "200", "--data", data_dir],
        check=True, capture_output=True, text=True, env=env).stdout
    server.stop()
    remote_process.stop()
    say("  " + status_text.splitlines()[0])
    assert status_text.count("\n") > 1, "the sync log is empty"


def tls_check(cadence_bin, work, running):
    """A connector to a Radicale served over TLS by a certificate of a CA made here: refused
    without that CA, synced once `cadence sync edit --ca-file` names it (issue 6)."""
    CONTEXT.kind = "radicale-tls"
    say("==> sync connector over TLS with a per-connector CA file")

    def openssl(*arguments):
        subprocess.run(["openssl", *arguments], check=True, capture_output=True, cwd=work)

    curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl("req", "-x509", *curve, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
            "-subj", "/CN=Cadence e2e CA")
    openssl("req", *curve, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1")
    with open(os.path.join(work, "server.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext")
    ca = os.path.join(work, "ca.pem")
    rport = free_port()
    TLS_CONTEXTS[rport] = ssl.create_default_context(cafile=ca)
    password = "remote-" + uuid.uuid4().hex
    config = radicale_config(
        work, rport, password,
        f"ssl = True\ncertificate = {work}/server.pem\nkey = {work}/server.key\n")
    remote_process = Process("radicale-tls", [os.path.join(BIN, "radicale"), "--config", config],
                             os.path.join(work, "remote.log"), running)
    base = f"https://{HOST}:{rport}"
    remote_process.start(base + "/")
    path = "/alice/tls/"
    status, _, data = request(
        "MKCALENDAR", base + path, "alice", password,
        '<?xml version="1.0"?><c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"/>',
        {"Content-Type": "application/xml"})
    assert status in (200, 201), f"MKCALENDAR over TLS: {status} {data[:300]}"
    remote = Side(base, path, "alice", password)
    for i in range(3):
        remote.put(f"tls-{i}", f"Over TLS {i}")

    data_dir = os.path.join(work, "cadence")
    env = {**os.environ, "CADENCE_SECRET_KEY": ""}
    cli = lambda *arguments, check=True: subprocess.run(
        [cadence_bin, *arguments, "--data", data_dir], input=password + "\n", text=True,
        check=check, capture_output=True, env=env)
    cli("user", "add", "alice")
    cli("calendar", "create", "alice", "work")
    cli("sync", "add", "alice", "work", base + path, "--user", "alice", "--password-file", "-")
    refused = cli("sync", "run", "1", check=False)
    assert refused.returncode != 0, f"synced without trusting the CA: {refused.stdout}"
    say(f"  refused without the CA: {refused.stdout.strip()[:160]}")
    cli("sync", "edit", "1", "--ca-file", ca)
    synced = cli("sync", "run", "1").stdout
    assert "pulled 3" in synced, f"with the CA file: {synced}"
    status_text = cli("sync", "status", "1").stdout
    assert "ok;" in status_text.splitlines()[0], status_text
    listed = cli("sync", "list").stdout
    assert f"ca={ca}" in listed, listed
    say(f"  ok: trusted through the connector's CA file: {synced.strip()}")
    remote_process.stop()


def run_logged(kind, cadence_bin, failures):
    """One remote's run in its own folder; a failure is reported with the logs' tails."""
    work = tempfile.mkdtemp(prefix=f"cadence-connector-{kind}-")
    running = []
    try:
        if kind == "radicale-tls":
            tls_check(cadence_bin, work, running)
        else:
            run_against(kind, cadence_bin, work, running)
    except Exception as error:  # report and let the other remote finish
        failures.append(f"{kind}: {error}")
        say(f"FAILED against {kind}: {error}")
        for log in ("cadence.log", "remote.log"):
            path = os.path.join(work, log)
            if os.path.exists(path):
                with open(path, errors="replace") as f:
                    tail = "".join(f.readlines()[-40:])
                say(f"--- {log} (last 40 lines)\n{tail}")
    finally:
        for process in running:
            process.stop(signal.SIGKILL)
        shutil.rmtree(work, ignore_errors=True)


def main():
    cadence_bin = os.path.abspath(sys.argv[1])
    failures = []
    started = time.time()
    threads = [threading.Thread(target=run_logged, args=(kind, cadence_bin, failures))
               for kind in ("radicale", "xandikos", "radicale-tls")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        sys.exit(1)
    print(f"sync connector: all checks passed in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()

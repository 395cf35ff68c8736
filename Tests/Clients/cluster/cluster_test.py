"""Several Cadence instances on one PostgreSQL database (issue 9).

    python cluster_test.py CADENCE_BINARY [--instances 3] [--writers 9] [--writes 40]

Needs CADENCE_TEST_POSTGRES_URL (scripts/test starts a throw-away cluster with
scripts/pg-throwaway). On a fresh schema of that database: `cadence migrate`, a user added by
the CLI, then N `cadence serve` instances on free loopback ports. Writers spread PUTs and
DELETEs over all instances concurrently (each writer owns its names, so the final state is
known), while one sync client per instance runs incremental sync-collection against its own
instance. Then:

- every sync client, caught up, holds exactly the final state (names and ETags), and so does a
  PROPFIND Depth 1 on every instance;
- the tokens a client saw never went backwards;
- the change log holds tokens 1..T, each once (psql), T is the collection's token, and T equals
  the number of writes the instances acknowledged: no token duplicated or skipped.

With --replica the instances also read from the hot standby CADENCE_TEST_POSTGRES_REPLICA_URL
(`scripts/pg-throwaway start --replica`; `cadence serve --database-replica`): the same checks
must hold, since every sync client and PROPFIND is the writers' user (read-your-writes), and the
instances' /metrics must show reads served by the replica.

Loopback only; every loop is bounded. Exits non-zero on any failure.
"""

import argparse
import base64
import http.client
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid

USER, PASSWORD = "cluster", "cluster-" + uuid.uuid4().hex
AUTH = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
CAL = f"/caldav/calendars/{USER}/cluster/"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def event(uid, summary):
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Cadence//cluster test//EN\r\n"
            f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\n"
            "DTSTART:20261207T100000Z\r\nDTEND:20261207T110000Z\r\n"
            f"SUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


class Client:
    """One keep-alive connection to one instance."""

    def __init__(self, port):
        self.port = port
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        for attempt in range(3):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                h = {"Authorization": AUTH}
                h.update(headers or {})
                data = body.encode() if isinstance(body, str) else body
                self.conn.request(method, path, body=data, headers=h)
                response = self.conn.getresponse()
                return response.status, dict(response.getheaders()), response.read().decode()
            except (OSError, http.client.HTTPException):
                self.conn = None
                if attempt == 2:
                    raise
                time.sleep(0.2)


SYNC_BODY = """<?xml version="1.0" encoding="utf-8"?>
<d:sync-collection xmlns:d="DAV:"><d:sync-token>{token}</d:sync-token>
<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"""

RESPONSE = re.compile(r"<(?:\w+:)?response\b.*?</(?:\w+:)?response>", re.S)
HREF = re.compile(r"<(?:\w+:)?href>([^<]*)</(?:\w+:)?href>")
ETAG = re.compile(r"<(?:\w+:)?getetag>([^<]*)</(?:\w+:)?getetag>")
STATUS = re.compile(r"<(?:\w+:)?status>([^<]*)</(?:\w+:)?status>")
TOKEN = re.compile(r"<(?:\w+:)?sync-token>([^<]*)</(?:\w+:)?sync-token>")


def token_number(token):
    return int(token.rsplit(":", 1)[1]) if token else 0


class SyncClient:
    """An incremental sync-collection client of one instance, with its local state."""

    def __init__(self, port):
        self.client = Client(port)
        self.token = ""
        self.state = {}
        self.seen_tokens = []

    def sync(self):
        for _ in range(100):  # bounded: each round either ends or follows a truncation
            status, _, body = self.client.request(
                "REPORT", CAL, SYNC_BODY.format(token=self.token),
                {"Content-Type": "application/xml", "Depth": "0"})
            if status != 207:
                raise AssertionError(f"sync-collection on :{self.client.port}: {status} {body[:300]}")
            for response in RESPONSE.findall(body):
                href = HREF.search(response)
                if not href:
                    continue
                name = urllib.parse.unquote(href.group(1)).rstrip("/").rsplit("/", 1)[-1]
                if not name.endswith(".ics"):
                    continue
                etag = ETAG.search(response)
                status_line = STATUS.search(response)
                if etag:
                    self.state[name] = etag.group(1).replace("&quot;", '"')
                elif status_line and " 404" in status_line.group(1):
                    self.state.pop(name, None)
            token = TOKEN.search(body).group(1)
            self.seen_tokens.append(token_number(token))
            truncated = token_number(token) != token_number(self.token) and "507" in body
            self.token = token
            if not truncated:
                return


def listing(port):
    body = """<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>"""
    status, _, text = Client(port).request("PROPFIND", CAL, body, {"Depth": "1"})
    assert status == 207, f"PROPFIND on :{port}: {status}"
    state = {}
    for response in RESPONSE.findall(text):
        href = urllib.parse.unquote(HREF.search(response).group(1))
        etag = ETAG.search(response)
        if href.endswith(".ics") and etag:
            state[href.rsplit("/", 1)[-1]] = etag.group(1).replace("&quot;", '"')
    return state


def psql(url, schema, query):
    """Runs `query` with psql on the database at `url` (the tables' schema first); its output."""
    parsed = urllib.parse.urlsplit(url)
    env = dict(os.environ, PGPASSWORD=urllib.parse.unquote(parsed.password or ""),
               PGOPTIONS=f"-c search_path={schema}")
    out = subprocess.run(
        ["psql", "-h", parsed.hostname, "-p", str(parsed.port), "-U",
         urllib.parse.unquote(parsed.username), "-d", parsed.path.lstrip("/") or "postgres",
         "-At", "-c", query], env=env, capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise AssertionError(f"psql: {out.stderr.strip()}")
    return out.stdout.strip()


def read_your_writes(ports, replica_url, schema, expected):
    """With the replica's replay paused: a PUT on one instance, then GET, PROPFIND and
    sync-collection of the same user on another instance at once answer the new state (served by
    the primary, since the replica has not replayed the write, which psql on the replica shows)."""
    failures = []
    before = SyncClient(ports[-1])
    before.sync()
    name = "read-your-writes.ics"
    psql(replica_url, schema, "SELECT pg_wal_replay_pause()")
    try:
        status, _, body = Client(ports[0]).request(
            "PUT", CAL + name, event(name, "read your writes"),
            {"Content-Type": "text/calendar; charset=utf-8"})
        if status != 201:
            return [f"read-your-writes PUT: {status} {body[:200]}"]
        on_replica = psql(replica_url, schema,
                          f"SELECT COUNT(*) FROM objects WHERE name = '{name}'")
        if on_replica != "0":
            failures.append("the paused replica already has the new object: the check proves nothing")
        status, _, body = Client(ports[-1]).request("GET", CAL + name)
        if status != 200 or f"UID:{name}" not in body:
            failures.append(f"GET right after the PUT, on another instance: {status}")
        if name not in listing(ports[-1]):
            failures.append("PROPFIND right after the PUT, on another instance, misses the object")
        before.sync()
        if name not in before.state or set(before.state) != set(expected) | {name}:
            failures.append("sync-collection right after the PUT, on another instance, misses it")
    finally:
        psql(replica_url, schema, "SELECT pg_wal_replay_resume()")
    if not failures:
        print("cluster_test: read-your-writes across instances with the replica paused: "
              "GET, PROPFIND and sync-collection see the PUT at once")
    return failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--instances", type=int, default=3)
    parser.add_argument("--writers", type=int, default=9)
    parser.add_argument("--writes", type=int, default=40)
    parser.add_argument("--replica", action="store_true",
                        help="serve reads from CADENCE_TEST_POSTGRES_REPLICA_URL too")
    args = parser.parse_args()
    base_url = os.environ.get("CADENCE_TEST_POSTGRES_URL")
    if not base_url:
        print("cluster_test: CADENCE_TEST_POSTGRES_URL is unset: did NOT run", file=sys.stderr)
        return 1
    replica_url = os.environ.get("CADENCE_TEST_POSTGRES_REPLICA_URL")
    if args.replica and not replica_url:
        print("cluster_test: CADENCE_TEST_POSTGRES_REPLICA_URL is unset: did NOT run", file=sys.stderr)
        return 1
    schema = "cluster_" + uuid.uuid4().hex[:12]
    url = base_url + ("&" if "?" in base_url else "?") + "schema=" + schema
    replica_options = []
    if args.replica:
        replica_options = ["--database-replica",
                           replica_url + ("&" if "?" in replica_url else "?") + "schema=" + schema]
    metrics_token = uuid.uuid4().hex
    work = tempfile.mkdtemp(prefix="cadence-cluster-")
    log = open(os.path.join(work, "servers.log"), "ab")
    processes = []
    failures = []
    try:
        subprocess.run([args.binary, "migrate", "--database", url], check=True, stdout=log,
                       stderr=subprocess.STDOUT, timeout=120)
        subprocess.run([args.binary, "user", "add", USER, "--database", url],
                       input=(PASSWORD + "\n").encode(), check=True, stdout=log,
                       stderr=subprocess.STDOUT, timeout=120)
        ports = []
        for index in range(args.instances):
            port = free_port()
            data = os.path.join(work, f"data{index}")
            os.makedirs(data)
            processes.append(subprocess.Popen(
                [args.binary, "serve", "--host", "127.0.0.1", "--port", str(port),
                 "--database", url, "--data", data, "--db-pool", "8"] + replica_options,
                stdout=log, stderr=subprocess.STDOUT,
                env=dict(os.environ, CADENCE_METRICS_TOKEN=metrics_token)))
            ports.append(port)
        for port in ports:
            deadline = time.monotonic() + 60
            while True:
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                    conn.request("GET", "/health")
                    if conn.getresponse().status == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit(f"instance on :{port} did not start; see {work}/servers.log")
                time.sleep(0.2)
        print(f"cluster_test: {len(ports)} instances on ports {ports}, schema {schema}"
              + (" with a read replica" if args.replica else ""))

        status, _, body = Client(ports[0]).request("MKCALENDAR", CAL)
        assert status == 201, f"MKCALENDAR: {status} {body[:200]}"

        acknowledged = [0]
        expected = {}
        lock = threading.Lock()
        errors = []

        def writer(number):
            rng = random.Random(number)
            clients = [Client(port) for port in ports]
            names = [f"w{number}-{k}.ics" for k in range(6)]
            mine = {}
            try:
                for step in range(args.writes):
                    client = rng.choice(clients)
                    name = rng.choice(names)
                    if name in mine and rng.random() < 0.3:
                        status, _, body = client.request("DELETE", CAL + name)
                        if status != 204:
                            raise AssertionError(f"DELETE {name} on :{client.port}: {status}")
                        del mine[name]
                    else:
                        status, headers, body = client.request(
                            "PUT", CAL + name, event(name, f"step {step}"),
                            {"Content-Type": "text/calendar; charset=utf-8"})
                        if status not in (201, 204):
                            raise AssertionError(
                                f"PUT {name} on :{client.port}: {status} {body[:200]}")
                        mine[name] = headers.get("ETag") or headers.get("etag")
                    with lock:
                        acknowledged[0] += 1
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(f"writer {number}: {error}")
            with lock:
                expected.update(mine)

        syncers = [SyncClient(port) for port in ports]
        stop = threading.Event()

        def syncer(client):
            try:
                for _ in range(10_000):
                    if stop.is_set():
                        return
                    client.sync()
                    time.sleep(0.05)
            except Exception as error:  # noqa: BLE001
                errors.append(f"sync client :{client.client.port}: {error}")

        sync_threads = [threading.Thread(target=syncer, args=(s,)) for s in syncers]
        writer_threads = [threading.Thread(target=writer, args=(n,)) for n in range(args.writers)]
        started = time.monotonic()
        for thread in sync_threads + writer_threads:
            thread.start()
        for thread in writer_threads:
            thread.join(timeout=300)
        stop.set()
        for thread in sync_threads:
            thread.join(timeout=60)
        elapsed = time.monotonic() - started
        failures.extend(errors)
        print(f"cluster_test: {acknowledged[0]} acknowledged writes in {elapsed:.1f} s "
              f"across {len(ports)} instances; {len(expected)} objects remain")

        for client in syncers:
            client.sync()
            if client.state != expected:
                missing = set(expected) - set(client.state)
                extra = set(client.state) - set(expected)
                wrong = [n for n in expected if n in client.state and client.state[n] != expected[n]]
                failures.append(f"sync client of :{client.client.port} differs: missing {sorted(missing)[:5]}, "
                                f"extra {sorted(extra)[:5]}, wrong ETag {wrong[:5]}")
            if client.seen_tokens != sorted(client.seen_tokens):
                failures.append(f"tokens went backwards on :{client.client.port}")
        for port in ports:
            if listing(port) != expected:
                failures.append(f"PROPFIND on :{port} differs from the acknowledged writes")
        if args.replica:
            # The writers are done: once the replica has replayed their last write (a moment),
            # the user's reads are the replica's.
            time.sleep(1)
            for port in ports:
                if listing(port) != expected:
                    failures.append(f"PROPFIND on :{port} after the replica caught up differs")
            reads = {"primary": 0.0, "replica": 0.0}
            for port in ports:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", "/metrics", headers={"Authorization": "Bearer " + metrics_token})
                response = conn.getresponse()
                text = response.read().decode()
                for line in text.splitlines():
                    match = re.match(r'cadence_database_reads_total\{role="(\w+)".*\} ([0-9.e+]+)$', line)
                    if match:
                        reads[match.group(1)] += float(match.group(2))
            print(f"cluster_test: store reads served by the primary {reads['primary']:.0f}, "
                  f"by the replica {reads['replica']:.0f}")
            if reads["replica"] == 0:
                failures.append("no read was served by the replica")
        final_tokens = {token_number(c.token) for c in syncers}
        if final_tokens != {acknowledged[0]}:
            failures.append(f"final tokens {final_tokens} != {acknowledged[0]} acknowledged writes")

        parsed = urllib.parse.urlsplit(base_url)
        env = dict(os.environ, PGPASSWORD=urllib.parse.unquote(parsed.password or ""),
                   PGOPTIONS=f"-c search_path={schema}")
        query = ("SELECT COUNT(*), COUNT(DISTINCT token), COALESCE(MIN(token), 0), "
                 "COALESCE(MAX(token), 0), (SELECT sync_token FROM collections WHERE path = 'cluster') "
                 "FROM changes WHERE collection_id = (SELECT id FROM collections WHERE path = 'cluster')")
        out = subprocess.run(
            ["psql", "-h", parsed.hostname, "-p", str(parsed.port), "-U",
             urllib.parse.unquote(parsed.username), "-d", parsed.path.lstrip("/") or "postgres",
             "-At", "-F", " ", "-c", query], env=env, capture_output=True, text=True, timeout=60)
        if out.returncode != 0:
            failures.append(f"psql: {out.stderr.strip()}")
        else:
            count, distinct, low, high, token = map(int, out.stdout.split())
            print(f"cluster_test: change log: {count} rows, {distinct} distinct tokens, "
                  f"{low}..{high}, collection token {token}")
            if not (count == distinct == high == token == acknowledged[0] and low == (1 if count else 0)):
                failures.append(f"change log tokens not exactly 1..{acknowledged[0]}: "
                                f"{count} rows, {distinct} distinct, {low}..{high}, token {token}")
        if args.replica and not failures:
            failures.extend(read_your_writes(ports, replica_url, schema, expected))
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()
    if failures:
        for failure in failures:
            print("cluster_test: FAILED:", failure, file=sys.stderr)
        with open(os.path.join(work, "servers.log"), "rb") as f:
            sys.stderr.write(f.read()[-8000:].decode(errors="replace"))
        return 1
    print("cluster_test: every client ends with the same, complete state; tokens 1..T each once")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Cadence against Radicale and Xandikos, one run, everything on 127.0.0.1.

Started by Benchmarks/peers/run.sh (which builds and installs what is missing). For each server
and each N it starts the server on a fresh data folder and a free loopback port, seeds N objects by
PUT through 8 connections, measures every operation with wrk (one keep-alive connection per wrk
thread, at concurrency 1 and 8) or, when one request takes longer than SLOW_SECONDS, with a bounded
Python keep-alive client, then stops the server. A second part measures a constant-200 Hummingbird
route (the machine's ceiling). Results: Markdown (printed) and JSON in Benchmarks/peers/results/.
"""

import argparse
import concurrent.futures
import datetime
import http.client
import json
import multiprocessing
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import workload  # noqa: E402

HOST = "127.0.0.1"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
LUA = os.path.join(HERE, "dav.lua")
USER, PASSWORD = "alice", "bench-password"
SLOW_SECONDS = 0.1          # slower than this per request: the Python client, bounded, measures
PY_RUN_SECONDS = 6.0        # a Python-measured run starts no request after this
SEED_CONNECTIONS = 8
SLOW_CONCURRENT_LIMIT = 30.0  # c=8 of an operation this slow (probe × 8, seconds) is skipped


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def proc_times(pid: int) -> float:
    """CPU seconds (user + system) of a process so far."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


def peak_rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def auth_header() -> str:
    import base64
    return "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()


# ---------------------------------------------------------------------------------------------
# Servers


class Server:
    name = "?"
    auth = True

    def __init__(self, tmp: str):
        self.tmp = tempfile.mkdtemp(prefix=f"{self.name}-", dir=tmp)
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.logfile = open(os.path.join(self.tmp, "server.log"), "wb")

    @property
    def pid(self) -> int:
        return self.process.pid if self.process else 0

    def command(self) -> list[str]:
        raise NotImplementedError

    def prepare(self) -> None:
        pass

    def calendar_path(self) -> str:
        raise NotImplementedError

    def start(self) -> None:
        self.prepare()
        self.process = subprocess.Popen(
            self.command(), stdout=self.logfile, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            cwd=self.tmp)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start; see {self.tmp}/server.log")
            try:
                with socket.create_connection((HOST, self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not listen on {self.port} within 60 s")

    def stop(self, cleanup: bool = True) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if cleanup:
            self.logfile.close()
            shutil.rmtree(self.tmp, ignore_errors=True)


class Cadence(Server):
    """Cadence on SQLite in its data folder; or, with BENCH_CADENCE_DATABASE set (a postgres://
    URL), on a fresh schema of that database, as BENCH_CADENCE_INSTANCES instances (default 1)
    behind HAProxy's round robin when there are several (Benchmarks/postgres/run.sh)."""
    name = "cadence"

    def __init__(self, tmp: str):
        super().__init__(tmp)
        self.database = os.environ.get("BENCH_CADENCE_DATABASE", "")
        self.instances = max(1, int(os.environ.get("BENCH_CADENCE_INSTANCES", "1")))
        self.others: list[subprocess.Popen] = []
        self.balancer: subprocess.Popen | None = None

    def prepare(self) -> None:
        self.data = os.path.join(self.tmp, "data")
        if self.database and "schema=" not in self.database:
            schema = "bench_" + os.urandom(6).hex()
            self.database += ("&" if "?" in self.database else "?") + "schema=" + schema
        extra = ["--database", self.database] if self.database else []
        subprocess.run([self.binary(), "user", "add", USER, "--data", self.data] + extra,
                       input=(PASSWORD + "\n").encode(), check=True, capture_output=True)

    @staticmethod
    def binary() -> str:
        return os.environ.get("BENCH_CADENCE_BINARY") or os.path.join(
            ROOT, ".build", "release", "cadence")

    def instance_command(self, port: int, data: str) -> list[str]:
        command = [self.binary(), "serve", "--host", HOST, "--port", str(port), "--data", data]
        if self.database:
            pool = os.environ.get("BENCH_CADENCE_POOL", "16")
            command += ["--database", self.database, "--db-pool", pool]
        return command

    def command(self) -> list[str]:
        return self.instance_command(self.port, self.data)

    def start(self) -> None:
        if self.instances == 1:
            return super().start()
        self.prepare()
        ports = [free_port() for _ in range(self.instances)]
        processes = []
        for index, port in enumerate(ports):
            data = os.path.join(self.tmp, f"data{index}")
            os.makedirs(data, exist_ok=True)
            processes.append(subprocess.Popen(
                self.instance_command(port, data), stdout=self.logfile, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, cwd=self.tmp))
        self.process, self.others = processes[0], processes[1:]
        config = os.path.join(self.tmp, "haproxy.cfg")
        with open(config, "w") as f:
            f.write("defaults\n  mode http\n  timeout connect 10s\n  timeout client 600s\n"
                    "  timeout server 600s\n  option http-keep-alive\n  http-reuse always\n"
                    f"frontend bench\n  bind {HOST}:{self.port}\n  default_backend cadence\n"
                    "backend cadence\n  balance roundrobin\n")
            for index, port in enumerate(ports):
                f.write(f"  server c{index} {HOST}:{port}\n")
        for port in ports:
            deadline = time.time() + 60
            while True:
                try:
                    with socket.create_connection((HOST, port), timeout=1):
                        break
                except OSError:
                    if time.time() > deadline:
                        raise RuntimeError(f"cadence instance on {port} did not start")
                    time.sleep(0.1)
        self.balancer = subprocess.Popen(["haproxy", "-f", config], stdout=self.logfile,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.time() + 30
        while True:
            try:
                with socket.create_connection((HOST, self.port), timeout=1):
                    return
            except OSError:
                if time.time() > deadline:
                    raise RuntimeError("haproxy did not listen")
                time.sleep(0.1)

    def stop(self, cleanup: bool = True) -> None:
        for process in ([self.balancer] if self.balancer else []) + self.others:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
        super().stop(cleanup)

    def calendar_path(self) -> str:
        return f"/caldav/calendars/{USER}/bench/"


class Radicale(Server):
    name = "radicale"

    def prepare(self) -> None:
        users = os.path.join(self.tmp, "users")
        with open(users, "w") as f:
            f.write(f"{USER}:{PASSWORD}\n")
        self.config = os.path.join(self.tmp, "config")
        with open(self.config, "w") as f:
            f.write(
                f"[server]\nhosts = {HOST}:{self.port}\n"
                f"[auth]\ntype = htpasswd\nhtpasswd_filename = {users}\n"
                "htpasswd_encryption = plain\n"
                f"[storage]\nfilesystem_folder = {os.path.join(self.tmp, 'collections')}\n"
                "[rights]\ntype = owner_only\n[web]\ntype = none\n[logging]\nlevel = warning\n")

    def seed_files(self, n: int) -> dict:
        """Writes the N objects straight into Radicale's storage folder (one file per object,
        its own layout), for N where seeding by PUT cannot finish: Radicale's PUT cost grows
        with the collection (about 50 ms at 1,000 objects, one at a time)."""
        started = time.time()
        folder = os.path.join(self.tmp, "collections", "collection-root", USER, "bench")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, ".Radicale.props"), "w") as f:
            json.dump({"tag": "VCALENDAR", "D:displayname": "bench"}, f)
        for index in range(n):
            name, text = workload.make_object(index)
            with open(os.path.join(folder, name), "w", newline="") as f:
                f.write(text)
        return files_seed_result(n, time.time() - started)

    def command(self) -> list[str]:
        return [os.path.join(VENV, "bin", "radicale"), "--config", self.config]

    def calendar_path(self) -> str:
        return f"/{USER}/bench/"


def files_seed_result(n: int, wall: float) -> dict:
    return {"objects": n, "complete": True, "seconds": round(wall, 2), "puts_per_s": 0,
            "errors": 0, "p50_ms": 0, "p99_ms": 0, "client_cpu_pct": 0, "server_cpu_pct": 0,
            "method": "files"}


class Xandikos(Server):
    name = "xandikos"
    auth = False  # xandikos has no authentication of its own; the header is sent and ignored

    def command(self) -> list[str]:
        return [os.path.join(VENV, "bin", "xandikos"), "--defaults", "-d",
                os.path.join(self.tmp, "data"), "-l", HOST, "-p", str(self.port)]

    def calendar_path(self) -> str:
        return "/user/calendars/bench/"

    def seed_files(self, n: int) -> dict:
        """Creates the calendar by MKCALENDAR, stops the server, writes the N objects into the
        collection's git working tree and commits them in one commit (Xandikos's own store
        layout), for N where seeding by PUT (one git commit each) cannot finish in time."""
        started = time.time()
        self.start()
        create_calendar(self)
        self.stop(cleanup=False)
        folder = os.path.join(self.tmp, "data", "user", "calendars", "bench")
        for index in range(n):
            name, text = workload.make_object(index)
            with open(os.path.join(folder, name), "w", newline="") as f:
                f.write(text)
        git = ["git", "-C", folder, "-c", "user.name=bench", "-c", "user.email=bench@localhost"]
        subprocess.run(git + ["add", "-A"], check=True, capture_output=True)
        subprocess.run(git + ["commit", "-qm", "seed"], check=True, capture_output=True)
        return files_seed_result(n, time.time() - started)


class Ceiling(Server):
    name = "ceiling"

    def command(self) -> list[str]:
        return [os.path.join(ROOT, ".build", "release", "cadence-ceiling"), "--host", HOST,
                "--port", str(self.port)]

    def calendar_path(self) -> str:
        return "/"


VENV = os.environ.get("BENCH_VENV", os.path.join(ROOT, ".venv-bench"))
SERVERS = {"cadence": Cadence, "radicale": Radicale, "xandikos": Xandikos}


# ---------------------------------------------------------------------------------------------
# A small keep-alive client (seeding, probes, slow operations)


def connect(port: int) -> http.client.HTTPConnection:
    return http.client.HTTPConnection(HOST, port, timeout=600)


def request(conn, method, path, body=None, headers=None):
    h = {"Authorization": auth_header()}
    if headers:
        h.update(headers)
    data = body.encode() if isinstance(body, str) else body
    conn.request(method, path, body=data, headers=h)
    response = conn.getresponse()
    payload = response.read()
    return response.status, dict((k.lower(), v) for k, v in response.getheaders()), payload


def _seed_worker(args):
    port, path, worker, workers, n, budget = args
    conn = connect(port)
    errors, first_errors, latencies, done = 0, [], [], 0
    deadline = time.time() + budget
    for index in range(worker, n, workers):
        if time.time() > deadline:
            break
        name, text = workload.make_object(index)
        started = time.perf_counter()
        try:
            status, _, payload = request(conn, "PUT", path + name, text, {
                "Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"})
        except (OSError, http.client.HTTPException) as error:
            status, payload = 0, str(error).encode()
            conn.close()
            conn = connect(port)
        latencies.append(time.perf_counter() - started)
        done += 1
        if status not in (201, 204):
            errors += 1
            if len(first_errors) < 3:
                first_errors.append(f"PUT {name}: {status} {payload[:300]!r}")
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    return done, errors, first_errors, latencies, cpu.ru_utime + cpu.ru_stime


def seed(server: Server, n: int, budget: float) -> dict:
    path = server.calendar_path()
    started = time.time()
    cpu0 = proc_times(server.pid)
    jobs = [(server.port, path, w, SEED_CONNECTIONS, n, budget) for w in range(SEED_CONNECTIONS)]
    with multiprocessing.get_context("fork").Pool(SEED_CONNECTIONS) as pool:
        results = pool.map(_seed_worker, jobs)
    wall = time.time() - started
    done = sum(r[0] for r in results)
    errors = sum(r[1] for r in results)
    first = [e for r in results for e in r[2]][:5]
    latencies = sorted(x for r in results for x in r[3])
    client_cpu = sum(r[4] for r in results)
    for line in first:
        log(f"  seed error: {line}")
    return {
        "objects": done, "complete": done >= n, "seconds": round(wall, 2),
        "puts_per_s": round(done / wall, 1) if wall else 0, "errors": errors,
        "p50_ms": round(percentile(latencies, 50) * 1000, 2),
        "p99_ms": round(percentile(latencies, 99) * 1000, 2),
        "client_cpu_pct": round(100 * client_cpu / wall, 1),
        "server_cpu_pct": round(100 * (proc_times(server.pid) - cpu0) / wall, 1),
    }


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return 0.0
    k = min(len(sorted_values) - 1, max(0, int(round(p / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


# ---------------------------------------------------------------------------------------------
# Operations


class Operation:
    def __init__(self, key, title, method, path, body="", headers=None, expect=(200,),
                 mode="static", prepare=None):
        self.key, self.title, self.method, self.path = key, title, method, path
        self.body, self.headers, self.expect, self.mode = body, headers or {}, expect, mode
        self.prepare = prepare  # callable(concurrency) -> extra env (ifmatch)


XML = {"Content-Type": "application/xml; charset=utf-8"}


def run_wrk(server: Server, op: Operation, concurrency: int, seconds: float, env_extra: dict,
            bodyfile: str) -> dict:
    env = dict(os.environ)
    headers = {"Authorization": auth_header(), **op.headers}
    env.update({
        "BENCH_MODE": op.mode, "BENCH_METHOD": op.method, "BENCH_PATH": op.path,
        "BENCH_BODY": bodyfile, "BENCH_EXPECT": ",".join(str(s) for s in op.expect),
        "BENCH_HEADERS": "\n".join(f"{k}: {v}" for k, v in headers.items()),
        "BENCH_RUN": f"{concurrency}x{int(time.time() * 1000) % 10_000_000}",
    })
    env.update(env_extra)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu0 = proc_times(server.pid)
    started = time.time()
    completed = subprocess.run(
        ["wrk", "-t", str(concurrency), "-c", str(concurrency), "-d", f"{max(1, round(seconds))}s",
         "--timeout", "120s", "-s", LUA, f"http://{HOST}:{server.port}{op.path}"],
        env=env, capture_output=True, text=True, timeout=seconds + 180)
    wall = time.time() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_cpu = proc_times(server.pid) - cpu0
    match = re.search(r"BENCHJSON (\{.*\})", completed.stdout)
    if not match:
        raise RuntimeError(f"wrk said: {completed.stdout}\n{completed.stderr}")
    data = json.loads(match.group(1))
    seconds_run = data["duration_us"] / 1e6
    client_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "tool": "wrk", "requests": data["requests"],
        # Only expected answers count towards the rate: fast failures (a peer's 423) must not
        # make it look fast.
        "rps": round(max(0, data["requests"] - data["bad"]) / seconds_run, 1) if seconds_run else 0,
        "p50_ms": round(data["p50_us"] / 1000, 3), "p99_ms": round(data["p99_us"] / 1000, 3),
        "errors": data["bad"] + data["socket_errors"] + data["timeouts"],
        "bad_statuses": data["bad_statuses"],
        "client_cpu_pct": round(100 * client_cpu / wall, 1),
        "server_cpu_pct": round(100 * server_cpu / wall, 1),
    }


def run_python(server: Server, op: Operation, concurrency: int, seconds: float,
               env_extra: dict) -> dict:
    """Bounded keep-alive client for slow operations: each connection runs requests until
    `seconds` have passed (at least one, at most 200)."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    hrefs = env_extra.get("BENCH_HREFS", "").split("|")
    etags = env_extra.get("BENCH_ETAGS", "").split("|")
    uids = env_extra.get("BENCH_UIDS", "").split("|")

    def worker(slot: int) -> None:
        conn = connect(server.port)
        deadline = time.time() + seconds
        etag = etags[slot] if slot < len(etags) else ""
        count = 0
        while count == 0 or (time.time() < deadline and count < 200):
            count += 1
            headers = dict(op.headers)
            path, body = op.path, op.body
            if op.mode == "create":
                uid = f"bench-py{concurrency}-{slot}-{count}-{int(time.time() * 1000)}"
                path = op.path + uid + ".ics"
                body = op.body.replace("@UID@", uid).replace("@N@", str(count))
                headers["If-None-Match"] = "*"
            elif op.mode == "ifmatch":
                path = hrefs[slot]
                body = op.body.replace("@UID@", uids[slot]).replace("@N@", str(count))
                headers["If-Match"] = etag
            started = time.perf_counter()
            try:
                status, response_headers, payload = request(conn, op.method, path, body or None,
                                                            headers)
            except (OSError, http.client.HTTPException) as error:
                status, response_headers, payload = 0, {}, str(error).encode()
                conn.close()
                conn = connect(server.port)
            elapsed = time.perf_counter() - started
            etag = response_headers.get("etag", "")
            with lock:
                latencies.append(elapsed)
                if status not in op.expect:
                    errors.append(str(status))

    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = proc_times(server.pid)
    started = time.time()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.time() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    latencies.sort()
    client_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "tool": "python", "requests": len(latencies),
        "rps": round((len(latencies) - len(errors)) / wall, 2),
        "p50_ms": round(percentile(latencies, 50) * 1000, 3),
        "p99_ms": round(percentile(latencies, 99) * 1000, 3),
        "errors": len(errors), "bad_statuses": sorted(set(errors)),
        "client_cpu_pct": round(100 * client_cpu / wall, 1),
        "server_cpu_pct": round(100 * (proc_times(server.pid) - cpu0) / wall, 1),
    }


def current_etags(server: Server, hrefs: list[str]) -> list[str]:
    conn = connect(server.port)
    tags = []
    for href in hrefs:
        status, headers, _ = request(conn, "GET", href)
        tags.append(headers.get("etag", ""))
    conn.close()
    return tags


def sync_token_of(payload: bytes) -> str:
    match = re.search(rb"<(?:[\w-]+:)?sync-token[^>]*>([^<]+)</", payload)
    return match.group(1).decode() if match else ""


def operations(server: Server, n: int, tmpdir: str) -> list:
    """The operations, in the order they run (the write operations last)."""
    cal = server.calendar_path()
    step = max(1, n // 50)
    multiget_hrefs = [cal + workload.name_of(i) for i in range(0, n, step)][:50]
    ops = [
        Operation("propfind", "PROPFIND Depth 1 (getetag, getcontenttype)", "PROPFIND", cal,
                  workload.propfind_etags(), {**XML, "Depth": "1"}, (207,)),
        Operation("getctag", "PROPFIND Depth 0 getctag", "PROPFIND", cal,
                  workload.propfind_ctag(), {**XML, "Depth": "0"}, (207,)),
        Operation("multiget", "calendar-multiget, 50 hrefs", "REPORT", cal,
                  workload.multiget(multiget_hrefs), {**XML, "Depth": "1"}, (207,)),
        Operation("query", "calendar-query, one month", "REPORT", cal,
                  workload.calendar_query(False), {**XML, "Depth": "1"}, (207,)),
        Operation("expand", "calendar-query, one month, expand", "REPORT", cal,
                  workload.calendar_query(True), {**XML, "Depth": "1"}, (207,)),
        Operation("sync-initial", "sync-collection, initial", "REPORT", cal,
                  workload.sync_collection(""), {**XML, "Depth": "0"}, (207,)),
        Operation("sync-incremental", "sync-collection, incremental after one change", "REPORT",
                  cal, None, {**XML, "Depth": "0"}, (207,)),
        Operation("get", "GET one object", "GET", cal + workload.name_of(1), "", {}, (200,)),
        Operation("export", "GET the calendar (ICS export)", "GET", cal, "", {}, (200,)),
        Operation("put-ifmatch", "PUT update with If-Match", "PUT", cal,
                  workload.update_template(), {"Content-Type": "text/calendar; charset=utf-8"},
                  (200, 201, 204), mode="ifmatch"),
        Operation("put-create", "PUT of a new object", "PUT", cal, workload.update_template(),
                  {"Content-Type": "text/calendar; charset=utf-8"}, (201, 204), mode="create"),
    ]
    return ops


def prepare_sync_incremental(server: Server, op: Operation) -> None:
    """Initial sync for a token, then one change (object 10 edited): the measured request asks
    for the changes since that token, the same answer every time."""
    cal = server.calendar_path()
    conn = connect(server.port)
    status, _, payload = request(conn, "REPORT", cal, workload.sync_collection(""),
                                 {**XML, "Depth": "0"})
    token = sync_token_of(payload)
    href = cal + workload.name_of(10)
    status_get, headers, _ = request(conn, "GET", href)
    body = workload.update_template().replace("@UID@", workload.uid_of(10)).replace("@N@", "0")
    status_put, _, _ = request(conn, "PUT", href, body, {
        "Content-Type": "text/calendar; charset=utf-8", "If-Match": headers.get("etag", "")})
    conn.close()
    if status != 207 or not token or status_put not in (200, 201, 204):
        log(f"  sync-incremental setup: REPORT {status}, token {token!r}, PUT {status_put}")
    op.body = workload.sync_collection(token)


def measure(server: Server, op: Operation, concurrencies, seconds: float, tmpdir: str) -> dict:
    if op.key == "sync-incremental":
        prepare_sync_incremental(server, op)
    bodyfile = os.path.join(tmpdir, f"{server.name}-{op.key}.body")
    with open(bodyfile, "wb") as f:
        f.write((op.body or "").encode())
    row = {"op": op.key, "title": op.title}
    # Probe: one request, which also checks the status and warms caches (and bcrypt's cache).
    probe_op = op
    env_probe = {}
    slot_hrefs = [server.calendar_path() + workload.name_of(i) for i in range(8)]
    slot_uids = [workload.uid_of(i) for i in range(8)]
    if op.mode == "ifmatch":
        env_probe = {"BENCH_HREFS": "|".join(slot_hrefs[:1]),
                     "BENCH_ETAGS": "|".join(current_etags(server, slot_hrefs[:1])),
                     "BENCH_UIDS": slot_uids[0]}
    # The first request warms caches; the second is timed. A peer that answers 423 (Xandikos's
    # lock, still held by a request of the previous run) gets two more chances a second apart.
    for attempt in range(4):
        probe = run_python(server, probe_op, 1, 0.0, env_probe)
        # A request slower than a second is timed on its first run (no second one).
        if not probe["errors"] and (attempt >= 1 or probe["p50_ms"] > 1000):
            break
        if probe["errors"]:
            time.sleep(1)
        if op.mode == "ifmatch":
            env_probe["BENCH_ETAGS"] = "|".join(current_etags(server, slot_hrefs[:1]))
    row["probe_ms"] = probe["p50_ms"]
    if probe["errors"]:
        row["unsupported"] = f"status {','.join(probe['bad_statuses'])}"
        log(f"  {op.key}: unexpected status {probe['bad_statuses']} on the probe request; skipped")
        return row
    slow = probe["p50_ms"] / 1000 > SLOW_SECONDS
    for c in concurrencies:
        env_extra = {}
        if op.mode == "ifmatch":
            time.sleep(0.5)  # a PUT still in flight from the previous run must land first
            env_extra = {"BENCH_HREFS": "|".join(slot_hrefs[:c]),
                         "BENCH_ETAGS": "|".join(current_etags(server, slot_hrefs[:c])),
                         "BENCH_UIDS": "|".join(slot_uids[:c])}
        if slow and c > 1 and probe["p50_ms"] / 1000 * c > SLOW_CONCURRENT_LIMIT:
            row[f"c{c}"] = {"skipped": f"one request takes {probe['p50_ms'] / 1000:.1f} s"}
            log(f"  {op.key:17} c={c}: skipped, one request takes {probe['p50_ms'] / 1000:.1f} s")
            continue
        if slow:
            result = run_python(server, op, c, PY_RUN_SECONDS, env_extra)
        else:
            result = run_wrk(server, op, c, seconds, env_extra, bodyfile)
        row[f"c{c}"] = result
        if result["errors"]:
            log(f"  ERROR {server.name} {op.key} c={c}: {result['errors']} unexpected answers "
                f"(statuses {result['bad_statuses']})")
        log(f"  {op.key:17} c={c}: {result['rps']:>9} req/s  p50 {result['p50_ms']:>9} ms  "
            f"p99 {result['p99_ms']:>9} ms  err {result['errors']}  client {result['client_cpu_pct']}%"
            f"  server {result['server_cpu_pct']}%  [{result['tool']}]")
    row["peak_rss_mb"] = round(peak_rss_mb(server.pid), 1)
    return row


def create_calendar(server: Server) -> None:
    conn = connect(server.port)
    status, _, payload = request(conn, "MKCALENDAR", server.calendar_path())
    conn.close()
    if status not in (200, 201):
        raise RuntimeError(f"{server.name}: MKCALENDAR answered {status}: {payload[:300]!r}")


def seeded_cadence(binary: str, n: int, tmpdir: str) -> tuple[Server, dict]:
    """Cadence from `binary`, started with a calendar of N seeded objects, and the operations
    by key (for the scripts that compare binaries: cpu.py, mixed.py). The caller stops it."""
    os.environ["BENCH_CADENCE_BINARY"] = binary
    server = Cadence(tmpdir)
    try:
        server.start()
        create_calendar(server)
        seeded = seed(server, n, 300)
        if not seeded["complete"] or seeded["errors"]:
            raise RuntimeError(f"seeding failed: {seeded}")
    except BaseException:
        server.stop()
        raise
    return server, {op.key: op for op in operations(server, n, tmpdir)}


def alternate(binaries: list[str], rounds: int, prefix: str, run) -> None:
    """Calls run(binary, tmpdir) for each binary in turn, `rounds` times, so that the machine's
    load is shared fairly between them."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        for _ in range(rounds):
            for binary in binaries:
                run(os.path.abspath(binary), tmp)


def bench_server(cls, n: int, args, tmpdir: str) -> dict:
    server = cls(tmpdir)
    log(f"{server.name} N={n}: starting on {HOST}:{server.port}")
    result = {"server": server.name, "n": n, "auth": server.auth, "operations": []}
    try:
        if n > args.put_seed_max and hasattr(server, "seed_files"):
            log(f"{server.name} N={n}: seeding by writing its storage files (PUT would take "
                "too long; see --put-seed-max)")
            server.prepare()
            result["seed"] = server.seed_files(n)
            server.prepare = lambda: None
            server.start()
            result["seed_method"] = "files"
            # The first request builds the server's caches; not part of any measurement.
            conn = connect(server.port)
            warm_started = time.time()
            status, _, _ = request(conn, "PROPFIND", server.calendar_path(),
                                   workload.propfind_etags(), {**XML, "Depth": "1"})
            conn.close()
            result["seed"]["first_propfind_s"] = round(time.time() - warm_started, 2)
            log(f"  seeded {result['seed']} (first PROPFIND {status})")
            return measure_all(server, n, args, tmpdir, result)
        server.start()
        create_calendar(server)
        # The Cadence-only large N gets more time: its target is itself a seeding time.
        budget = args.seed_budget if n <= 10000 else max(args.seed_budget, 900.0)
        log(f"{server.name} N={n}: seeding through {SEED_CONNECTIONS} connections "
            f"(budget {budget:.0f} s)")
        result["seed"] = seed(server, n, budget)
        log(f"  seeded {result['seed']}")
        result["rss_after_seed_mb"] = round(peak_rss_mb(server.pid), 1)
        if not result["seed"]["complete"]:
            log(f"{server.name} N={n}: seeding did not finish within {budget:.0f} s; skipped")
            result["skipped"] = (f"seeded {result['seed']['objects']} of {n} in "
                                 f"{result['seed']['seconds']} s (budget)")
            return result
        return measure_all(server, n, args, tmpdir, result)
    finally:
        server.stop()


def measure_all(server: Server, n: int, args, tmpdir: str, result: dict) -> dict:
    for op in operations(server, n, tmpdir):
        try:
            result["operations"].append(measure(server, op, (1, 8), args.duration, tmpdir))
        except Exception as error:  # one failing operation must not end the run
            log(f"  {op.key}: failed: {error}")
            result["operations"].append({
                "op": op.key, "title": op.title,
                "unsupported": "failed: " + str(error).splitlines()[0][:120]})
    result["peak_rss_mb"] = round(peak_rss_mb(server.pid), 1)
    return result


def bench_ceiling(args, tmpdir: str) -> dict:
    out = {}
    server = Ceiling(tmpdir)
    try:
        server.start()
        op = Operation("ceiling", "GET / (constant 200)", "GET", "/", "", {}, (200,))
        out["ceiling"] = measure(server, op, (1, 8), args.duration, tmpdir)
    finally:
        server.stop()
    cadence = Cadence(tmpdir)
    try:
        cadence.start()
        op = Operation("health", "Cadence GET /health (no auth, no DAV)", "GET", "/health", "",
                       {}, (200,))
        out["cadence-health"] = measure(cadence, op, (1, 8), args.duration, tmpdir)
    finally:
        cadence.stop()
    return out


# ---------------------------------------------------------------------------------------------
# Report


def find(results, server, n, key):
    for r in results:
        if r["server"] == server and r["n"] == n:
            for op in r["operations"]:
                if op["op"] == key:
                    return op
    return None


def fmt_num(value) -> str:
    if value is None:
        return "–"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def targets(results, ceiling) -> list[dict]:
    rows = []
    ratios = [("propfind", 90), ("multiget", 28), ("query", 170), ("expand", 1100),
              ("sync-initial", 115), ("sync-incremental", 850), ("put-ifmatch", 25)]
    for n in (1000, 10000):
        for key, goal in ratios:
            c, r = find(results, "cadence", n, key), find(results, "radicale", n, key)
            if not (c and r and "rps" in c.get("c8", {})):
                continue
            peer, note = r.get("c8", {}), ""
            if "rps" not in peer:  # c=8 skipped as too slow: Radicale's c=1 rate stands in
                peer, note = r.get("c1", {}), " (Radicale at c=1)"
            if not peer.get("rps"):
                continue
            ratio = c["c8"]["rps"] / peer["rps"]
            rows.append({"target": f"{key} N={n} c=8 vs Radicale ≥ {goal}×",
                         "measured": f"{ratio:,.1f}×{note}", "pass": ratio >= goal})
    if ceiling and "ceiling" in ceiling and "c8" in ceiling["ceiling"]:
        top = ceiling["ceiling"]["c8"]["rps"]
        for n in (1000, 10000, 100000):
            g = find(results, "cadence", n, "get")
            if g and "c8" in g:
                share = g["c8"]["rps"] / top
                rows.append({"target": f"GET N={n} c=8 ≥ 50% of the Hummingbird ceiling",
                             "measured": f"{100 * share:.0f}% ({g['c8']['rps']:,.0f} of {top:,.0f})",
                             "pass": share >= 0.5})
    for key in ("sync-incremental", "getctag", "put-create"):
        small, big = find(results, "cadence", 1000, key), find(results, "cadence", 100000, key)
        if small and big and "c1" in small and "c1" in big:
            ratio = big["c1"]["p50_ms"] / small["c1"]["p50_ms"]
            rows.append({"target": f"{key} p50 (c=1) N=100,000 ≤ 1.5× N=1,000",
                         "measured": f"{ratio:.2f}× ({big['c1']['p50_ms']} ms vs "
                                     f"{small['c1']['p50_ms']} ms)", "pass": ratio <= 1.5})
    big = [r for r in results if r["server"] == "cadence" and r["n"] == 100000]
    if big:
        q = find(results, "cadence", 100000, "query")
        if q and "c1" in q:
            rows.append({"target": "calendar-query one month N=100,000 p50 (c=1) < 20 ms",
                         "measured": f"{q['c1']['p50_ms']} ms", "pass": q["c1"]["p50_ms"] < 20})
        if "peak_rss_mb" in big[0]:
            rows.append({"target": "peak RSS N=100,000 < 150 MB",
                         "measured": f"{big[0]['peak_rss_mb']} MB",
                         "pass": big[0]["peak_rss_mb"] < 150})
        seed_info = big[0].get("seed")
        if seed_info:
            rows.append({"target": "seeding 100,000 by PUT (8 connections) < 2 min",
                         "measured": f"{seed_info['seconds']} s ({seed_info['puts_per_s']} PUT/s)",
                         "pass": seed_info["complete"] and seed_info["seconds"] < 120})
    return rows


def markdown(results, ceiling, target_rows, meta) -> str:
    lines = [f"# Peer benchmark — {meta['started']}", "",
             f"Machine: {meta['cpus']} cores; wrk {meta['duration']} s per run, one connection "
             "per wrk thread; slow operations (one request > 100 ms) by a bounded Python "
             "keep-alive client. Latencies in ms. req/s counts expected answers only. Peak RSS is "
             "VmHWM of the server process. Seeding 'files': the peer's storage folder written "
             "directly (its PUT cannot seed that N in reasonable time; its PUT rate is in the "
             "N=1,000 row and in 'PUT of a new object').", ""]
    lines += ["## Seeding (PUT, 8 connections)", "",
              "| server | N | seeded | seconds | PUT/s | p50 | p99 | errors | client CPU | "
              "server CPU | RSS after |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        s = r.get("seed")
        if s:
            how = "files" if s.get("method") == "files" else "PUT"
            lines.append(f"| {r['server']} | {r['n']:,} | {s['objects']:,} ({how}) | {s['seconds']} | "
                         f"{fmt_num(s['puts_per_s'])} | {s['p50_ms']} | {s['p99_ms']} | "
                         f"{s['errors']} | {s['client_cpu_pct']}% | {s['server_cpu_pct']}% | "
                         f"{r.get('rss_after_seed_mb', '–')} MB |")
    lines += ["", "## Operations", "",
              "| server | N | operation | c=1 req/s | c=1 p50 | c=1 p99 | c=8 req/s | c=8 p50 | "
              "c=8 p99 | errors | client CPU c=8 | server CPU c=8 | peak RSS MB | tool |",
              "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in results:
        if r.get("skipped"):
            lines.append(f"| {r['server']} | {r['n']:,} | *skipped: {r['skipped']}* "
                         "| | | | | | | | | | | |")
            continue
        for op in r["operations"]:
            lines.append(op_line(r["server"], r["n"], op))
    if ceiling:
        lines += ["", "## Ceiling (same client, trivial routes)", "",
                  "| server | N | operation | c=1 req/s | c=1 p50 | c=1 p99 | c=8 req/s | c=8 p50 | "
                  "c=8 p99 | errors | client CPU c=8 | server CPU c=8 | peak RSS MB | tool |",
                  "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
        for name, op in ceiling.items():
            lines.append(op_line(name, 0, op))
    if target_rows:
        lines += ["", "## Targets", "", "| target | measured | result |", "|---|---:|---|"]
        for t in target_rows:
            lines.append(f"| {t['target']} | {t['measured']} | {'PASS' if t['pass'] else 'FAIL'} |")
    notes = ["", "Notes: Xandikos runs without authentication (it has none); Cadence and Radicale "
             "check HTTP Basic on every request (Cadence caches the bcrypt result, Radicale reads "
             "a plain htpasswd file). Each server keeps its default durability settings. "
             "PUT-create and PUT-If-Match runs add or edit objects, so N grows by their count."]
    return "\n".join(lines + notes) + "\n"


def op_line(server, n, op) -> str:
    if "unsupported" in op:
        return (f"| {server} | {n:,} | {op['title']} | *{op['unsupported']}* | | | | | | | | | | |")
    c1, c8 = op.get("c1", {}), op.get("c8", {})
    if "skipped" in c8:
        c8 = {"tool": f"c=8 skipped: {c8['skipped']}"}
    errors = c1.get("errors", 0) + c8.get("errors", 0)
    statuses = sorted(set(c1.get("bad_statuses", []) + c8.get("bad_statuses", [])))
    err = f"{errors} ({', '.join(statuses)})" if errors else "0"
    return (f"| {server} | {n:,} | {op['title']} | {fmt_num(c1.get('rps'))} | "
            f"{c1.get('p50_ms', '–')} | {c1.get('p99_ms', '–')} | {fmt_num(c8.get('rps'))} | "
            f"{c8.get('p50_ms', '–')} | {c8.get('p99_ms', '–')} | {err} | "
            f"{c8.get('client_cpu_pct', '–')}% | {c8.get('server_cpu_pct', '–')}% | "
            f"{op.get('peak_rss_mb', '–')} | {c8.get('tool', '–')} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N = 1,000 only")
    parser.add_argument("--servers", default="cadence,radicale,xandikos")
    parser.add_argument("--sizes", default="", help="comma-separated N (overrides the default)")
    parser.add_argument("--big", type=int, default=100000,
                        help="Cadence-only N after the others, unless --quick or --sizes (0: none)")
    parser.add_argument("--duration", type=int, default=2, help="seconds per wrk run")
    parser.add_argument("--seed-budget", type=float, default=240.0,
                        help="seconds a server may take to seed one N")
    parser.add_argument("--no-ceiling", action="store_true")
    parser.add_argument("--put-seed-max", type=int, default=1000,
                        help="above this N, Radicale and Xandikos are seeded by writing their storage files")
    parser.add_argument("--out", default=os.path.join(HERE, "results"))
    args = parser.parse_args()

    servers = [s.strip() for s in args.servers.split(",") if s.strip()]
    for s in servers:
        if s not in SERVERS:
            parser.error(f"unknown server {s}; choose from {', '.join(SERVERS)}")
    if args.sizes:
        sizes = [int(x) for x in args.sizes.split(",")]
    else:
        sizes = [1000] if args.quick else [1000, 10000]
    plan = [(s, n) for n in sizes for s in servers]
    if not args.quick and not args.sizes and args.big and "cadence" in servers:
        plan.append(("cadence", args.big))

    meta = {"started": datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
            "cpus": os.cpu_count(), "duration": args.duration, "plan": plan,
            "argv": sys.argv[1:]}
    started = time.time()
    results = []
    ceiling = {}
    with tempfile.TemporaryDirectory(prefix="cadence-peers-") as tmpdir:
        if not args.no_ceiling:
            log("ceiling: constant-200 Hummingbird route, and Cadence /health")
            ceiling = bench_ceiling(args, tmpdir)
        for name, n in plan:
            results.append(bench_server(SERVERS[name], n, args, tmpdir))
    meta["seconds"] = round(time.time() - started, 1)
    target_rows = targets(results, ceiling)
    text = markdown(results, ceiling, target_rows, meta)
    os.makedirs(args.out, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    with open(os.path.join(args.out, f"peers-{stamp}.md"), "w") as f:
        f.write(text)
    with open(os.path.join(args.out, f"peers-{stamp}.json"), "w") as f:
        json.dump({"meta": meta, "results": results, "ceiling": ceiling, "targets": target_rows},
                  f, indent=1)
    print(text)
    log(f"done in {meta['seconds']} s; results in {args.out}/peers-{stamp}.{{md,json}}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

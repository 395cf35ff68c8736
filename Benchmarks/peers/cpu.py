#!/usr/bin/env python3
"""Server CPU per request, for comparing Cadence binaries on a busy machine.

    python3 Benchmarks/peers/cpu.py --ops multiget,expand,get --rounds 2 \\
        --duration 5 OLD_BINARY NEW_BINARY

For each round and each binary (alternating, so that the machine's load is shared fairly) it starts
the server the way bench.py does, seeds N objects with bench.py's workload, and runs each operation
with wrk at concurrency C for a bounded time. It prints req/s, p50, p99 and the server's CPU seconds
per request (/proc/PID/stat before and after), which, unlike req/s, does not depend much on what
else the machine is doing. With --profile SECONDS it records `perf record -g` of the last binary
while it runs the first operation, into perf-OP.data.
"""

import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402


def measure(binary: str, ops: list[str], n: int, concurrency: int, duration: float,
            profile: float, tmp: str) -> list[dict]:
    server, by_key = bench.seeded_cadence(binary, n, tmp)
    rows = []
    try:
        for key in ops:
            op = by_key[key]
            if key == "sync-incremental":
                bench.prepare_sync_incremental(server, op)
            bodyfile = os.path.join(tmp, f"cpu-{key}.body")
            with open(bodyfile, "wb") as f:
                f.write((op.body or "").encode())
            env = {}
            if op.mode == "ifmatch":
                hrefs = [server.calendar_path() + bench.workload.name_of(i)
                         for i in range(concurrency)]
                env = {"BENCH_HREFS": "|".join(hrefs),
                       "BENCH_ETAGS": "|".join(bench.current_etags(server, hrefs)),
                       "BENCH_UIDS": "|".join(bench.workload.uid_of(i)
                                              for i in range(concurrency))}
            # Warm-up (caches, bcrypt's cache), not measured.
            bench.run_wrk(server, op, concurrency, 1, env, bodyfile)
            if op.mode == "ifmatch":
                time.sleep(0.5)  # a PUT still in flight from the warm-up must land first
                env["BENCH_ETAGS"] = "|".join(bench.current_etags(server, hrefs))
            recorder = None
            if profile and key == ops[0]:
                recorder = subprocess.Popen(
                    ["perf", "record", "-F", "999", "-g", "-p", str(server.pid), "-o",
                     f"perf-{key}.data", "--", "sleep", str(profile)],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            cpu0 = bench.proc_times(server.pid)
            result = bench.run_wrk(server, op, concurrency, duration, env, bodyfile)
            cpu = bench.proc_times(server.pid) - cpu0
            if recorder:
                recorder.wait()
            good = max(1, result["requests"])
            rows.append({"binary": binary, "op": key, "rps": result["rps"],
                         "p50_ms": result["p50_ms"], "p99_ms": result["p99_ms"],
                         "errors": result["errors"], "bad": result["bad_statuses"],
                         "cpu_us_per_req": round(cpu / good * 1e6, 1)})
            print(f"{os.path.basename(binary):>14} {key:17} "
                  f"{result['rps']:>9} req/s  p50 {result['p50_ms']:>8} ms  "
                  f"p99 {result['p99_ms']:>8} ms  cpu {rows[-1]['cpu_us_per_req']:>9} µs/req  "
                  f"err {result['errors']} {result['bad_statuses']}", flush=True)
    finally:
        server.stop()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("binaries", nargs="+")
    parser.add_argument("--ops", default="multiget,expand,get")
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("-c", type=int, default=8)
    parser.add_argument("--duration", type=float, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--profile", type=float, default=0)
    args = parser.parse_args()
    ops = args.ops.split(",")
    bench.alternate(args.binaries, args.rounds, "cadence-cpu-",
                    lambda binary, tmp: measure(binary, ops, args.n, args.c, args.duration,
                                                args.profile, tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""GET latency while heavy requests run beside it, for comparing Cadence binaries.

    python3 Benchmarks/peers/mixed.py --heavy export,propfind --rounds 2 OLD_BINARY NEW_BINARY

For each round and each binary (alternating) it starts the server the way bench.py does, seeds N
objects with bench.py's workload, then for each heavy operation runs it with wrk at concurrency
HEAVY_C for DURATION + 2 seconds and, starting half a second in, GET of one object at concurrency 8
for DURATION seconds. It prints both runs' req/s, p50 and p99 (ms): what a client reading one
object sees while other clients export the calendar or list it. Everything is on 127.0.0.1 and
every run is bounded in time.
"""

import argparse
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402


def measure(binary: str, heavy_ops: list[str], n: int, heavy_c: int, duration: float,
            tmp: str) -> None:
    server, by_key = bench.seeded_cadence(binary, n, tmp)
    try:
        get = by_key["get"]
        get_body = os.path.join(tmp, "mixed-get.body")
        with open(get_body, "wb") as f:
            f.write(b"")
        bench.run_wrk(server, get, 8, 1, {}, get_body)  # warm-up, not measured
        for key in heavy_ops:
            heavy = by_key[key]
            heavy_body = os.path.join(tmp, f"mixed-{key}.body")
            with open(heavy_body, "wb") as f:
                f.write((heavy.body or "").encode())
            results: dict = {}

            def run_heavy() -> None:
                results["heavy"] = bench.run_wrk(server, heavy, heavy_c, duration + 2, {},
                                                 heavy_body)

            thread = threading.Thread(target=run_heavy)
            thread.start()
            time.sleep(0.5)
            beside = bench.run_wrk(server, get, 8, duration, {}, get_body)
            thread.join(timeout=duration + 240)
            other = results.get("heavy", {"rps": 0, "p50_ms": 0, "p99_ms": 0})
            print(f"{os.path.basename(binary):>14} GET c=8 {beside['rps']:>9} req/s "
                  f"p50 {beside['p50_ms']:>8} p99 {beside['p99_ms']:>8} ms | "
                  f"{key} c={heavy_c} {other['rps']:>8} req/s p50 {other['p50_ms']:>8} "
                  f"p99 {other['p99_ms']:>8} ms", flush=True)
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("binaries", nargs="+")
    parser.add_argument("--heavy", default="export,propfind")
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--heavy-c", type=int, default=2)
    parser.add_argument("--duration", type=float, default=4)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    bench.alternate(args.binaries, args.rounds, "cadence-mixed-",
                    lambda binary, tmp: measure(binary, args.heavy.split(","), args.n,
                                                args.heavy_c, args.duration, tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Cadence's address books (CardDAV, issue 10): N contacts, then multiget, query by e-mail,
incremental sync and getctag, on 127.0.0.1 only.

    python3 Benchmarks/peers/addressbook.py [--contacts 10000] [--seconds 5] [--binary PATH]

Starts `cadence serve` (release build by default) on a fresh data folder and a free loopback
port, seeds N vCards into `crm-contacts` by PUT through 8 connections (each card also becomes a
CRM contact, in the same transaction), then measures each operation with a keep-alive client at
concurrency 1 for a fixed time: addressbook-multiget of 50 hrefs (getetag + address-data), an
addressbook-query for one e-mail address (equals), sync-collection from a token one change old,
and PROPFIND getctag. Prints req/s, p50 and p99 (ms), and the server's peak RSS.
"""

import argparse
import http.client
import multiprocessing
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402

BOOK = f"/caldav/addressbooks/{bench.USER}/crm-contacts/"


def card(index: int) -> tuple[str, str]:
    uid = f"bench-contact-{index:06d}"
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Cadence//bench//EN\r\n"
        f"UID:{uid}\r\nN:Person{index};Bench;;;\r\nFN:Bench Person{index}\r\n"
        f"ORG:Company {index % 97}\r\nEMAIL;TYPE=INTERNET;TYPE=WORK:person{index}@example.com\r\n"
        f"TEL;TYPE=CELL:+1 555 {index:07d}\r\nitem1.X-ABLabel:Other\r\n"
        "NOTE:seeded by Benchmarks/peers/addressbook.py\r\nEND:VCARD\r\n")
    return f"{uid}.vcf", text


def _seed(args):
    port, worker, workers, n = args
    conn = bench.connect(port)
    errors = 0
    for index in range(worker, n, workers):
        name, text = card(index)
        status, _, _ = bench.request(conn, "PUT", BOOK + name, text, {
            "Content-Type": "text/vcard; charset=utf-8", "If-None-Match": "*"})
        errors += status not in (201, 204)
    return errors


def timed(port: int, seconds: float, make_request) -> dict:
    conn = bench.connect(port)
    latencies, errors = [], 0
    deadline = time.time() + seconds
    while time.time() < deadline:
        method, path, body, headers, expected = make_request()
        started = time.perf_counter()
        status, _, _ = bench.request(conn, method, path, body, headers)
        latencies.append(time.perf_counter() - started)
        errors += status != expected
    latencies.sort()
    total = sum(latencies)
    return {
        "req_s": round(len(latencies) / total, 1) if total else 0,
        "p50_ms": round(bench.percentile(latencies, 50) * 1000, 2),
        "p99_ms": round(bench.percentile(latencies, 99) * 1000, 2),
        "requests": len(latencies), "errors": errors,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10000)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--binary", default=os.path.join(bench.ROOT, ".build", "release", "cadence"))
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    bench.Cadence.binary = staticmethod(lambda: binary)
    tmp = tempfile.mkdtemp(prefix="cadence-addressbook-")
    server = bench.Cadence(tmp)
    server.start()
    try:
        n = args.contacts
        started = time.time()
        conn = bench.connect(server.port)
        status, _, _ = bench.request(conn, "PROPFIND", BOOK, None, {"Depth": "0"})
        assert status == 207, f"crm-contacts: {status}"
        with multiprocessing.get_context("fork").Pool(8) as pool:
            errors = sum(pool.map(_seed, [(server.port, w, 8, n) for w in range(8)]))
        seed_seconds = time.time() - started
        bench.log(f"seeded {n} cards in {seed_seconds:.1f} s ({errors} errors)")

        xml = {"Content-Type": "application/xml; charset=utf-8"}
        hrefs = "".join(f"<D:href>{BOOK}{card(i * (n // 50))[0]}</D:href>" for i in range(50))
        multiget = (
            '<CR:addressbook-multiget xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav">'
            f"<D:prop><D:getetag/><CR:address-data/></D:prop>{hrefs}</CR:addressbook-multiget>")
        target = n // 2
        query = (
            '<CR:addressbook-query xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav">'
            "<D:prop><D:getetag/><CR:address-data/></D:prop><CR:filter>"
            '<CR:prop-filter name="EMAIL"><CR:text-match match-type="equals">'
            f"person{target}@example.com</CR:text-match></CR:prop-filter></CR:filter>"
            "</CR:addressbook-query>")
        _, _, payload = bench.request(conn, "REPORT", BOOK, (
            '<D:sync-collection xmlns:D="DAV:"><D:sync-token/><D:sync-level>1</D:sync-level>'
            "<D:prop><D:getetag/></D:prop></D:sync-collection>"), {**xml, "Depth": "1"})
        token = bench.sync_token_of(payload)
        name, text = card(1)
        bench.request(conn, "PUT", BOOK + name, text.replace("NOTE:", "NOTE:changed "),
                      {"Content-Type": "text/vcard"})
        sync = (
            f'<D:sync-collection xmlns:D="DAV:"><D:sync-token>{token}</D:sync-token>'
            "<D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>")
        ctag = ('<D:propfind xmlns:D="DAV:" xmlns:CS="http://calendarserver.org/ns/">'
                "<D:prop><CS:getctag/></D:prop></D:propfind>")
        results = {
            "addressbook-multiget (50)": timed(server.port, args.seconds, lambda: (
                "REPORT", BOOK, multiget, {**xml, "Depth": "1"}, 207)),
            "addressbook-query, one e-mail": timed(server.port, args.seconds, lambda: (
                "REPORT", BOOK, query, {**xml, "Depth": "1"}, 207)),
            "sync-collection incremental": timed(server.port, args.seconds, lambda: (
                "REPORT", BOOK, sync, xml, 207)),
            "PROPFIND getctag": timed(server.port, args.seconds, lambda: (
                "PROPFIND", BOOK, ctag, {**xml, "Depth": "0"}, 207)),
        }
        print(f"\nN = {n} contacts; seeding {seed_seconds:.1f} s "
              f"({n / seed_seconds:.0f} PUT/s through 8 connections, {errors} errors); "
              f"peak RSS {bench.peak_rss_mb(server.pid):.0f} MB\n")
        print("| operation (c = 1) | req/s | p50 ms | p99 ms | errors |")
        print("|---|---:|---:|---:|---:|")
        for key, value in results.items():
            print(f"| {key} | {value['req_s']} | {value['p50_ms']} | {value['p99_ms']} | "
                  f"{value['errors']} |")
        return 1 if errors or any(v["errors"] for v in results.values()) else 0
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: requests per second of resolving and verifying stamp URLs through Django's test client.

    DATABASE_URL=postgres://… .venv/bin/python -m bench.resolver --requests 3000 [--stamps 500]

Three measurements over the same stamps, each `--requests` long:
  resolve  GET of the printed URL (`/01/<gtin>/10/<lot>/21/<serial>?s=…`): the resolver's 307;
  scan     GET of the scan page it redirects to: verify the signature, compute the verdict, render
           the page and record the scan (one INSERT);
  verify   `stampVerify(url)` through /graphql/ (verify only, nothing recorded).
The whole stack runs in-process (middleware, sessions, templates, cache), without a network or a
WSGI server. Addresses rotate over a /16 so the per-address scan limit is not what gets measured.
"""

import argparse
import resource
import time
from collections import Counter

from bench.common import bench_lot, database_label, django_setup, lot_discard

HOST = "http://testserver"
VERIFY = "query($url: String!) { stampVerify(url: $url) { kind scanCount } }"


def _run(label: str, requests: int, call) -> None:
    from django.db import connection

    statuses: Counter = Counter()
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        for i in range(requests):
            statuses[call(i)] += 1
        elapsed = time.perf_counter() - started
    print(
        f"{label:8} {requests / elapsed:8,.0f} requests/s  ({elapsed:.2f} s, "
        f"{queries / requests:.1f} SQL queries/request, status {dict(statuses)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000, help="requests per measurement (default 3000)")
    parser.add_argument(
        "--stamps", type=int, default=500, help="distinct stamps scanned in turn (default 500)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the stamps and scans afterwards")
    args = parser.parse_args()

    django_setup()
    from django.test import Client

    from traceability import actions, signing
    from traceability.models import Scan, StampJob

    lot = bench_lot(stamps_label="R")
    job = StampJob.objects.create(
        lot=lot, quantity=args.stamps, total=args.stamps, gtin=lot.variant.gtin or ""
    )
    actions.stamp_job_run(job_id=job.pk)
    urls = [signing.stamp_url(stamp, base_url=HOST) for stamp in job.stamps.select_related("job", "lot")]
    client = Client()

    def address(i: int) -> str:
        return f"10.{i // 250 % 250}.{i % 250}.1"

    def resolve(i: int) -> int:
        response = client.get(urls[i % len(urls)].removeprefix(HOST), REMOTE_ADDR=address(i))
        return response.status_code

    scan_paths = [client.get(url.removeprefix(HOST))["Location"].removeprefix(HOST) for url in urls]

    def scan(i: int) -> int:
        return client.get(scan_paths[i % len(scan_paths)], REMOTE_ADDR=address(i)).status_code

    def verify(i: int) -> int:
        response = client.post(
            "/graphql/",
            {"query": VERIFY, "variables": {"url": urls[i % len(urls)]}},
            content_type="application/json",
            REMOTE_ADDR=address(i),
        )
        return response.status_code

    print(f"database: {database_label()}; {len(urls)} stamps, {args.requests:,} requests each")
    _run("resolve", args.requests, resolve)
    _run("scan", args.requests, scan)
    _run("verify", args.requests, verify)
    print(f"scans recorded: {Scan.objects.filter(stamp__lot=lot).count():,}")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    if not args.keep:
        lot_discard(lot)


if __name__ == "__main__":
    main()

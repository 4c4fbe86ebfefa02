"""Benchmark: issue N stamps for a demo-like lot with the real `stamp_job_run`, on the configured DB.

    DATABASE_URL=postgres://… .venv/bin/python -m bench.stamp_issue --n 100000 [--pin] [--keep]

Prints stamps per second and the process's peak RSS. See bench/README.md.
"""

import argparse
import resource
import time

from bench.common import bench_lot, database_label, django_setup, lot_discard


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="stamps to issue (default 100,000)")
    parser.add_argument("--pin", action="store_true", help="with a scratch PIN per stamp")
    parser.add_argument("--keep", action="store_true", help="keep the stamps afterwards")
    args = parser.parse_args()

    django_setup()
    from traceability import actions
    from traceability.models import StampJob

    lot = bench_lot(stamps_label="S")
    job = StampJob.objects.create(
        lot=lot, quantity=args.n, total=args.n, with_pin=args.pin, gtin=lot.variant.gtin or ""
    )
    started = time.perf_counter()
    job = actions.stamp_job_run(job_id=job.pk)
    elapsed = time.perf_counter() - started
    issued = job.stamps.count()
    peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB

    print(f"database:      {database_label()}")
    pin = "with" if args.pin else "without"
    print(f"stamps:        {issued:,} ({pin} PIN, batches of {actions.STAMP_BATCH_SIZE:,})")
    print(f"elapsed:       {elapsed:.2f} s")
    print(f"stamps/second: {issued / elapsed:,.0f}")
    print(f"peak RSS:      {peak_rss_mib:.0f} MiB")
    if issued != args.n:
        raise SystemExit(f"expected {args.n} stamps, found {issued}")
    if not args.keep:
        lot_discard(lot)


if __name__ == "__main__":
    main()

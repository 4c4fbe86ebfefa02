"""Benchmark: server time of the shop's pages (home, search, category, product, stall) per request.

    DATABASE_URL=postgres://… .venv/bin/python -m bench.storefront --requests 300

Seeds the demo catalogue (idempotent, as `make run` does) into the configured database, then GETs
each page `--requests` times through Django's test client: the whole middleware stack, templates
and queries in-process, no network or WSGI server. Prints p50/p95/p99 server time, requests/s,
SQL queries and HTML bytes per request. The issue's target is p95 ≤ 80 ms for home and product.
"""

import argparse
import statistics
import time

from bench.common import database_label, django_setup


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _measure(client, label: str, path: str, requests: int) -> None:
    from django.db import connection

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    client.get(path)  # warm: templates compiled, sessions table touched
    samples: list[float] = []
    size = 0
    with connection.execute_wrapper(count):
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(path)
            samples.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            size = len(response.content)
    print(
        f"{label:9} p50 {_percentile(samples, 0.50):6.1f} ms  p95 {_percentile(samples, 0.95):6.1f} ms  "
        f"p99 {_percentile(samples, 0.99):6.1f} ms  {1000 / statistics.mean(samples):6.0f} req/s  "
        f"{queries / requests:4.1f} queries  {size / 1024:5.1f} KiB HTML  {path}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per page (default 300)")
    args = parser.parse_args()
    django_setup()

    from django.core.management import call_command
    from django.test import Client

    from backend.catalog.models import Category, Product
    from backend.stalls.models import Stall

    call_command("seed_demo", verbosity=0)
    product = (
        Product.objects.filter(slug__startswith="keo-dua").order_by("pk").first() or Product.objects.first()
    )
    category = Category.objects.filter(products__isnull=False).order_by("pk").first()
    stall = Stall.objects.filter(status="approved").order_by("pk").first()
    print(f"storefront on {database_label()}, {args.requests} requests per page")
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    pages = [
        ("home", "/"),
        ("search", "/search/?q=keo+dua"),
        ("category", f"/categories/{category.slug}/"),
        ("product", f"/products/{product.slug}/"),
        ("stall", f"/stalls/{stall.slug}/"),
    ]
    for label, path in pages:
        _measure(client, label, path, args.requests)


if __name__ == "__main__":
    main()

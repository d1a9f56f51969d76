"""Managers' dashboard benchmark: every dashboard page and export on the generated sales.

    python bench/dashboard.py [--rounds 7] [--warmup 1] [--database-url URL] [--db-name xq_bench_reports]

Runs in-process with django.test.Client, signed in as the benchmark manager that bench/generate_sales.py made,
against its database (see bench/README.md). For each scenario: warm-up requests, then `--rounds` timed requests
(time inside the client call: middleware, view, SQL, template or file; no network). A long export (over three
months) is a background job: its scenario times the job's work (`services.build_report_export`) directly. Prints
a Markdown table with median, p95, the median CPU time of a request (this process and its PostgreSQL backend,
when the server is local; parallel query workers are not counted), the median time a request spent in its SQL
statements (wall time, waiting for PostgreSQL included), SQL queries of one request and the machine's load.
"""

if __name__ == "__main__":
    import pathlib
    import sys

    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

import argparse
import math
import os
import statistics
import sys
import time
from urllib.parse import urlencode

from bench import environment
from bench.generate_sales import BENCH_MANAGER


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--only", help="run only the scenarios whose label contains this text")
    parser.add_argument(
        "--no-freeze",
        action="store_true",
        help="leave out the gc.freeze() a server worker makes once the shop is loaded (deploy/gunicorn.conf.py)",
    )
    environment.add_database_arguments(parser)
    parser.set_defaults(db_name="xq_bench_reports")
    return parser.parse_args(argv)


def backend_cpu_reader(connection):
    """A function giving the CPU seconds used so far by this process and by its PostgreSQL backend, when the
    server runs on this machine (its /proc entry is readable), else None. On a machine shared with other work the
    wall time of a request grows with the load; the CPU it costs much less."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    stat = f"/proc/{pid}/stat"
    if not os.path.exists(stat):
        return None
    ticks = os.sysconf("SC_CLK_TCK")

    def used() -> float:
        with open(stat) as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return time.process_time() + (int(fields[11]) + int(fields[12])) / ticks

    return used


def timed(execute, args, waited: list[float]):
    """Run a statement, adding the seconds it took (sent, run by PostgreSQL, rows fetched) to waited[0]."""
    started = time.perf_counter()
    try:
        return execute(*args)
    finally:
        waited[0] += time.perf_counter() - started


def p95(values):
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def main(argv=None) -> int:
    args = parse_args(argv)
    url = environment.bench_database_url(args)
    environment.setup_django(url)

    import datetime

    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone

    from inventory.models import Warehouse
    from marketplace.accounts.models import User
    from marketplace.catalogue.models import Category
    from marketplace.channels.models import Channel
    from marketplace.producers.models import Producer
    from marketplace.reports import services
    from marketplace.reports.models import ReportExport
    from marketplace.reports.selectors import Filters

    manager = User.objects.get(email=BENCH_MANAGER)
    client = Client()
    client.force_login(manager)
    today = timezone.localdate()
    quarter = {"start": (today - datetime.timedelta(days=90)).isoformat(), "end": today.isoformat()}
    year = {"start": (today - datetime.timedelta(days=365)).isoformat(), "end": today.isoformat()}
    two_years = {"start": (today - datetime.timedelta(days=730)).isoformat(), "end": today.isoformat()}
    kiosk = Warehouse.objects.filter(kind="kiosk").order_by("pk").first()
    producer = Producer.objects.order_by("pk").first()
    online = Channel.objects.filter(kind=Channel.Kind.ONLINE).order_by("pk").first()
    # The OCOP group with the most products (its subgroups' included) and its largest subgroup.
    group = Category.objects.filter(parent=None).annotate(n=Count("children__products")).order_by("-n", "pk").first()
    subgroup = Category.objects.filter(parent=group).annotate(n=Count("products")).order_by("-n", "pk").first()
    page = "/admin/tong-quan/"
    everything = {"location": kiosk.pk, "channel": kiosk.channels.first().pk, "producer": producer.pk}
    scenarios = [
        ("Admin landing /admin/ (this month)", lambda: client.get("/admin/")),
        ("Dashboard, this month (default)", lambda: client.get(page)),
        ("Dashboard, last 90 days", lambda: client.get(page, quarter)),
        ("Dashboard, last 365 days", lambda: client.get(page, year)),
        ("Dashboard, two years", lambda: client.get(page, two_years)),
        ("Dashboard, 365 days, one kiosk", lambda: client.get(page, year | {"location": kiosk.pk})),
        ("Dashboard, 365 days, one producer", lambda: client.get(page, year | {"producer": producer.pk})),
        ("Dashboard, 365 days, 4★", lambda: client.get(page, year | {"stars": 4})),
        ("Dashboard, 365 days, online channel", lambda: client.get(page, year | {"channel": online.pk})),
        ("Dashboard, 365 days, one OCOP group", lambda: client.get(page, year | {"group": group.pk})),
        ("Dashboard, 365 days, one subgroup", lambda: client.get(page, year | {"group": subgroup.pk})),
        (
            "Dashboard, two years, one OCOP group, 3★",
            lambda: client.get(page, two_years | {"group": group.pk, "stars": 3}),
        ),
        ("Dashboard, two years, kiosk + its channel + producer", lambda: client.get(page, two_years | everything)),
        ("Dashboard, this month, one kiosk, 5★", lambda: client.get(page, {"location": kiosk.pk, "stars": 5})),
    ]
    for table in ("kenh", "san-pham", "chu-the", "nhom", "sao", "loai", "thanh-toan", "theo-thoi-gian", "ton-kho"):
        for file_format in ("csv", "xlsx"):
            scenarios.append(
                (
                    f"Export {table}.{file_format}, last 90 days",
                    lambda table=table, file_format=file_format: client.get(
                        f"{page}xuat/{table}/?{urlencode(quarter | {'dinh-dang': file_format})}"
                    ),
                )
            )

    scenarios.append(
        (
            "Export san-pham.xlsx, last 90 days, one OCOP group",
            lambda: client.get(f"{page}xuat/san-pham/?{urlencode(quarter | {'group': group.pk, 'dinh-dang': 'xlsx'})}"),
        )
    )

    def background(table, file_format):
        export = ReportExport.objects.create(
            table=table, filters=Filters(today - datetime.timedelta(days=730), today).as_json(), file_format=file_format
        )
        services.build_report_export(export.pk)

    for table in ("theo-thoi-gian", "san-pham", "chu-the"):
        scenarios.append((f"Background export {table}.xlsx, two years", lambda table=table: background(table, "xlsx")))

    if not args.no_freeze:
        # What deploy/gunicorn.conf.py's post_worker_init does in every server worker once the shop is loaded.
        import gc

        from django.urls import get_resolver

        get_resolver().url_patterns  # noqa: B018
        gc.collect()
        gc.freeze()
    print(f"Database: {environment.describe_url(url)}; rounds {args.rounds}, warm-up {args.warmup}")
    print(f"gc.freeze() after loading: {'no' if args.no_freeze else 'yes'}")
    print(f"Load average before: {' '.join(f'{value:.2f}' for value in os.getloadavg())} on {os.cpu_count()} cores")
    print()
    cpu = backend_cpu_reader(connection)
    print("| Scenario | median ms | p95 ms | CPU ms (median) | SQL ms (median) | SQL queries |")
    print("|---|---:|---:|---:|---:|---:|")
    worst = 0.0
    for label, run in scenarios:
        if args.only and args.only not in label:
            continue
        for _ in range(args.warmup):
            response = run()
            if response is not None and response.status_code != 200:
                raise SystemExit(f"{label}: HTTP {response.status_code}")
        queries = []
        with connection.execute_wrapper(
            lambda execute, sql, *rest, log=queries: log.append(sql) or execute(sql, *rest)
        ):
            run()
        times, cpu_times, sql_times = [], [], []
        for _ in range(args.rounds):
            waited = [0.0]
            cpu_started = cpu() if cpu else 0.0
            started = time.perf_counter()
            with connection.execute_wrapper(lambda execute, *rest, waited=waited: timed(execute, rest, waited)):
                run()
            times.append((time.perf_counter() - started) * 1000)
            cpu_times.append(((cpu() if cpu else 0.0) - cpu_started) * 1000)
            sql_times.append(waited[0] * 1000)
        median = statistics.median(times)
        worst = max(worst, median)
        cpu_median = f"{statistics.median(cpu_times):.0f}" if cpu else "—"
        print(
            f"| {label} | {median:.0f} | {p95(times):.0f} | {cpu_median} | {statistics.median(sql_times):.0f} "
            f"| {len(queries)} |",
            flush=True,
        )
    ReportExport.objects.filter(requested_by__isnull=True).delete()
    print()
    print(f"Load average after: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    print(f"Slowest median: {worst:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Storefront benchmark on the generated catalogue: server time, SQL queries and throughput per page.

    python bench/storefront.py [--rounds N] [--warmup N] [--cold] [--explain] [--migrate] [--database-url URL]

Runs in-process with django.test.Client against the benchmark database (see bench/README.md). For every
scenario it first warms up, then counts the SQL queries of each distinct URL once (CaptureQueriesContext) and
the time they took ("of which in SQL": the median over the URLs), then times `--rounds` requests: server time
is the time inside Django's handler, from the request_started to the request_finished signal (middleware,
view, template; no network, no client), "CPU" the processor time this process spent in that span (what the
server time would be on an idle machine, less the database server's own work), and throughput is the number
of requests over the wall-clock time of that timed loop, one worker. Prints a Markdown table, then EXPLAIN
ANALYZE of the slowest SQL statement of every search.

The pages keep their catalogue parts in the `storefront` cache (storefront_theme/caching.py), so after the warm-up
the timed requests are what shoppers get between two catalogue changes. `--cold` empties that cache before every
request (outside the timed span): what the first request after a catalogue change costs. The two walks at the end
(pages 2–21 of the group and of search "tra", each requested once after page 1, whatever `--cold`) time first views
of pages of a listing already seen, as a shopper paging through it gets them.
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
from dataclasses import dataclass, field
from urllib.parse import urlencode

from bench import environment

SEARCH_QUERIES = ["nuoc mam", "sam ngoc linh", "banh trang", "tra", "hoa", "nước mắm"]
# A filter set a shopper would use on a big group: 4★ and up, in stock for HCMC delivery, a price band.
LISTING_FILTERS = {"stars": "4", "in_stock": "1", "price_min": "50000", "price_max": "500000", "sort": "price_asc"}
PRODUCT_PAGES = 20  # distinct product pages the product scenario cycles through
WALK_PAGES = 20  # pages of a listing walked after its first, each requested once


@dataclass
class Scenario:
    label: str
    urls: list[str]  # requested in turn
    # A walk: the cache is emptied once, `first` is requested (untimed), then every url is requested once, each a
    # first view of its page while the listing's other pages were seen (the SQL is counted during the timed loop).
    first: str | None = None


@dataclass
class Result:
    scenario: Scenario
    server_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)  # this process's CPU time per request (no wait for a core)
    queries: list[int] = field(default_factory=list)
    sql_ms: list[float] = field(default_factory=list)  # time in SQL of each counted request
    wall_seconds: float = 0.0
    slowest_sql: dict[str, tuple[float, str]] = field(default_factory=dict)  # url -> (seconds, sql)

    @property
    def median(self) -> float:
        return statistics.median(self.server_ms)

    @property
    def p95(self) -> float:
        # Nearest rank: the smallest time at least 95 % of the requests did not exceed.
        ordered = sorted(self.server_ms)
        return ordered[math.ceil(0.95 * len(ordered)) - 1]

    @property
    def throughput(self) -> float:
        return len(self.server_ms) / self.wall_seconds

    @property
    def query_count(self) -> str:
        low, high = min(self.queries), max(self.queries)
        return str(low) if low == high else f"{low}–{high}"


class HandlerTimer:
    """Time between Django's request_started and request_finished signals: the time spent in the handler."""

    def __init__(self):
        self.started = self.cpu_started = 0.0
        self.last_ms = self.last_cpu_ms = 0.0

    def _start(self, **kwargs):
        self.started, self.cpu_started = time.perf_counter(), time.process_time()

    def _finish(self, **kwargs):
        self.last_ms = (time.perf_counter() - self.started) * 1000
        self.last_cpu_ms = (time.process_time() - self.cpu_started) * 1000

    def __enter__(self):
        from django.core.signals import request_finished, request_started

        request_started.connect(self._start)
        request_finished.connect(self._finish)
        return self

    def __exit__(self, *exc):
        from django.core.signals import request_finished, request_started

        request_started.disconnect(self._start)
        request_finished.disconnect(self._finish)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=50, help="timed requests per scenario (default 50)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests per scenario first (default 3)")
    parser.add_argument("--category", help="group slug to list (default: the top-level group with most products)")
    parser.add_argument(
        "--cold", action="store_true", help="empty the storefront cache before every request (a first view)"
    )
    parser.add_argument(
        "--cold-cards",
        action="store_true",
        help="with --cold, empty the kept product cards too (storefront-cards: kept across catalogue versions, by "
        "their facts), and before each walk: no card seen yet",
    )
    parser.add_argument("--explain", action="store_true", help="print the full EXPLAIN ANALYZE plans")
    parser.add_argument("--migrate", action="store_true", help="apply missing migrations to the benchmark database")
    parser.add_argument("--only", help="run only scenarios whose label contains this text")
    parser.add_argument(
        "--no-gc-freeze",
        action="store_true",
        help="do not gc.freeze() after start-up as gunicorn's workers do (deploy/gunicorn.conf.py), as before they did",
    )
    environment.add_database_arguments(parser)
    return parser.parse_args(argv)


# Set by --cold: every request finds the storefront cache empty; with --cold-cards the kept cards too.
COLD = False
COLD_CARDS = False
NO_GC_FREEZE = False


def _get(client, url):
    if COLD:
        from storefront_theme import caching

        caching.storefront_cache().clear()
        if COLD_CARDS:
            caching.cards_cache().clear()
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}; the benchmark needs every page to answer 200.")
    return response


def last_page(client, url: str) -> int:
    """The number of pages of a listing, read from the view's context (`page`, a Django Page)."""
    from django.test.utils import setup_test_environment, teardown_test_environment

    # Only while discovering: the test environment records every rendered template's context, which costs time.
    setup_test_environment()
    try:
        response = _get(client, url)
    finally:
        teardown_test_environment()
    return response.context["page"].paginator.num_pages


def biggest_group() -> str:
    from django.db.models import Count, Q

    from marketplace.catalogue.models import Category, Product

    published = Q(products__status=Product.Status.PUBLISHED)
    children = Q(children__products__status=Product.Status.PUBLISHED)
    groups = Category.objects.filter(parent__isnull=True).annotate(
        size=Count("products", filter=published, distinct=True)
        + Count("children__products", filter=children, distinct=True)
    )
    return groups.order_by("-size", "pk").values_list("slug", flat=True).first()


def product_urls(count: int) -> list[str]:
    """Product pages spread evenly over the catalogue, each with a certificate (the fullest page)."""
    from marketplace.catalogue.models import Product

    slugs = list(
        Product.objects.filter(status=Product.Status.PUBLISHED, ocop_certificates__isnull=False)
        .order_by("pk")
        .distinct()
        .values_list("slug", flat=True)
    )
    step = max(1, len(slugs) // count)
    return [f"/san-pham/{slug}/" for slug in slugs[::step][:count]]


def build_scenarios(client, category: str) -> list[Scenario]:
    listing = f"/nhom/{category}/"
    filtered = f"{listing}?{urlencode(LISTING_FILTERS)}"
    deep = last_page(client, listing)
    deep_filtered = last_page(client, filtered)
    scenarios = [
        Scenario("Home", ["/"]),
        Scenario(f"Group {category}, page 1", [listing]),
        Scenario(f"Group {category}, page {deep} (last)", [f"{listing}?page={deep}"]),
        Scenario(f"Group {category} + filters, page 1", [filtered]),
        Scenario(f"Group {category} + filters, page {deep_filtered} (last)", [f"{filtered}&page={deep_filtered}"]),
        Scenario(f"Product page ({PRODUCT_PAGES} products in turn)", product_urls(PRODUCT_PAGES)),
    ]
    scenarios += [Scenario(f"Search “{query}”", [f"/tim-kiem/?{urlencode({'q': query})}"]) for query in SEARCH_QUERIES]
    # Pages 2, 3, … of a listing whose page 1 (and earlier pages) were seen: each page a first view.
    pages = range(2, 2 + WALK_PAGES)
    scenarios += [
        Scenario(
            f"Group {category}, pages 2–{pages[-1]} (each a first view)",
            [f"{listing}?page={n}" for n in pages],
            listing,
        ),
        Scenario(
            f"Search “tra”, pages 2–{pages[-1]} (each a first view)",
            [f"/tim-kiem/?q=tra&page={n}" for n in pages],
            "/tim-kiem/?q=tra",
        ),
    ]
    return scenarios


def run_scenario(client, scenario: Scenario, *, rounds: int, warmup: int) -> Result:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    result = Result(scenario)
    if scenario.first is not None:
        return run_walk(client, scenario, result)
    for index in range(warmup):
        _get(client, scenario.urls[index % len(scenario.urls)])
    for url in scenario.urls:
        with CaptureQueriesContext(connection) as captured:
            _get(client, url)
        result.queries.append(len(captured))
        result.sql_ms.append(sum(float(query["time"]) for query in captured.captured_queries) * 1000)
        slowest = max(captured.captured_queries, key=lambda query: float(query["time"]))
        result.slowest_sql[url] = (float(slowest["time"]), slowest["sql"])
    with HandlerTimer() as timer:
        started = time.perf_counter()
        for index in range(rounds):
            _get(client, scenario.urls[index % len(scenario.urls)])
            result.server_ms.append(timer.last_ms)
            result.cpu_ms.append(timer.last_cpu_ms)
        result.wall_seconds = time.perf_counter() - started
    return result


def run_walk(client, scenario: Scenario, result: Result) -> Result:
    """Each url once, after the listing's first page: what a shopper paging through a listing gets."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from storefront_theme import caching

    caching.storefront_cache().clear()
    if COLD_CARDS:
        caching.cards_cache().clear()
    client.get(scenario.first)
    with HandlerTimer() as timer:
        started = time.perf_counter()
        for url in scenario.urls:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"GET {url} answered {response.status_code}.")
            result.server_ms.append(timer.last_ms)
            result.cpu_ms.append(timer.last_cpu_ms)
            result.queries.append(len(captured))
            result.sql_ms.append(sum(float(query["time"]) for query in captured.captured_queries) * 1000)
            slowest = max(captured.captured_queries, key=lambda query: float(query["time"]))
            result.slowest_sql[url] = (float(slowest["time"]), slowest["sql"])
        result.wall_seconds = time.perf_counter() - started
    return result


def explain(sql: str) -> tuple[float, str]:
    """EXPLAIN (ANALYZE, BUFFERS) of a captured statement: its execution time in ms and the plan text."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        lines = [row[0] for row in cursor.fetchall()]
    execution = next((line for line in lines if line.startswith("Execution Time")), "Execution Time: nan ms")
    return float(execution.split(":")[1].split()[0]), "\n".join(lines)


def describe_setup(url: str, rounds: int, warmup: int) -> str:
    import django
    from django.db import connection

    from marketplace.catalogue.models import Product, ProductVariant

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return (
        f"Database {environment.describe_url(url)} (PostgreSQL {version}); "
        f"{Product.objects.count()} products, {ProductVariant.objects.count()} variants; "
        f"Python {sys.version.split()[0]}, Django {django.get_version()}; "
        f"{warmup} warm-up + {rounds} timed requests per scenario, one in-process worker"
        f"{', storefront cache emptied before every request (--cold)' if COLD else ''}"
        f"{', kept cards too (--cold-cards)' if COLD_CARDS else ''}"
        f"{', no gc.freeze()' if NO_GC_FREEZE else ', gc.freeze() after start-up'}; {load_average()}."
    )


def load_average() -> str:
    """The machine's load: on a shared machine, other work running beside the benchmark shows here."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def print_table(results: list[Result]) -> None:
    print("| Page | Median (ms) | p95 (ms) | SQL queries | of which in SQL (ms) | CPU median (ms) | Requests/s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for result in results:
        print(
            f"| {result.scenario.label} | {result.median:.1f} | {result.p95:.1f} | {result.query_count} "
            f"| {statistics.median(result.sql_ms):.0f} | {statistics.median(result.cpu_ms):.1f} "
            f"| {result.throughput:.1f} |"
        )


def print_explains(results: list[Result], *, full: bool) -> None:
    searches = [result for result in results if result.scenario.urls[0].startswith("/tim-kiem/")]
    if not searches:
        return
    print()
    print("| Search | Slowest SQL statement (ms, as measured) | Its EXPLAIN ANALYZE execution (ms) |")
    print("|---|---:|---:|")
    plans = []
    for result in searches:
        seconds, sql = max(result.slowest_sql.values())
        execution_ms, plan = explain(sql)
        plans.append((result.scenario.label, sql, plan))
        print(f"| {result.scenario.label} | {seconds * 1000:.1f} | {execution_ms:.1f} |")
    if full:
        for label, sql, plan in plans:
            print(f"\n### {label}\n\n```sql\n{sql}\n```\n\n```\n{plan}\n```")


def main(argv=None) -> int:
    global COLD, COLD_CARDS, NO_GC_FREEZE
    args = parse_args(argv)
    COLD, NO_GC_FREEZE = args.cold, args.no_gc_freeze
    COLD_CARDS = args.cold and args.cold_cards
    url = environment.bench_database_url(args)
    if not environment.database_exists(url):
        raise SystemExit(f"{environment.describe_url(url)} does not exist: run bench/generate_catalogue.py first.")
    environment.setup_django(url)

    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.test import Client

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        if not args.migrate:
            raise SystemExit("The benchmark database lacks migrations: run again with --migrate.")
        call_command("migrate", verbosity=0, interactive=False)
    client = Client()
    if not args.no_gc_freeze:
        import gc

        gc.freeze()  # as a gunicorn worker does once it has loaded the application (deploy/gunicorn.conf.py)
    category = args.category or biggest_group()
    scenarios = build_scenarios(client, category)
    if args.only:
        scenarios = [scenario for scenario in scenarios if args.only in scenario.label]
    print(describe_setup(url, args.rounds, args.warmup))
    print()
    results = []
    for scenario in scenarios:
        results.append(run_scenario(client, scenario, rounds=args.rounds, warmup=args.warmup))
        print(f"  … {scenario.label}: {results[-1].median:.1f} ms", file=sys.stderr)
    print_table(results)
    print_explains(results, full=args.explain)
    print(f"\nAt the end: {load_average()}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

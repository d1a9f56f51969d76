"""Catalogue API benchmark on the generated catalogue: server time and SQL statements per GraphQL request.

    python bench/api_catalogue.py [--rounds N] [--warmup N] [--only TEXT] [--cold [--cold-count]] [--profile N]
                                  [--explain] [--migrate] [--database-url URL]

Runs in-process with django.test.Client against the benchmark database (see bench/README.md), POSTing the
query text a Saleor storefront sends to /graphql/. As bench/storefront.py does (and with its timer): server time is
the time inside Django's handler (request_started to request_finished), SQL statements are counted on one request
per distinct request body, and the median and p95 are over `--rounds` timed requests after `--warmup` untimed
ones. The headline scenario is issue 9's: `products(first: 32)` with category, thumbnail, price range, variants
and quantityAvailable. Repeated requests reuse the cached answer when the catalogue version and the stock shown are
unchanged (marketplace/graphql/catalogue/response_cache.py); `--cold` turns that off, so every answer is computed
(the totalCount stays cached under the catalogue version), and `--cold --cold-count` also empties Django's cache
before every request, as the first request after a catalogue write finds it. `--profile N` prints, after each
scenario, where the time of N more requests went (cProfile, the functions with the most time of their own).
"""

if __name__ == "__main__":
    import pathlib
    import sys

    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

import argparse
import cProfile
import io
import json
import pstats
import statistics
import sys
import time

from bench import environment
from bench.storefront import HandlerTimer, Result, Scenario, describe_setup, explain, load_average

CHANNEL = "sieu-thi-hcm"

LISTING = """
query ProductList($first: Int!, $after: String, $channel: String!) {
  products(first: $first, after: $after, channel: $channel) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id name slug
      category { id name slug }
      thumbnail(size: 256) { url alt }
      pricing { priceRange { start { gross { amount currency } } stop { gross { amount currency } } } }
      variants { id name sku quantityAvailable pricing { price { gross { amount currency } } } }
    } }
  }
}
"""

# Issue 12 §7's listing: a page of 100 with pricing, thumbnail, attributes and availability.
LISTING_WITH_ATTRIBUTES = """
query ProductListAttributes($first: Int!, $channel: String!) {
  products(first: $first, channel: $channel) {
    totalCount
    edges { node {
      id name slug isAvailable
      thumbnail(size: 256) { url alt }
      pricing { priceRange { start { gross { amount currency } } stop { gross { amount currency } } } }
      attributes { attribute { slug name inputType } values { slug name } }
      variants { id quantityAvailable attributes { attribute { slug } values { name } } }
    } }
  }
}
"""

PRODUCT = """
query ProductDetails($slug: String!, $channel: String!) {
  product(slug: $slug, channel: $channel) {
    id name slug description seoTitle seoDescription
    category { id name slug }
    thumbnail(size: 1024) { url alt }
    media { url alt type }
    pricing { priceRange { start { gross { amount currency } } stop { gross { amount currency } } } }
    variants { id name sku quantityAvailable pricing { price { gross { amount currency } } } }
  }
}
"""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=50, help="timed requests per scenario (default 50)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per scenario first (default 5)")
    parser.add_argument("--only", help="run only scenarios whose label contains this text")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of each slowest statement")
    parser.add_argument("--migrate", action="store_true", help="apply missing migrations to the benchmark database")
    parser.add_argument("--cold", action="store_true", help="no cached answers: every answer is computed")
    parser.add_argument(
        "--cold-count",
        action="store_true",
        help="with --cold: empty Django's cache before every request (no cached count)",
    )
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="profile N requests per scenario after timing them"
    )
    environment.add_database_arguments(parser)
    return parser.parse_args(argv)


COLD_COUNT = False


def post(client, body: str) -> dict:
    if COLD_COUNT:
        from django.core.cache import cache

        cache.clear()
    response = client.post("/graphql/", body, content_type="application/json")
    result = response.json()
    if response.status_code != 200 or result.get("errors"):
        raise SystemExit(f"The API answered {response.status_code}: {result.get('errors')}")
    return result["data"]


def request_body(query: str, **variables) -> str:
    return json.dumps({"query": query, "variables": variables})


def build_scenarios(client) -> list[Scenario]:
    """Scenario.urls holds request bodies here: each is POSTed in turn."""
    first_page = post(client, request_body(LISTING, first=32, channel=CHANNEL))["products"]
    cursor = first_page["pageInfo"]["endCursor"]
    slugs = [edge["node"]["slug"] for edge in first_page["edges"][:20]]
    return [
        Scenario("products(first: 32)", [request_body(LISTING, first=32, channel=CHANNEL)]),
        Scenario("products(first: 32), second page", [request_body(LISTING, first=32, after=cursor, channel=CHANNEL)]),
        Scenario("products(first: 100)", [request_body(LISTING, first=100, channel=CHANNEL)]),
        Scenario(
            "products(first: 100) with attributes",
            [request_body(LISTING_WITH_ATTRIBUTES, first=100, channel=CHANNEL)],
        ),
        Scenario("product(slug)", [request_body(PRODUCT, slug=slug, channel=CHANNEL) for slug in slugs]),
    ]


def run_scenario(client, scenario: Scenario, *, rounds: int, warmup: int) -> tuple[Result, list[float]]:
    """The scenario's Result, and the CPU time this process spent on each timed request (client included): on a
    busy machine the wall-clock times grow with the load, the CPU time much less."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    result, cpu_ms = Result(scenario), []
    for index in range(warmup):
        post(client, scenario.urls[index % len(scenario.urls)])
    for body in scenario.urls:
        with CaptureQueriesContext(connection) as captured:
            post(client, body)
        result.queries.append(len(captured))
        result.sql_ms.append(sum(float(query["time"]) for query in captured.captured_queries) * 1000)
        slowest = max(captured.captured_queries, key=lambda query: float(query["time"]))
        result.slowest_sql[body] = (float(slowest["time"]), slowest["sql"])
    with HandlerTimer() as timer:
        started = time.perf_counter()
        for index in range(rounds):
            cpu_started = time.thread_time()
            post(client, scenario.urls[index % len(scenario.urls)])
            result.server_ms.append(timer.last_ms)
            cpu_ms.append((time.thread_time() - cpu_started) * 1000)
        result.wall_seconds = time.perf_counter() - started
    return result, cpu_ms


def profile_scenario(client, scenario: Scenario, requests: int) -> str:
    """cProfile of `requests` requests: the 30 functions with the most time of their own, and their callers' share."""
    profiler = cProfile.Profile()
    profiler.enable()
    for index in range(requests):
        post(client, scenario.urls[index % len(scenario.urls)])
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    stats.sort_stats("tottime").print_stats(30)
    stats.sort_stats("cumulative").print_stats(40)
    return text.getvalue()


def main(argv=None) -> int:
    global COLD_COUNT
    args = parse_args(argv)
    COLD_COUNT = args.cold and args.cold_count
    url = environment.bench_database_url(args)
    if not environment.database_exists(url):
        raise SystemExit(f"{environment.describe_url(url)} does not exist: run bench/generate_catalogue.py first.")
    environment.setup_django(url)

    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.test import Client

    from marketplace.graphql.catalogue import response_cache

    response_cache.ENABLED = not args.cold

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        if not args.migrate:
            raise SystemExit("The benchmark database lacks migrations: run again with --migrate.")
        call_command("migrate", verbosity=0, interactive=False)
    client = Client()
    scenarios = build_scenarios(client)
    if args.only:
        scenarios = [scenario for scenario in scenarios if args.only in scenario.label]
    print(describe_setup(url, args.rounds, args.warmup))
    print()
    print("| Query | Median (ms) | p95 (ms) | CPU median (ms) | SQL statements | of which in SQL (ms) | Requests/s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for scenario in scenarios:
        result, cpu_ms = run_scenario(client, scenario, rounds=args.rounds, warmup=args.warmup)
        print(
            f"| {scenario.label} | {result.median:.1f} | {result.p95:.1f} | {statistics.median(cpu_ms):.1f} "
            f"| {result.query_count} "
            f"| {statistics.median(result.sql_ms):.1f} | {result.throughput:.1f} |",
            flush=True,
        )
        if args.profile:
            print(f"\n```\n{profile_scenario(client, scenario, args.profile)}```\n")
        if args.explain:
            seconds, sql = max(result.slowest_sql.values())
            execution_ms, plan = explain(sql)
            print(f"\n```sql\n{sql}\n```\n\n```\n{plan}\n```\n")
    print(f"\nAt the end: {load_average()}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The checkout over the API, as a Saleor storefront sends it: median, p95 and SQL statements per operation.

Each round is one guest's whole checkout in the operations of tests/graphql/operations/checkout/ (the storefront's
text, with the full `Checkout` fragment in every answer), POSTed to /graphql/ in process with django.test.Client:
checkoutCreate (1 line), checkoutLinesAdd (1 line), checkoutEmailUpdate, checkoutShippingAddressUpdate,
checkoutDeliveryMethodUpdate, the `checkout` query (2 lines), checkoutComplete (cash on delivery). Times are
Django's handler time (bench.storefront.HandlerTimer, as the catalogue benches use: no network); the SQL count
of each operation is taken on every round and reported as its range.

    XQ_ENV=development DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/api_checkout.py [--rounds N]

It works in a database of its own, `xq_bench_api_checkout` unless --db-name says otherwise, dropped and migrated
afresh on each run, with bench/checkout.py's catalogue (20 products priced in the HCMC channel, ample stock).
"""

import argparse
import json
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.checkout import prepare_checkout_database  # noqa: E402
from bench.environment import describe_url  # noqa: E402
from bench.storefront import HandlerTimer, Result, Scenario, load_average  # noqa: E402

STEPS = (
    "CheckoutCreate",
    "CheckoutLinesAdd",
    "CheckoutEmailUpdate",
    "CheckoutShippingAddressUpdate",
    "CheckoutDeliveryMethodUpdate",
    "Checkout",
    "CheckoutComplete",
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="PostgreSQL server (default: DATABASE_URL, else the embedded one)")
    parser.add_argument("--db-name", default="xq_bench_api_checkout", help="the benchmark database (must hold 'bench')")
    parser.add_argument("--rounds", type=int, default=30, help="timed checkouts (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed checkouts first (default 3)")
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args()


def post(client, timer, name: str, **variables) -> tuple[dict, float, int]:
    """One operation: its answer's data, the handler's time (ms) and the SQL statements it ran."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.graphql.checkout_api import operation

    body = json.dumps({"query": operation(name), "variables": variables})
    with CaptureQueriesContext(connection) as captured:
        response = client.post("/graphql/", body, content_type="application/json")
    answer = response.json()
    payload = next(iter((answer.get("data") or {}).values()), None) or {}
    if response.status_code != 200 or answer.get("errors") or payload.get("errors"):
        raise SystemExit(f"{name} failed ({response.status_code}): {answer.get('errors') or payload.get('errors')}")
    return answer["data"], timer.last_ms, len(captured)


def one_checkout(client, timer, variants, method_id: str, rng, index: int) -> list[tuple[str, float, int]]:
    from tests.graphql.checkout_api import SAIGON_ADDRESS, variant_id

    first, second = rng.sample(variants, 2)
    steps = []

    def step(name, **variables):
        data, ms, sql = post(client, timer, name, **variables)
        steps.append((name, ms, sql))
        return data

    lines = [{"variantId": variant_id(first), "quantity": 1}]
    checkout = step("CheckoutCreate", channel="sieu-thi-hcm", lines=lines)["checkoutCreate"]["checkout"]
    step("CheckoutLinesAdd", id=checkout["id"], lines=[{"variantId": variant_id(second), "quantity": 2}])
    step("CheckoutEmailUpdate", id=checkout["id"], email=f"khach-{index}@example.com")
    step("CheckoutShippingAddressUpdate", id=checkout["id"], address=SAIGON_ADDRESS)
    step("CheckoutDeliveryMethodUpdate", id=checkout["id"], deliveryMethodId=method_id)
    step("Checkout", id=checkout["id"])
    order = step("CheckoutComplete", id=checkout["id"])["checkoutComplete"]["order"]
    if order is None or len(order["lines"]) != 2:
        raise SystemExit(f"checkout {index} placed no two-line order: {order}")
    return steps


def main():
    args = parse_args()
    url, _channel, variants, _make_variant, method = prepare_checkout_database(args)
    from django.test import Client
    from graphene import relay

    method_id = relay.Node.to_global_id("ShippingMethod", method.pk)
    rng = random.Random(args.seed)
    client = Client()
    results = {name: Result(Scenario(name, [])) for name in [*STEPS, "whole checkout"]}

    print(f"database {describe_url(url)}; {os.cpu_count()} CPUs; at the start: {load_average()}")
    with HandlerTimer() as timer:
        for index in range(args.warmup):
            one_checkout(client, timer, variants, method_id, rng, index)
        for index in range(args.rounds):
            steps = one_checkout(client, timer, variants, method_id, rng, args.warmup + index)
            whole = ("whole checkout", sum(step[1] for step in steps), sum(step[2] for step in steps))
            for name, ms, sql in [*steps, whole]:
                results[name].server_ms.append(ms)
                results[name].queries.append(sql)
    print(f"{args.rounds} guest checkouts over the API (2 lines, cash on delivery), {args.warmup} warm-up first\n")
    print("| Operation | SQL | Median (ms) | p95 (ms) |")
    print("|---|---:|---:|---:|")
    for name, result in results.items():
        print(f"| {name} | {result.query_count} | {result.median:.1f} | {result.p95:.1f} |")
    print(f"\nAt the end: {load_average()}.")


if __name__ == "__main__":
    main()

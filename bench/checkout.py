"""Checkout completion under concurrent buyers: latency, throughput, SQL per checkout, and no oversell.

Each buyer is a thread with its own database connection running a whole checkout through the services a shopper's
requests call: create the cart, add one or two products, give contact and a HCMC address, place the order with
cash on delivery (row locks, allocation, order number, payment record, confirmation e-mail rendered after
commit). Buyers draw from a small range of products, so they contend for the same Stock rows as on a busy day.

Then the oversell check: every buyer keeps buying one unit of a product with a few units left until it is out;
the orders must hold exactly the units there were, and the stock ledger must add up.

Last, the race for the last units (issue 9): --race-shoppers carts (100) each holding one unit of a product with
--race-units left (10) are placed at the same moment by --race-threads threads (20, each its own connection, as a
server's bounded pool would): exactly that many orders, every other shopper a clear out-of-stock answer, no error,
every answer within 5 s of the start.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/checkout.py

It works in a database of its own, `xq_bench_checkout` unless --db-name says otherwise, dropped and migrated
afresh on each run (see bench/environment.py for how the server is chosen).
"""

import argparse
import contextlib
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import (  # noqa: E402
    bench_database_url,
    create_database,
    describe_url,
    setup_django,
)

PRODUCTS = 20
STOCK_PER_VARIANT = 100_000
SAIGON_WARD = "26740"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="PostgreSQL server (default: DATABASE_URL, else the embedded one)")
    parser.add_argument("--db-name", default="xq_bench_checkout", help="the benchmark database (must contain 'bench')")
    parser.add_argument("--buyers", default="1,4,8", help="concurrent buyer threads per round (default 1,4,8)")
    parser.add_argument("--checkouts", type=int, default=30, help="checkouts each buyer completes per round")
    parser.add_argument("--oversell-units", type=int, default=25, help="units of the product buyers race to empty")
    parser.add_argument("--race-shoppers", type=int, default=100, help="carts racing for the last units")
    parser.add_argument("--race-units", type=int, default=10, help="units left when they race")
    parser.add_argument("--race-threads", type=int, default=20, help="threads (connections) placing the orders")
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args()


def build_catalogue():
    """Products priced in the HCMC channel with plenty of stock, written through the services."""
    from django.conf import settings

    from inventory import locations
    from inventory.models import Warehouse
    from inventory.services import receive_goods
    from marketplace.catalogue.models import Category, Product
    from marketplace.catalogue.services import create_product, create_variant, set_variant_price
    from marketplace.channels.models import Channel
    from marketplace.producers.services import create_producer

    channel = Channel.objects.get(slug=settings.STOREFRONT_CHANNEL_SLUG)
    warehouse = Warehouse.objects.get(slug=locations.FULFILMENT_HCM)
    producer = create_producer(name="HTX Bench Cửa Khe", legal_form="cooperative", tax_code="4000999888")
    category = Category.objects.create(name="Thực phẩm", slug="thuc-pham-bench")

    def variant(index: int, *, stock: int):
        product = create_product(
            producer=producer, category=category, name=f"Nước mắm Cửa Khe số {index}", status=Product.Status.PUBLISHED
        )
        item = create_variant(product=product, sku=f"BENCH-{index:03d}", name="Chai 500 ml")
        set_variant_price(variant=item, channel=channel, price_amount=60_000 + 5_000 * index)
        receive_goods(warehouse=warehouse, producer=producer, lines=[(item, stock)])
        return item

    return channel, [variant(index, stock=STOCK_PER_VARIANT) for index in range(PRODUCTS)], variant


def one_checkout(channel, lines, *, email: str, method_id: int, step=lambda name: contextlib.nullcontext()):
    """A guest's whole checkout; step(name) wraps each stage (the SQL count uses it to count each one)."""
    from marketplace.checkout.services import (
        add_to_checkout,
        complete_checkout,
        create_checkout,
        set_checkout_details,
    )

    with step("create cart"):
        checkout = create_checkout(channel=channel)
    with step("add lines"):
        for variant, quantity in lines:
            add_to_checkout(checkout, variant=variant, quantity=quantity)
    with step("details"):
        set_checkout_details(
            checkout,
            email=email,
            phone="0901234567",
            full_name="Nguyễn Thị Lan",
            street_address="12 Lê Lợi",
            ward_code=SAIGON_WARD,
            shipping_method_id=method_id,
        )
    with step("place order"):
        return complete_checkout(checkout)


def run_threads(count: int, work) -> float:
    """Run work(index) in `count` threads started together, each closing its connection; returns wall seconds."""
    from django.db import connection

    barrier = threading.Barrier(count)
    errors = []

    def run(index):
        try:
            barrier.wait()
            work(index)
        except Exception as error:  # reported below: a silent thread would make the figures lie
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise SystemExit(f"{len(errors)} buyer(s) failed, first: {errors[0]!r}")
    return elapsed


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def queries_per_checkout(channel, variants, method_id: int, rng) -> dict[str, int]:
    """SQL statements of each stage of a two-line checkout (the last of five runs, caches warm)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts: dict[str, int] = {}

    @contextlib.contextmanager
    def count(name):
        with CaptureQueriesContext(connection) as captured:
            yield
        counts[name] = len(captured)

    for index in range(5):
        lines = [(variant, 1) for variant in rng.sample(variants, 2)]
        one_checkout(channel, lines, email=f"dem-sql-{index}@example.com", method_id=method_id, step=count)
    return counts


def throughput_round(channel, variants, method_id: int, *, buyers: int, per_buyer: int, seed: int) -> dict:
    timings: list[list[float]] = [[] for _ in range(buyers)]

    def buyer(index):
        rng = random.Random(seed * 1000 + buyers * 100 + index)
        for number in range(per_buyer):
            lines = [(variant, rng.randint(1, 2)) for variant in rng.sample(variants, rng.randint(1, 2))]
            started = time.perf_counter()
            one_checkout(channel, lines, email=f"khach-{buyers}-{index}-{number}@example.com", method_id=method_id)
            timings[index].append(time.perf_counter() - started)

    wall = run_threads(buyers, buyer)
    flat = [seconds for per_thread in timings for seconds in per_thread]
    return {
        "buyers": buyers,
        "checkouts": len(flat),
        "median_ms": statistics.median(flat) * 1000,
        "p95_ms": percentile(flat, 0.95) * 1000,
        "per_second": len(flat) / wall,
    }


def oversell_check(channel, make_variant, method_id: int, *, buyers: int, units: int) -> dict:
    from inventory.models import Stock
    from inventory.selectors import ledger_discrepancies
    from marketplace.core.errors import DomainError
    from marketplace.orders.models import OrderLine

    last_units = make_variant(PRODUCTS + 1, stock=units)
    refusals = {}

    def buyer(index):
        number = 0
        while True:
            number += 1
            try:
                one_checkout(
                    channel, [(last_units, 1)], email=f"cuoi-{index}-{number}@example.com", method_id=method_id
                )
            except DomainError as error:
                refusals[error.code] = refusals.get(error.code, 0) + 1
                return

    run_threads(buyers, buyer)
    lines = OrderLine.objects.filter(variant=last_units)
    stock = Stock.objects.get(product_variant=last_units)
    return {
        "units": units,
        "orders": lines.values("order").distinct().count(),
        "units_ordered": sum(lines.values_list("quantity", flat=True)),
        "allocated": stock.quantity_allocated,
        "refusals": refusals,
        "ledger_discrepancies": len(ledger_discrepancies()),
    }


def last_units_race(channel, make_variant, method_id: int, *, shoppers: int, units: int, threads: int) -> dict:
    """Carts ready to order (one unit each), placed together; each answer timed from the common start."""
    from marketplace.checkout.services import (
        add_to_checkout,
        complete_checkout,
        create_checkout,
        set_checkout_details,
    )
    from marketplace.core.errors import DomainError
    from marketplace.orders.models import Order

    last = make_variant(PRODUCTS + 2, stock=units)
    carts = []
    for index in range(shoppers):
        checkout = create_checkout(channel=channel)
        add_to_checkout(checkout, variant=last, quantity=1)
        set_checkout_details(
            checkout,
            email=f"dua-{index}@example.com",
            phone="0901234567",
            full_name="Trần Văn Bình",
            street_address="5 Nguyễn Huệ",
            ward_code=SAIGON_WARD,
            shipping_method_id=method_id,
        )
        carts.append(checkout)
    outcomes: list[tuple[str, float]] = []
    lock = threading.Lock()
    start = {}

    def placer(index):
        start.setdefault("at", time.perf_counter())
        for checkout in carts[index::threads]:
            try:
                result = complete_checkout(checkout)
                kind = "order" if isinstance(result, Order) else "other"
            except DomainError as refused:
                kind = "out of stock" if refused.code == "insufficient_stock" else f"refused {refused.code}"
            except Exception as error:  # noqa: BLE001 - counted: the race must have none
                kind = f"error {error!r}"
            with lock:
                outcomes.append((kind, time.perf_counter() - start["at"]))

    wall = run_threads(threads, placer)
    kinds: dict[str, int] = {}
    for kind, _seconds in outcomes:
        kinds[kind] = kinds.get(kind, 0) + 1
    return {"kinds": kinds, "slowest_s": max(seconds for _kind, seconds in outcomes), "wall_s": wall}


def prepare_checkout_database(args):
    """A new bench database, migrated, with the checkout catalogue: (url, channel, variants, make_variant, the
    standard delivery method). Django is set up on it."""
    url = bench_database_url(args)
    create_database(url, reset=True)
    # Confirmation e-mails are rendered as in production but go nowhere.
    os.environ["DJANGO_EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
    setup_django(url)
    from django.core.management import call_command

    from marketplace.checkout.models import ShippingMethod

    call_command("migrate", verbosity=0)
    channel, variants, make_variant = build_catalogue()
    return url, channel, variants, make_variant, ShippingMethod.objects.get(channel=channel, slug="tieu-chuan")


def main():
    args = parse_args()
    url, channel, variants, make_variant, method = prepare_checkout_database(args)
    method_id = method.pk
    rng = random.Random(args.seed)

    print(f"database {describe_url(url)}; {os.cpu_count()} CPUs; load average {os.getloadavg()}")
    # Warm up the connection, caches and the code paths before timing anything.
    sql = queries_per_checkout(channel, variants, method_id, rng)
    stages = ", ".join(f"{name} {queries}" for name, queries in sql.items())
    print(f"SQL queries per checkout (2 lines, cash on delivery): {sum(sql.values())} ({stages})")
    print(f"{'buyers':>6} {'checkouts':>9} {'median ms':>10} {'p95 ms':>8} {'checkouts/s':>12}")
    for buyers in (int(value) for value in args.buyers.split(",")):
        row = throughput_round(channel, variants, method_id, buyers=buyers, per_buyer=args.checkouts, seed=args.seed)
        print(
            f"{row['buyers']:>6} {row['checkouts']:>9} {row['median_ms']:>10.1f} {row['p95_ms']:>8.1f}"
            f" {row['per_second']:>12.1f}"
        )
    buyers = max(int(value) for value in args.buyers.split(","))
    check = oversell_check(channel, make_variant, method_id, buyers=buyers, units=args.oversell_units)
    verdict = (
        "OK"
        if check["orders"] == check["units_ordered"] == check["allocated"] == check["units"]
        and check["ledger_discrepancies"] == 0
        else "OVERSOLD"
    )
    print(
        f"oversell check, {buyers} buyers racing for {check['units']} units: {check['orders']} orders, "
        f"{check['units_ordered']} units ordered, {check['allocated']} allocated, refusals {check['refusals']}, "
        f"ledger discrepancies {check['ledger_discrepancies']} → {verdict}"
    )
    race = last_units_race(
        channel,
        make_variant,
        method_id,
        shoppers=args.race_shoppers,
        units=args.race_units,
        threads=args.race_threads,
    )
    kinds = race["kinds"]
    race_ok = (
        kinds.get("order") == args.race_units
        and kinds.get("out of stock") == args.race_shoppers - args.race_units
        and len(kinds) == 2
        and race["slowest_s"] <= 5
    )
    print(
        f"race, {args.race_shoppers} shoppers for the last {args.race_units} units ({args.race_threads} threads): "
        f"{kinds}; last answer after {race['slowest_s']:.2f} s → {'OK' if race_ok else 'FAILED'}"
    )
    print(f"load average after {os.getloadavg()}")
    return 0 if verdict == "OK" and race_ok else 1


if __name__ == "__main__":
    sys.exit(main())

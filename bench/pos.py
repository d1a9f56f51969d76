"""Kiosk sales over HTTP: recorded sales per second with four kiosks at once, latency of a 3-line sale, SQL per sale.

A real server runs on 127.0.0.1 against a database of its own with the demo data loaded: gunicorn with the
shop's own configuration (deploy/gunicorn.conf.py: gthread workers, psycopg pool), as `make run` serves, or with
--server runserver Django's threaded development server (how this benchmark ran before). Each kiosk first
receives enough of its three items for every sale of the run, so no sale takes a shelf below zero (a sale that
does also opens a variance alert: one statement more). Four client threads sign in through the POS login page as
the four kiosks' demo staff, each with an open cash session, and post 3-line cash sales, one at a time, to their
kiosk's sync endpoint (/pos/<kiosk>/ban/), exactly as the till does. Every answer must be 200; afterwards the
sales are counted in the database and the stock ledger must add up. SQL statements per sale are counted
in-process through the same view (Django's test client), outside the timed run; the CPU time the server's
processes (gunicorn's master and workers) and the PostgreSQL processes of their connections used during the timed
run is divided by its sales (steadier than the rates on a shared machine); and 100 sales are then timed
there one after the other with the CPU time they cost this process (what a sale costs without HTTP or other
requests; on a busy machine the waits grow, the CPU time much less). Gunicorn's sizes come from the environment
as in production (XQ_WEB_WORKERS, XQ_WEB_THREADS).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/pos.py

The database, `xq_bench_pos` unless --db-name says otherwise, is dropped, migrated and loaded afresh on each run.
"""

import argparse
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import (  # noqa: E402
    REPO_ROOT,
    add_database_arguments,
    bench_database_url,
    create_database,
    describe_url,
    setup_django,
)

DEMO_PASSWORD = "demo-xuquang-2026"
LINES_PER_SALE = 3
IN_PROCESS_SALES = 100


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_database_arguments(parser)
    parser.set_defaults(db_name="xq_bench_pos")
    parser.add_argument("--sales", type=int, default=100, help="timed sales per kiosk (default 100)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed sales per kiosk first (default 5)")
    parser.add_argument(
        "--server", choices=["gunicorn", "runserver"], default="gunicorn", help="the HTTP server (default gunicorn)"
    )
    return parser.parse_args()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(stock: int = 0):
    """The demo data, an open cash session per kiosk, and for each kiosk its staff and three priced items, with
    `stock` more of each item received at the kiosk (none by default: a kiosk sells what is on its counter, its
    balance may go below zero)."""
    from django.core.management import call_command

    from inventory.models import Warehouse
    from inventory.pos.services import open_cash_session
    from inventory.services import receive_goods
    from marketplace.accounts.models import User
    from marketplace.channels.models import ProductVariantChannelListing

    call_command("migrate", verbosity=0)
    call_command("load_demo_data", verbosity=0)
    kiosks = []
    for kiosk in Warehouse.objects.filter(pos_profile__isnull=False).select_related("pos_profile").order_by("pk"):
        staff = User.objects.filter(role=User.Role.KIOSK_STAFF, kiosk=kiosk, is_active=True).order_by("pk").first()
        open_cash_session(kiosk=kiosk, staff=staff, opening_float=1_000_000)
        listings = list(
            ProductVariantChannelListing.objects.filter(
                channel_id=kiosk.pos_profile.channel_id, variant__track_inventory=True
            ).order_by("variant_id")[:LINES_PER_SALE]
        )
        if len(listings) < LINES_PER_SALE:
            raise SystemExit(f"{kiosk.slug}: fewer than {LINES_PER_SALE} priced items in the demo data")
        for listing in listings if stock else ():
            variant = listing.variant
            receive_goods(warehouse=kiosk, producer=variant.product.producer, lines=[(variant, stock)])
        kiosks.append((kiosk.slug, staff, [(listing.variant_id, listing.price_amount) for listing in listings]))
    return kiosks


def sale_payload(items) -> dict:
    total = sum(price for _variant, price in items)
    return {
        "client_uuid": str(uuid.uuid4()),
        "lines": [{"client_uuid": str(uuid.uuid4()), "variant_id": variant, "quantity": 1} for variant, _p in items],
        # Cash with change, as most kiosk sales are: the customer hands over the next 100.000 ₫ note.
        "payments": [{"client_uuid": str(uuid.uuid4()), "method": "cash", "amount": (total // 100_000 + 1) * 100_000}],
    }


class Till:
    """One kiosk's browser: its cookies (session, CSRF) and the sync endpoint it posts to."""

    def __init__(self, base: str, slug: str, username: str):
        self.base, self.slug = base, slug
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        page = self.opener.open(f"{base}/pos/dang-nhap/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": DEMO_PASSWORD})
        landed = self.opener.open(urllib.request.Request(f"{base}/pos/dang-nhap/", data=form.encode()))
        if f"/pos/{slug}/" not in landed.geturl():
            raise SystemExit(f"{username} did not land on the {slug} till (got {landed.geturl()})")

    def csrf(self) -> str:
        return next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")

    def sell(self, items) -> float:
        request = urllib.request.Request(
            f"{self.base}/pos/{self.slug}/ban/",
            data=json.dumps(sale_payload(items)).encode(),
            headers={"Content-Type": "application/json", "X-CSRFToken": self.csrf()},
        )
        started = time.perf_counter()
        with self.opener.open(request) as response:
            body = response.read()
            status = response.status
        elapsed = time.perf_counter() - started
        if status != 200 or b"receipt_number" not in body:
            raise RuntimeError(f"{self.slug}: sale answered {status}: {body[:200]!r}")
        return elapsed


def cpu_seconds(pids) -> float:
    """User + system CPU time the processes have used so far (Linux /proc; 0 for one that has gone)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def server_pids(master: int) -> list[int]:
    """gunicorn's master and its workers."""
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        children = []
    return [master, *map(int, children)]


def database_pids(url: str) -> list[int]:
    """The PostgreSQL server processes serving the bench database (the web workers' pooled connections), when
    that server runs on this machine."""
    import psycopg

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [name]
        ).fetchall()
    return [pid for (pid,) in rows if Path(f"/proc/{pid}").exists()]


def run(tills, kiosks, per_kiosk: int) -> tuple[float, list[float]]:
    latencies, errors = [], []
    barrier = threading.Barrier(len(tills))
    lock = threading.Lock()

    def work(till, items):
        mine = []
        try:
            barrier.wait()
            for _sale in range(per_kiosk):
                mine.append(till.sell(items))
        except Exception as error:  # noqa: BLE001 - reported below, the run fails
            errors.append(error)
        with lock:
            latencies.extend(mine)

    threads = [
        threading.Thread(target=work, args=(till, items)) for till, (_s, _u, items) in zip(tills, kiosks, strict=True)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if errors:
        raise SystemExit(f"sales failed: {errors[:3]}")
    return wall, latencies


def queries_per_sale(kiosks) -> int:
    """SQL statements one 3-line sale costs through the view, session and authentication included."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    post = signed_in_poster(kiosks[0])
    post()  # warm caches
    with CaptureQueriesContext(connection) as captured:
        post()
    return len(captured.captured_queries)


def signed_in_poster(kiosk):
    """A function posting one 3-line sale of this kiosk through Django's handler in this process (test client)."""
    from django.test import Client
    from django.urls import reverse

    slug, staff, items = kiosk
    client = Client()
    client.force_login(staff)
    url = reverse("pos:record_sale", args=[slug])

    def post():
        response = client.post(url, json.dumps(sale_payload(items)), content_type="application/json")
        assert response.status_code == 200, response.content

    return post


def in_process_sales(kiosks, count: int = IN_PROCESS_SALES) -> tuple[float, float, float]:
    """Sequential sales through Django's handler in this process, no HTTP: (p50 ms, p95 ms, CPU ms per sale).

    The CPU time is this process's (Django, the view, psycopg; the test client's own work included), not
    PostgreSQL's: what one core spends per sale, whatever the machine's load does to the waits."""
    post = signed_in_poster(kiosks[0])
    for _warmup in range(10):
        post()
    times = []
    cpu_started = time.process_time()
    for _sale in range(count):
        started = time.perf_counter()
        post()
        times.append(time.perf_counter() - started)
    cpu = (time.process_time() - cpu_started) / count
    times.sort()
    return statistics.median(times) * 1000, times[max(0, int(count * 0.95) - 1)] * 1000, cpu * 1000


def stock_documents(lines: int = 50, rounds: int = 20) -> dict[str, tuple[float, float, int]]:
    """Goods-in and transfers of `lines` lines, in-process through the services: (median ms, p95 ms, SQL)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from inventory import locations
    from inventory.models import Warehouse
    from inventory.services import receive_goods, receive_transfer, ship_transfer
    from marketplace.accounts.models import User
    from marketplace.catalogue.models import ProductVariant
    from marketplace.producers.models import Producer

    manager = User.objects.filter(is_superuser=True).first() or User.objects.filter(role=User.Role.MANAGER).first()
    hcm = Warehouse.objects.get(slug=locations.FULFILMENT_HCM)
    kiosk = Warehouse.objects.get(slug=locations.KIOSK_HOI_AN)
    producer = max(Producer.objects.all(), key=lambda p: ProductVariant.objects.filter(product__producer=p).count())
    own = list(ProductVariant.objects.filter(product__producer=producer, track_inventory=True).order_by("pk"))
    every = list(ProductVariant.objects.filter(track_inventory=True).order_by("pk"))[:lines]
    # A delivery note names one producer: its items, repeated over lines of the note when it has fewer than 50.
    receipt_lines = [(own[index % len(own)], 1) for index in range(lines)]
    receive_goods(warehouse=hcm, producer=producer, lines=[(variant, 1000) for variant in set(own)])
    for variant in every:
        receive_goods(warehouse=hcm, producer=variant.product.producer, lines=[(variant, 1000)])

    def timed(action) -> tuple[float, float, int]:
        times, queries = [], 0
        for _round in range(rounds):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                action()
                times.append((time.perf_counter() - started) * 1000)
            queries = len(captured)
        times.sort()
        return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], queries

    shipped = []

    def ship():
        shipped.append(
            ship_transfer(origin=hcm, destination=kiosk, lines=[(variant, 1) for variant in every], user=manager)
        )

    def receive():
        transfer = shipped.pop()
        received = {line.pk: line.quantity_shipped for line in transfer.lines.all()}  # counted as delivered
        receive_transfer(transfer=transfer, received=received, user=manager)

    results = {
        f"goods-in, {lines} lines": timed(
            lambda: receive_goods(warehouse=hcm, producer=producer, lines=receipt_lines, user=manager)
        ),
        f"transfer shipped, {len(every)} lines": timed(ship),
    }
    # The receiving side's figures include reading the lines the counts are typed against (one query).
    results[f"transfer received, {len(every)} lines"] = timed(receive)
    return results


def main():
    args = parse_args()
    url = bench_database_url(args)
    create_database(url, reset=True)
    setup_django(url)
    print(f"database: {describe_url(url)}")
    # Enough for the timed run, the warm-up, the SQL count and the in-process sales of the first kiosk.
    kiosks = prepare(stock=args.warmup + args.sales + IN_PROCESS_SALES + 20)

    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "0", "XQ_ACCESS_LOG": "0"}
    if args.server == "gunicorn":
        command = ["-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
    else:
        command = ["manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    server = subprocess.Popen(
        [sys.executable, *command],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(os.environ.get("XQ_BENCH_SERVER_LOG", os.devnull), "w"),  # noqa: SIM115 - lives as long as the server
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(100):
            try:
                urllib.request.urlopen(f"{base}/pos/dang-nhap/", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        tills = [Till(base, slug, staff.username) for slug, staff, _items in kiosks]
        run(tills, kiosks, args.warmup)
        watched_server, watched_database = server_pids(server.pid), database_pids(url)
        server_cpu, database_cpu = cpu_seconds(watched_server), cpu_seconds(watched_database)
        wall, latencies = run(tills, kiosks, args.sales)
        server_cpu = cpu_seconds(watched_server) - server_cpu
        database_cpu = cpu_seconds(watched_database) - database_cpu
    finally:
        server.terminate()
        try:
            # gunicorn lets running requests finish for up to graceful_timeout (20 s); a busy machine takes long.
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    from inventory.pos.models import Sale
    from inventory.selectors import ledger_discrepancies

    recorded = Sale.objects.count()
    expected = len(kiosks) * (args.warmup + args.sales)
    if recorded != expected:
        raise SystemExit(f"{recorded} sales recorded, {expected} sent")
    if ledger_discrepancies():
        raise SystemExit("the stock ledger does not add up")
    queries = queries_per_sale(kiosks)
    latencies.sort()
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
    print(
        f"server: {args.server}; kiosks: {len(kiosks)} concurrent, "
        f"{args.sales} timed sales each ({LINES_PER_SALE} lines, cash)"
    )
    print(f"recorded sales per second: {len(latencies) / wall:.1f}  ({len(latencies)} sales in {wall:.2f} s)")
    print(f"3-line sale latency: p50 {statistics.median(latencies) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms")
    print(f"SQL statements per sale (view, session and auth included): {queries}")
    print(
        f"CPU per sale over HTTP: server (gunicorn master and workers) {server_cpu / len(latencies) * 1000:.1f} ms, "
        f"PostgreSQL ({len(watched_database)} connections) {database_cpu / len(latencies) * 1000:.1f} ms"
    )
    print(f"sales in database: {recorded}; ledger discrepancies: 0; load: {os.getloadavg()}")
    median, p95, cpu = in_process_sales(kiosks)
    print(
        f"one sale in-process, sequential: p50 {median:.1f} ms, p95 {p95:.1f} ms, "
        f"CPU {cpu:.1f} ms per sale; load: {os.getloadavg()}"
    )
    for label, (median, p95, queries) in stock_documents().items():
        print(f"{label}: p50 {median:.1f} ms, p95 {p95:.1f} ms, {queries} SQL statements")
    if ledger_discrepancies():
        raise SystemExit("the stock ledger does not add up after the stock documents")
    print(f"ledger check after the stock documents: 0 discrepancies; load: {os.getloadavg()}")


if __name__ == "__main__":
    main()

"""A burst of shoppers against a running server: browsing and checking out at once, then is the server healthy?

Against the shop `make run` serves (gunicorn, demo data), on 127.0.0.1 only:

    make run &                                  # or: manage.py serve --bind 127.0.0.1:8000
    .venv/bin/python bench/load.py --url http://127.0.0.1:8000 --browsers 200 --buyers 100

Every shopper is a thread with its own HTTP session (cookies, keep-alive), and all start together behind a barrier.
A browsing shopper views --pages pages in turn: home, a group, a product, a search. A buying shopper completes
--checkouts whole checkouts the way a browser does: the product page, "add to cart", the contact and address form
(a Ho Chi Minh City ward, the first delivery method), the summary, "place order" with cash on delivery. The
loops are bounded: the run sends at most browsers × pages + buyers × checkouts × 6 requests.

It prints, for page views and for checkouts, the median and p95 time, throughput and the count of each HTTP
status (a checkout counts as the status of its worst step), how many orders were placed, and /healthz one second
after the last answer. With --database-url, the shop's database (DATABASE_URL, or for the embedded server of
`make run` `postgresql://postgres:@/postgres?host=$PWD/var/pgdata`), it also samples pg_stat_activity every
SAMPLE_SECONDS during the burst and prints the peak of connections to that database (its own sampling
connection included), then the stock holds still live after the burst: every buyer either placed its order or was
refused, so a hold left is one a failed checkout did not release. The exit status is 1 if any answer was a 5xx or
a connection error, the server was not healthy by then, or a hold was left.
"""

import argparse
import collections
import os
import re
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.checkout import SAIGON_WARD, percentile  # noqa: E402

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
SEARCHES = ["nuoc mam", "tra", "banh trang", "mật ong", "sam"]
# Long enough for a request queued behind a burst; a stalled server shows as a timeout, not a hang.
REQUEST_TIMEOUT_SECONDS = 120
SAMPLE_SECONDS = 0.25


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the running shop (127.0.0.1 only)")
    parser.add_argument("--browsers", type=int, default=200, help="shoppers browsing at once (default 200)")
    parser.add_argument("--pages", type=int, default=8, help="pages each browsing shopper views (default 8)")
    parser.add_argument("--buyers", type=int, default=100, help="shoppers checking out at once (default 100)")
    parser.add_argument("--checkouts", type=int, default=1, help="checkouts each buying shopper completes")
    parser.add_argument("--database-url", help="the server's database: sample its connections, count holds left")
    return parser.parse_args()


class Tally:
    """Timings and statuses from many threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.seconds: dict[str, list[float]] = collections.defaultdict(list)
        self.statuses: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        self.orders = 0

    def record(self, kind: str, seconds: float, status: int | str):
        with self.lock:
            self.seconds[kind].append(seconds)
            self.statuses[kind][status] += 1


def worst(statuses: list[int | str]) -> int | str:
    """A transport error beats a 5xx, which beats a 4xx, which beats success."""
    errors = [status for status in statuses if isinstance(status, str)]
    return errors[0] if errors else max(statuses)


def fetch(session: requests.Session, method: str, url: str, **kwargs) -> tuple[requests.Response | None, int | str]:
    try:
        response = session.request(method, url, timeout=REQUEST_TIMEOUT_SECONDS, **kwargs)
    except requests.RequestException as error:
        return None, type(error).__name__
    return response, response.status_code


def discover(base: str) -> tuple[list[str], list[str]]:
    """Product and group paths linked from the home page of the demo shop."""
    home = requests.get(base + "/", timeout=REQUEST_TIMEOUT_SECONDS)
    home.raise_for_status()
    products = sorted(set(re.findall(r'href="(/san-pham/[^"/]+/)"', home.text)))
    groups = sorted(set(re.findall(r'href="(/nhom/[^"/]+/)"', home.text)))
    if not products or not groups:
        raise SystemExit("The home page links no products or groups: is the demo data loaded (make run)?")
    return products, groups


def browse(base: str, index: int, pages: int, products, groups, tally: Tally) -> None:
    session = requests.Session()
    for number in range(pages):
        turn = index + number
        path = (
            "/",
            groups[turn % len(groups)],
            products[turn % len(products)],
            f"/tim-kiem/?q={SEARCHES[turn % len(SEARCHES)]}",
        )[number % 4]
        started = time.perf_counter()
        _response, status = fetch(session, "GET", base + path)
        tally.record("page", time.perf_counter() - started, status)


def field(html: str, name: str) -> str | None:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', html
    )
    return match.group(1) if match else None


def checkout(base: str, session: requests.Session, product: str, email: str, tally: Tally) -> None:
    """One whole checkout; a step that fails ends it, and its status is the checkout's."""
    statuses = []
    started = time.perf_counter()

    def step(method, path, **kwargs):
        response, status = fetch(session, method, base + path, **kwargs)
        statuses.append(status)
        return response if response is not None and response.ok else None

    def csrf():
        return session.cookies.get("csrftoken", "")

    placed = False
    page = step("GET", product)
    variant = page is not None and field(page.text, "variant_id")
    if variant and step(
        "POST", "/gio-hang/them/", data={"csrfmiddlewaretoken": csrf(), "variant_id": variant, "quantity": 1}
    ):
        details = step("GET", "/thanh-toan/")
        method = details is not None and field(details.text, "shipping_method")
        contact = {
            "csrfmiddlewaretoken": csrf(),
            "email": email,
            "phone": "0901234567",
            "full_name": "Nguyễn Thị Lan",
            "street_address": "12 Lê Lợi",
            "ward_code": SAIGON_WARD,
            "shipping_method": method,
        }
        # Accepted details redirect to the summary page, which carries the total the shopper was shown.
        summary = step("POST", "/thanh-toan/", data=contact) if method else None
        total = summary is not None and field(summary.text, "expected_total")
        if total:
            order = {"csrfmiddlewaretoken": csrf(), "expected_total": total, "payment_method": "cod"}
            done = step("POST", "/thanh-toan/xac-nhan/", data=order)
            placed = done is not None and "/don-hang/" in done.url
    tally.record("checkout", time.perf_counter() - started, worst(statuses))
    if placed:
        with tally.lock:
            tally.orders += 1


class ConnectionSampler(threading.Thread):
    """The most connections to the shop's database at once while the burst ran (other databases of a shared server
    are not counted)."""

    def __init__(self, database_url: str):
        super().__init__(daemon=True)
        self.connection = psycopg.connect(database_url, autocommit=True)
        self.peak = 0
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            (count,) = self.connection.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            ).fetchone()
            self.peak = max(self.peak, count)
            self.done.wait(SAMPLE_SECONDS)

    def stop(self) -> int:
        self.done.set()
        self.join()
        return self.peak

    def live_holds(self) -> int:
        (count,) = self.connection.execute(
            "SELECT count(*) FROM inventory_reservation WHERE reserved_until > now()"
        ).fetchone()
        return count


def buy(base: str, index: int, checkouts: int, products, tally: Tally) -> None:
    session = requests.Session()
    for number in range(checkouts):
        # Buyers spread evenly over the products (the demo's home page links 14: a stride that shares a factor
        # with that count would send every buyer to two of them).
        product = products[(index + number) % len(products)]
        checkout(base, session, product, f"tai-{index}-{number}@example.com", tally)


def run(args) -> int:
    base = args.url.rstrip("/")
    if urlsplit(base).hostname not in LOCAL_HOSTS:
        raise SystemExit("Load tests run against this machine only: --url must be http://127.0.0.1:<port>.")
    products, groups = discover(base)
    sampler = ConnectionSampler(args.database_url) if args.database_url else None
    tally = Tally()
    shoppers = args.browsers + args.buyers
    barrier = threading.Barrier(shoppers + 1)

    def shopper(work, *work_args):
        barrier.wait()
        work(*work_args)

    threads = [
        threading.Thread(target=shopper, args=(browse, base, i, args.pages, products, groups, tally))
        for i in range(args.browsers)
    ] + [
        threading.Thread(target=shopper, args=(buy, base, i, args.checkouts, products, tally))
        for i in range(args.buyers)
    ]
    for thread in threads:
        thread.start()
    print(f"{base}: {args.browsers} browsing × {args.pages} pages, {args.buyers} buying × {args.checkouts} checkouts")
    print(f"load average before {os.getloadavg()}")
    if sampler:
        sampler.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    peak_connections = sampler.stop() if sampler else None

    time.sleep(1)
    _response, health = fetch(requests.Session(), "GET", base + "/healthz")
    print(f"{'':9} {'count':>6} {'median ms':>10} {'p95 ms':>8} {'per s':>7}  statuses")
    failed = False
    for kind in ("page", "checkout"):
        seconds = tally.seconds[kind]
        if not seconds:
            continue
        statuses = dict(sorted(tally.statuses[kind].items(), key=str))
        failed |= any(isinstance(status, str) or status >= 500 for status in statuses)
        print(
            f"{kind + 's':9} {len(seconds):>6} {statistics.median(seconds) * 1000:>10.0f}"
            f" {percentile(seconds, 0.95) * 1000:>8.0f} {len(seconds) / wall:>7.1f}  {statuses}"
        )
    print(f"orders placed {tally.orders}; burst {wall:.1f} s; /healthz 1 s later: {health}")
    holds_left = 0
    if sampler:
        holds_left = sampler.live_holds()
        print(f"peak client connections {peak_connections} (this sampler's included); stock holds left {holds_left}")
    print(f"load average after {os.getloadavg()}")
    return 1 if failed or health != 200 or holds_left else 0


if __name__ == "__main__":
    sys.exit(run(parse_args()))

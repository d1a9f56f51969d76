"""Several servers at once: two gunicorn processes and two job workers on one database and one media folder.

What a deployment past one machine relies on, checked with real processes on 127.0.0.1 (docs/operations.md):
a shopper, a kiosk and a producer each switch between web A and web B from one request to the next, as a load
balancer without sticky sessions would send them, and whichever process answers knows their session, their cart,
their upload and the work the job workers did for them. No answer may be a 5xx.

The demo data (bench/pos.py's prepare: demo data, an open cash session per kiosk) is committed in the test's
database (transaction=True) so that the subprocesses see it.
"""

import io
import re
import signal
import time
from pathlib import Path

import pytest
import requests
from django.db import connection
from PIL import Image
from procrastinate.contrib.django.models import ProcrastinateJob

from bench.checkout import SAIGON_WARD
from bench.load import discover, field
from bench.pos import DEMO_PASSWORD, prepare, sale_payload
from marketplace.accounts.models import User
from marketplace.catalogue import images
from marketplace.catalogue.models import Product, ProductMedia, Thumbnail
from marketplace.core.jobs import PERIODIC_QUEUE
from marketplace.orders.models import Order
from tests.conftest import JOB_TABLES
from tests.servers import free_port, start_web, start_worker, wait_healthy

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

START_SECONDS = 120
WAIT_SECONDS = 60
REQUEST_SECONDS = 60
PRODUCER_EMAIL = "chuthe.cattrang@xuquang.vn"
SHOPPER_EMAIL = "nhieu-may@example.com"
# gunicorn's access log line (deploy/gunicorn.conf.py): address "request line" status bytes duration.
ACCESS_LINE = re.compile(r'^\S+ "(?P<request>[^"]*)" (?P<status>\d{3}) ')


class Shop:
    """The two web processes' addresses; every answer through it is checked for a 5xx as it comes."""

    def __init__(self, web_a: str, web_b: str):
        self.a, self.b = web_a, web_b

    def session(self) -> requests.Session:
        # Cookies belong to a host, not to a port: one session carries its cookies to both processes, as a browser
        # carries them to one address behind a load balancer.
        session = requests.Session()
        session.hooks["response"].append(self._no_server_error)
        return session

    @staticmethod
    def _no_server_error(response, *args, **kwargs):
        assert response.status_code < 500, (response.request.method, response.url, response.text[:500])


def wait_for(what: str, condition, seconds: float = WAIT_SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.3)
    raise AssertionError(f"{what}: not within {seconds} s")


def succeeded_jobs(task_name: str, **args) -> int:
    jobs = ProcrastinateJob.objects.filter(task_name=task_name, args__contains=args)
    assert not jobs.filter(status="failed").exists(), task_name
    succeeded = jobs.filter(status="succeeded").count()
    assert succeeded <= 1, (task_name, args)
    return succeeded


def messages_to(mail_dir: Path, address: str) -> list[str]:
    """Every message the file-based email backend wrote, one file per connection, for one recipient."""
    found = []
    for path in sorted(mail_dir.glob("*.log")):
        found += [message for message in path.read_text().split("-" * 79) if f"To: {address}" in message]
    return found


def sign_in(session: requests.Session, base: str, login_path: str, username: str) -> None:
    page = session.get(base + login_path, timeout=REQUEST_SECONDS)
    form = {"csrfmiddlewaretoken": field(page.text, "csrfmiddlewaretoken"), "username": username}
    landed = session.post(base + login_path, data=form | {"password": DEMO_PASSWORD}, timeout=REQUEST_SECONDS)
    assert landed.status_code == 200 and login_path not in landed.url, landed.url


def shopper_journey(shop: Shop, mail_dir: Path) -> None:
    shopper = shop.session()
    products, _groups = discover(shop.a)
    page = shopper.get(shop.a + products[0], timeout=REQUEST_SECONDS)
    variant = field(page.text, "variant_id")
    added = shopper.post(
        shop.a + "/gio-hang/them/",
        data={"csrfmiddlewaretoken": field(page.text, "csrfmiddlewaretoken"), "variant_id": variant, "quantity": 2},
        timeout=REQUEST_SECONDS,
    )
    assert added.ok

    # B knows the cart A filled: the cart lives in the database, keyed by the session both processes read.
    cart = shopper.get(shop.b + "/gio-hang/", timeout=REQUEST_SECONDS)
    assert f"/gio-hang/san-pham/{variant}/" in cart.text
    details = shopper.get(shop.b + "/thanh-toan/", timeout=REQUEST_SECONDS)
    contact = {
        "csrfmiddlewaretoken": field(details.text, "csrfmiddlewaretoken"),
        "email": SHOPPER_EMAIL,
        "phone": "0901234567",
        "full_name": "Nguyễn Thị Lan",
        "street_address": "12 Lê Lợi",
        "ward_code": SAIGON_WARD,
        "shipping_method": field(details.text, "shipping_method"),
    }
    summary = shopper.post(shop.b + "/thanh-toan/", data=contact, timeout=REQUEST_SECONDS)
    assert summary.url.endswith("/thanh-toan/xac-nhan/"), summary.url
    placed = shopper.post(
        shop.b + "/thanh-toan/xac-nhan/",
        data={
            "csrfmiddlewaretoken": field(summary.text, "csrfmiddlewaretoken"),
            "expected_total": field(summary.text, "expected_total"),
            "payment_method": "cod",
        },
        timeout=REQUEST_SECONDS,
    )
    assert "/don-hang/" in placed.url, placed.url
    order = Order.objects.get(user_email=SHOPPER_EMAIL)
    assert [line.quantity for line in order.lines.all()] == [2]

    # The order page on A, at the private link B redirected to.
    on_a = shopper.get(shop.a + placed.url.removeprefix(shop.b), timeout=REQUEST_SECONDS)
    assert on_a.status_code == 200 and f"#{order.number}" in on_a.text

    # One worker sent the confirmation, once, although two were waiting for the job.
    wait_for(
        "the order email's job", lambda: succeeded_jobs("marketplace.orders.tasks.send_order_email", order_id=order.pk)
    )
    time.sleep(2)  # time for a second worker to send it again, were the job not locked to one
    emails = messages_to(mail_dir, SHOPPER_EMAIL)
    assert len(emails) == 1
    assert str(order.number) in emails[0]


def kiosk_journey(shop: Shop, slug: str, staff: User, items) -> None:
    till = shop.session()
    sign_in(till, shop.a, "/pos/dang-nhap/", staff.get_username())
    # The till posts its sale as JSON with the CSRF cookie in a header, to B, on the session A opened.
    payload = sale_payload(items)
    recorded = till.post(
        f"{shop.b}/pos/{slug}/ban/",
        json=payload,
        headers={"X-CSRFToken": till.cookies["csrftoken"]},
        timeout=REQUEST_SECONDS,
    )
    assert recorded.status_code == 200, recorded.text
    sale = recorded.json()
    # Sent again to A (the till lost B's answer): the same sale, recorded once.
    again = till.post(
        f"{shop.a}/pos/{slug}/ban/",
        json=payload,
        headers={"X-CSRFToken": till.cookies["csrftoken"]},
        timeout=REQUEST_SECONDS,
    )
    assert again.json()["receipt_number"] == sale["receipt_number"]
    receipt = till.get(shop.a + sale["receipt_url"], timeout=REQUEST_SECONDS)
    assert receipt.status_code == 200 and sale["receipt_number"] in receipt.text


def producer_journey(shop: Shop, var_dir: Path) -> None:
    portal = shop.session()
    sign_in(portal, shop.a, "/nha-san-xuat/dang-nhap/", PRODUCER_EMAIL)
    product = Product.objects.filter(producer__members__email=PRODUCER_EMAIL).order_by("pk").first()
    page = portal.get(f"{shop.a}/nha-san-xuat/san-pham/{product.pk}/", timeout=REQUEST_SECONDS)
    photo = io.BytesIO()
    Image.new("RGB", (900, 600), (180, 90, 40)).save(photo, "JPEG", quality=85)
    uploaded = portal.post(
        f"{shop.a}/nha-san-xuat/san-pham/{product.pk}/anh/tai-len/",
        data={"csrfmiddlewaretoken": field(page.text, "csrfmiddlewaretoken"), "alt": "Nước mắm trên nền gỗ"},
        files={"images": ("nuoc-mam.jpg", photo.getvalue(), "image/jpeg")},
        timeout=REQUEST_SECONDS,
    )
    assert uploaded.status_code == 200
    media = ProductMedia.all_objects.get(product=product, alt="Nước mắm trên nền gỗ")
    assert (var_dir / "media" / media.image.name).is_file()  # stored by A in the shared media folder

    # A worker renders every size and format; B then serves the worker's file, rendering nothing itself.
    formats = 2 if images.AVIF_SUPPORTED else 1
    wait_for(
        "the thumbnails' job",
        lambda: succeeded_jobs("marketplace.catalogue.tasks.render_thumbnails", media_id=media.pk),
    )
    assert Thumbnail.objects.filter(media=media).count() == len(images.THUMBNAIL_SIZES) * formats
    rendered = Thumbnail.objects.get(media=media, size=256, format=images.WEBP)
    preview = portal.get(
        f"{shop.b}/nha-san-xuat/anh/{media.pk}/256/", headers={"Accept": "image/webp"}, timeout=REQUEST_SECONDS
    )
    assert preview.status_code == 200
    assert preview.headers["Content-Type"] == "image/webp"
    assert preview.content == (var_dir / "media" / rendered.image.name).read_bytes()
    assert Thumbnail.objects.filter(media=media).count() == len(images.THUMBNAIL_SIZES) * formats


def statuses_in(log: Path) -> list[int]:
    return [int(match["status"]) for line in log.read_text().splitlines() if (match := ACCESS_LINE.match(line))]


def test_two_web_processes_and_two_workers_serve_one_shop(tmp_path, settings):
    var_dir = tmp_path / "var"
    # This process stores the demo photos where the servers read them.
    settings.MEDIA_ROOT = var_dir / "media"
    kiosks = prepare()
    slug, staff, items = kiosks[0]
    # The demo's 55 photos deferred their thumbnails; rendered by the workers, they would keep both of them busy
    # for minutes on a small machine. The servers render them on demand instead, and the journeys wait only for
    # the jobs they cause.
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {JOB_TABLES} CASCADE")
    mail_dir = tmp_path / "mail"
    environment = {
        # One media folder for every process: on several machines, shared object storage (docs/operations.md).
        "XQ_VAR_DIR": str(var_dir),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(mail_dir),
        "DJANGO_SECRET_KEY": "one-key-for-every-server-of-the-test",
        "XQ_WEB_WORKERS": "1",
        "XQ_WEB_THREADS": "2",
        "XQ_ACCESS_LOG": "1",
    }
    web_logs = [tmp_path / "web-a.log", tmp_path / "web-b.log"]
    worker_logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    ports = [free_port(), free_port()]
    processes = []
    try:
        webs = [start_web(port, log, environment) for port, log in zip(ports, web_logs, strict=True)]
        processes += webs
        workers = [start_worker(log.stem, log, environment) for log in worker_logs]
        processes += workers
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base, web, log in zip(bases, webs, web_logs, strict=True):
            wait_healthy(base, web, log, START_SECONDS)
        shop = Shop(*bases)

        shopper_journey(shop, mail_dir)
        kiosk_journey(shop, slug, staff, items)
        producer_journey(shop, var_dir)

        assert all(process.poll() is None for process in processes)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)  # graceful: requests and running jobs finish first
        exit_codes = [process.wait(timeout=60) for process in processes]

    assert exit_codes == [0, 0, 0, 0], [log.read_text()[-2000:] for log in web_logs + worker_logs]
    # Every job the journeys caused ran; a periodic one deferred just before the stop may still wait, none failed.
    assert not ProcrastinateJob.objects.exclude(queue_name=PERIODIC_QUEUE).exclude(status="succeeded").exists()
    assert not ProcrastinateJob.objects.filter(status="failed").exists()
    # Each web process answered part of every journey, and neither answered a 5xx (the access logs say so too).
    for log in web_logs:
        statuses = statuses_in(log)
        assert len(statuses) >= 8, log.read_text()[-2000:]
        assert max(statuses) < 500, log.read_text()[-2000:]
        assert "Traceback" not in log.read_text()
    for log in worker_logs:
        assert "Launching a worker" in log.read_text()
        assert "Traceback" not in log.read_text()

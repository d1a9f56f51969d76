"""Low-stock thresholds, the alert list and the managers' daily digest (once per local day, in Vietnamese)."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from procrastinate.exceptions import AlreadyEnqueued

from inventory.models import LowStockDigest, Stock
from inventory.selectors import low_stock
from inventory.services import receive_goods, send_low_stock_digest, set_low_stock_threshold
from inventory.tasks import send_low_stock_digest as send_low_stock_digest_job
from marketplace.accounts.models import User
from marketplace.core.errors import DomainError
from tests.jobs import run_deferred_jobs


@pytest.fixture
def manager(db):
    return User.objects.create_user(username="ql", email="ql@xuquang.test", password="x-123-abc", role="manager")


@pytest.fixture
def thresholds(kiosk, other_kiosk, fulfilment, producer, variant, second_variant, manager):
    receive_goods(warehouse=kiosk, producer=producer, lines=[(variant, 3), (second_variant, 9)])
    receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, 10)])
    Stock.objects.filter(warehouse=fulfilment).update(quantity_allocated=8)
    for place, item, minimum in [
        (kiosk, variant, 3),  # 3 on the shelf: low
        (kiosk, second_variant, 5),  # 9: fine
        (other_kiosk, variant, 2),  # never stocked there: 0, low
        (fulfilment, variant, 2),  # 10 held, 8 claimed by orders: 2 available, low
    ]:
        set_low_stock_threshold(warehouse=place, variant=item, minimum_quantity=minimum, user=manager)


def test_low_stock_lists_what_is_at_or_below_its_threshold(
    kiosk, other_kiosk, fulfilment, variant, thresholds, django_assert_num_queries
):
    with django_assert_num_queries(1):
        items = low_stock([kiosk, other_kiosk, fulfilment])
    assert [(i.warehouse_id, i.product_variant_id, i.available) for i in items] == sorted(
        [(kiosk.pk, variant.pk, 3), (other_kiosk.pk, variant.pk, 0), (fulfilment.pk, variant.pk, 2)]
    )
    assert [i.warehouse_id for i in low_stock([kiosk])] == [kiosk.pk]


def test_thresholds_are_set_by_managers_and_zero_removes_one(kiosk, variant, manager):
    staff = User.objects.create_user(
        username="lan", email="lan@xuquang.test", password="x-123-abc", role="kiosk_staff", kiosk=kiosk
    )
    with pytest.raises(DomainError) as refused:
        set_low_stock_threshold(warehouse=kiosk, variant=variant, minimum_quantity=4, user=staff)
    assert refused.value.code == "forbidden"
    assert (
        set_low_stock_threshold(warehouse=kiosk, variant=variant, minimum_quantity=4, user=manager).minimum_quantity
        == 4
    )
    assert set_low_stock_threshold(warehouse=kiosk, variant=variant, minimum_quantity=0, user=manager) is None
    assert low_stock([kiosk]) == []


def test_digest_is_sent_once_per_day_in_vietnamese(thresholds, manager, variant):
    User.objects.create_user(username="ql2", email="ql2@xuquang.test", password="x-123-abc", role="manager")
    User.objects.create_user(username="khach", email="khach@xuquang.test", password="x-123-abc")
    day = datetime.date(2026, 11, 26)
    digest = send_low_stock_digest(day=day)
    assert (digest.alert_count, digest.recipient_count) == (3, 2)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["ql2@xuquang.test", "ql@xuquang.test"]
    assert message.subject == "[Xứ Quảng Market] 3 mặt hàng sắp hết ngày 26/11/2026"
    assert "Kính gửi quản lý chương trình" in message.body
    assert f"({variant.sku}): còn 0, ngưỡng 2" in message.body
    assert send_low_stock_digest(day=day) is None
    call_command("send_low_stock_digest", "--day", "2026-11-26")
    assert len(mail.outbox) == 1 and LowStockDigest.objects.count() == 1


def test_the_command_sends_for_the_local_day(thresholds):
    call_command("send_low_stock_digest")
    assert LowStockDigest.objects.get().day == timezone.localdate()  # Asia/Ho_Chi_Minh, not UTC's date
    assert len(mail.outbox) == 1


def test_a_quiet_day_records_the_digest_without_email(db):
    digest = send_low_stock_digest(day=datetime.date(2026, 11, 27))
    assert digest.alert_count == 0 and mail.outbox == []


def test_the_daily_digest_job_sends_once_whatever_the_retries(thresholds, manager):
    send_low_stock_digest_job.defer(timestamp=0)
    with pytest.raises(AlreadyEnqueued), transaction.atomic():  # its queueing lock: never two waiting at once
        send_low_stock_digest_job.defer(timestamp=1)
    assert run_deferred_jobs() == ["inventory.tasks.send_low_stock_digest"]
    send_low_stock_digest_job.defer(timestamp=2)  # a second scheduled time on the same day, or a retry
    assert run_deferred_jobs() == ["inventory.tasks.send_low_stock_digest"]

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ql@xuquang.test"]
    assert LowStockDigest.objects.get().day == timezone.localdate()

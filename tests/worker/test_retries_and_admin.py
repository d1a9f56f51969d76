"""A real worker (procrastinate's, run in this process until the queue is empty) against committed data: a
refused email is tried again later and then sent; a job that crashes ends "failed", managers see it in the admin
(no one else does) and retry it from there."""

import smtplib
import time

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateJob

from marketplace.accounts.services import create_user, invite_producer_member
from marketplace.producers.models import StatementExport
from marketplace.producers.services import create_producer, request_statement_export
from tests.jobs import run_worker

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "Mat-khau-dai-2026"
JOBS_ADMIN = "/admin/procrastinate/procrastinatejob/"


class UnreachableMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("mail server unreachable")


@pytest.fixture
def producer():
    return create_producer(name="HTX Cát Trắng", legal_form="cooperative", tax_code="4000111111")


@pytest.fixture
def manager():
    return create_user(email="quanly@xuquang.vn", password=PASSWORD, role="manager")


def test_a_refused_email_is_tried_again_later_then_sent(settings, producer, manager):
    settings.EMAIL_BACKEND = f"{__name__}.UnreachableMailServer"
    invite_producer_member(producer=producer, email="moi@htx.vn", invited_by=manager)

    run_worker("emails")

    job = ProcrastinateJob.objects.get(task_name="marketplace.accounts.tasks.send_invitation_email")
    assert (job.status, job.attempts) == ("todo", 1)
    assert job.scheduled_at > timezone.now()  # backing off, not hammering the mail server
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    time.sleep(max(0.0, (job.scheduled_at - timezone.now()).total_seconds()) + 0.5)
    run_worker("emails")

    job.refresh_from_db()
    assert (job.status, job.attempts) == ("succeeded", 2)
    assert [message.to for message in mail.outbox] == [["moi@htx.vn"]]


def test_a_crashed_job_is_shown_to_managers_only_and_retried_from_the_admin(
    settings, tmp_path, client, producer, manager
):
    unwritable = tmp_path / "not-a-folder"
    unwritable.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = unwritable
    export = request_statement_export(producer=producer, month=timezone.localdate(), file_format="xlsx", user=manager)

    run_worker("files")

    job = ProcrastinateJob.objects.get(task_name="marketplace.producers.tasks.build_statement_export")
    assert job.status == "failed"
    export.refresh_from_db()
    assert export.status == StatementExport.Status.FAILED

    member = create_user(email="a@htx.vn", password=PASSWORD, role="producer", producer=producer)
    shopper = create_user(email="khach@example.com", password=PASSWORD, role="shopper")
    for outsider in (member, shopper):
        client.force_login(outsider)
        for url in (JOBS_ADMIN, f"{JOBS_ADMIN}{job.pk}/change/"):
            response = client.get(url)
            assert response.status_code == 302 and response.url.startswith(reverse("admin:login")), url

    client.force_login(manager)
    failed = client.get(JOBS_ADMIN, {"status": "failed"})
    assert failed.status_code == 200 and "Xuất bảng kê cho chủ thể" in failed.text and "Lỗi" in failed.text
    assert "Procrastinate" not in failed.text and "Retry Job" not in failed.text
    page = client.get(f"{JOBS_ADMIN}{job.pk}/change/")
    assert page.status_code == 200 and "build_statement_export" in page.text

    settings.MEDIA_ROOT = tmp_path / "media"  # the disk is fixed; the manager retries the job
    response = client.post(JOBS_ADMIN, {"action": "retry", "_selected_action": [job.pk]})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "todo"

    run_worker("files")

    job.refresh_from_db()
    export.refresh_from_db()
    assert job.status == "succeeded" and export.status == StatementExport.Status.READY
    assert (settings.MEDIA_ROOT / export.file.name).stat().st_size > 0

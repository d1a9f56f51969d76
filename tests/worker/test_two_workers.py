"""Two real worker processes on the same database, with every periodic job scheduled every two seconds: each
job runs exactly once per scheduled time, whichever worker defers or runs it.

The workers are `manage.py procrastinate worker` subprocesses pointed at this test's database; the test commits
(transaction=True) so that they see what it sees.
"""

import collections
import signal
import subprocess
import time
from pathlib import Path

import pytest
from procrastinate.contrib.django.models import ProcrastinateJob

from tests.servers import start_worker

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PERIODIC_TASKS = {
    "XQ_SCHEDULE_EXPIRE_UNPAID_ORDERS": "marketplace.payments.tasks.expire_unpaid_orders",
    "XQ_SCHEDULE_CLEAR_EXPIRED_RESERVATIONS": "marketplace.checkout.tasks.delete_expired_reservations",
    "XQ_SCHEDULE_LOW_STOCK_DIGEST": "inventory.tasks.send_low_stock_digest",
}
EVERY_TWO_SECONDS = "* * * * * */2"  # procrastinate's sixth cron field: seconds
SCHEDULED_TIMES_WANTED = 4


def start_periodic_worker(name: str, log: Path) -> subprocess.Popen:
    environment = {
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # The periodic deferrer says at debug level when the database refused a time another worker deferred.
        "DJANGO_LOG_LEVEL": "DEBUG",
        **dict.fromkeys(PERIODIC_TASKS, EVERY_TWO_SECONDS),
    }
    return start_worker(name, log, environment)


def scheduled_times(task_name: str) -> collections.Counter:
    jobs = ProcrastinateJob.objects.filter(task_name=task_name, status="succeeded")
    return collections.Counter(job.args["timestamp"] for job in jobs)


def test_two_workers_run_each_periodic_job_once_per_scheduled_time(tmp_path):
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    workers = [start_periodic_worker(f"worker-{number}", log) for number, log in enumerate(logs, start=1)]
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and any(
            len(scheduled_times(task)) < SCHEDULED_TIMES_WANTED for task in PERIODIC_TASKS.values()
        ):
            assert all(worker.poll() is None for worker in workers), [log.read_text()[-2000:] for log in logs]
            time.sleep(0.5)
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)  # a graceful stop: the running job finishes first
        exit_codes = [worker.wait(timeout=60) for worker in workers]

    assert exit_codes == [0, 0]
    outputs = [log.read_text() for log in logs]
    assert all("Starting worker" in output for output in outputs)
    for task in PERIODIC_TASKS.values():
        all_jobs = ProcrastinateJob.objects.filter(task_name=task)
        per_time = collections.Counter(job.args["timestamp"] for job in all_jobs)
        assert len(scheduled_times(task)) >= SCHEDULED_TIMES_WANTED, task
        assert set(per_time.values()) == {1}, (task, per_time)
        assert not all_jobs.filter(status="failed").exists()
    # Both workers proposed the same times: the second proposal was refused by the database, not just avoided.
    refusals = sum(output.count("already deferred") + output.count("cannot be enqueued") for output in outputs)
    assert refusals > 0

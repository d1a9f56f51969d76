"""Background jobs in tests.

A procrastinate worker runs each task in a thread of its own with its own database connection, so it cannot see
the rows of a test that runs inside a transaction. run_deferred_jobs does the worker's part on the test's own
connection instead: it takes each waiting job through procrastinate's job manager (fetch, then finish, the same
queries a worker sends) and runs its task right here. The worker itself (retries, failures, periodic jobs, two
workers at once) is tested with real workers in tests/worker/.
"""

import json
import threading

from asgiref.sync import async_to_sync
from django.db import DEFAULT_DB_ALIAS, connections
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob
from procrastinate.jobs import Status


def run_deferred_jobs(*, queues=None) -> list[str]:
    """Run every job waiting now (in the given queues), oldest first; returns the names of the tasks run."""
    manager = app.job_manager
    # The Django connector reaches the database through sync_to_async(thread_sensitive=True): under async_to_sync
    # called from this thread, that is this thread's connection, the one holding the test's transaction.
    worker_id = async_to_sync(manager.register_worker)()
    ran = []
    try:
        while (job := async_to_sync(manager.fetch_job)(queues=queues, worker_id=worker_id)) is not None:
            # Django's own connection hands jsonb over as text (Django decodes JSON in its fields, not in psycopg).
            kwargs = json.loads(job.task_kwargs) if isinstance(job.task_kwargs, str) else job.task_kwargs
            app.tasks[job.task_name](**kwargs)
            async_to_sync(manager.finish_job)(job, status=Status.SUCCEEDED, delete_job=False)
            ran.append(job.task_name)
    finally:
        async_to_sync(manager.unregister_worker)(worker_id)
    return ran


def run_worker(*queues) -> None:
    """procrastinate's own worker, on its own connections as `manage.py procrastinate worker` runs it, until
    every job due now is done. For tests whose data is committed (transaction=True, the live server).

    It runs in a thread of its own: a browser test's thread already runs Playwright's event loop. Its task
    threads close their Django connections after each job (CONN_MAX_AGE 0 meanwhile), so none is left open on
    the test database.
    """
    settings_dict = connections.settings[DEFAULT_DB_ALIAS]
    kept_age = settings_dict["CONN_MAX_AGE"]
    errors = []

    def work():
        try:
            with app.replace_connector(app.connector.get_worker_connector()):
                app.run_worker(
                    queues=list(queues) or None, wait=False, listen_notify=False, install_signal_handlers=False
                )
        except Exception as error:  # kept, and raised in the test's thread
            errors.append(error)

    settings_dict["CONN_MAX_AGE"] = 0
    try:
        thread = threading.Thread(target=work)
        thread.start()
        thread.join(timeout=120)
    finally:
        settings_dict["CONN_MAX_AGE"] = kept_age
    if errors:
        raise errors[0]


def deferred(task_name: str) -> list[dict]:
    """The arguments of the jobs of a task still waiting to run."""
    return [
        job.args
        for job in ProcrastinateJob.objects.filter(task_name=task_name, status=Status.TODO.value).order_by("id")
    ]

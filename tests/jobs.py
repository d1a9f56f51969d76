"""Background jobs in tests.

A procrastinate worker runs each task in a thread of its own with its own database connection, so it cannot see
the rows of a test that runs inside a transaction. run_deferred_jobs does the worker's part on the test's own
connection instead: it takes each waiting job through procrastinate's job manager (fetch, then finish, the same
queries a worker sends) and runs its task right here. The worker itself (retries, failures, periodic jobs, two
workers at once) is tested with real workers in tests/worker/.
"""

import json

from asgiref.sync import async_to_sync
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


def deferred(task_name: str) -> list[dict]:
    """The arguments of the jobs of a task still waiting to run."""
    return [
        job.args
        for job in ProcrastinateJob.objects.filter(task_name=task_name, status=Status.TODO.value).order_by("id")
    ]

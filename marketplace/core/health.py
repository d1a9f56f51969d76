"""Readiness checks for /readyz: each returns quietly when its part works and raises when it does not.

settings.XQ_READINESS_CHECKS lists them by dotted path; add a function there to check one more part.
"""

import importlib.util
import os

from django.core.files.storage import default_storage
from django.db import connection


def database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def media_storage():
    """The photo storage answers: the bucket is reachable with our credentials, or the media folder is writable."""
    bucket = getattr(default_storage, "bucket", None)
    if bucket is not None:  # S3-compatible storage (django-storages)
        bucket.meta.client.head_bucket(Bucket=bucket.name)
        return
    location = default_storage.location
    # The folder appears with the first upload; until then its parent must let it be made.
    existing = location if os.path.isdir(location) else os.path.dirname(location)
    if not os.access(existing, os.W_OK):
        raise PermissionError(f"{existing} is not writable")


def job_queue():
    """The job queue's table answers, once the Procrastinate queue is installed; nothing to check before."""
    if importlib.util.find_spec("procrastinate") is None:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM procrastinate_jobs LIMIT 1")

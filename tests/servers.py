"""Real processes of the shop started by tests: job workers and gunicorn, pointed at the test's own database.

The test must commit (django_db(transaction=True)) for them to see its rows. On the embedded PostgreSQL
(`make test`) they reach the server through its Unix socket, on a server (CI's second run) through TCP.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import requests
from django.conf import settings
from django.db import connection

GUNICORN_CONFIG = settings.BASE_DIR / "deploy" / "gunicorn.conf.py"


def database_url_of_this_test(name: str | None = None) -> str:
    """A libpq URL of this test's database (or of another database `name` on the same server)."""
    params = connection.settings_dict
    credentials = quote(params["USER"] or "") + (f":{quote(params['PASSWORD'])}" if params["PASSWORD"] else "")
    host = params["HOST"] or params["OPTIONS"].get("host", "")
    if host.startswith("/"):  # the embedded server: a Unix socket in this folder
        return f"postgresql://{credentials}@/{name or params['NAME']}?host={host}"
    return f"postgresql://{credentials}@{host}:{params['PORT'] or 5432}/{name or params['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(argv: list[str], log: Path, environment: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        argv,
        cwd=settings.BASE_DIR,
        env=os.environ | {"DATABASE_URL": database_url_of_this_test()} | environment,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )


def start_worker(name: str, log: Path, environment: dict[str, str]) -> subprocess.Popen:
    """`manage.py procrastinate worker --name <name>`, as make run, compose and systemd start it."""
    return _start([sys.executable, "manage.py", "procrastinate", "worker", "--name", name], log, environment)


def start_web(port: int, log: Path, environment: dict[str, str]) -> subprocess.Popen:
    """gunicorn with the project's config (its pool and time limits) on 127.0.0.1:<port>, its access log in `log`."""
    argv = [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONFIG), "--bind", f"127.0.0.1:{port}"]
    return _start(argv, log, environment)


def wait_healthy(base: str, process: subprocess.Popen, log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, f"{base} exited while starting: {log.read_text()[-2000:]}"
        try:
            if requests.get(f"{base}/readyz", timeout=10).status_code == 200:
                return
        except requests.RequestException:  # not listening yet
            pass
        time.sleep(0.3)
    raise AssertionError(f"{base}/readyz not 200 within {seconds} s: {log.read_text()[-2000:]}")

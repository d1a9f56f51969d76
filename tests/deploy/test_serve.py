"""manage.py serve (what `make run` runs) stops the embedded PostgreSQL with itself, and starts again after kill -9.

Real processes on the embedded database in a temporary var/ directory: no mocks, and slow (migrations on a fresh
cluster), hence one test that walks through the whole life cycle.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest
import requests

from tests.servers import free_port

REPO = Path(__file__).resolve().parents[2]
START_SECONDS = 240


def postgres_processes(data_dir: Path) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["name", "cmdline"]):
        if process.info["name"] == "postgres" and str(data_dir) in " ".join(process.info["cmdline"] or []):
            found.append(process)
    return found


def serve_command(var_dir: Path, port: int) -> dict:
    """make run's command on the embedded database under var_dir, without the demo data (faster)."""
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment.update(XQ_VAR_DIR=str(var_dir), XQ_ACCESS_LOG="0", XQ_WEB_WORKERS="1", XQ_WEB_THREADS="2")
    argv = [sys.executable, "manage.py", "serve", "--no-demo", "--bind", f"127.0.0.1:{port}"]
    return {"args": argv, "cwd": REPO, "env": environment}


def start(var_dir: Path, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        **serve_command(var_dir, port),
        stdout=subprocess.DEVNULL,
        stderr=open(var_dir / "serve.log", "a"),  # noqa: SIM115 (the child keeps it)
    )
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, "serve exited while starting"
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=15).status_code == 200:
                return server
        except requests.RequestException:  # not listening yet, or busy starting
            pass
        time.sleep(1)
    server.kill()
    raise AssertionError(f"serve did not answer /healthz within {START_SECONDS} s")


@pytest.fixture
def var_dir():
    """A var/ directory outside pytest's tmp_path: as root, pgserver runs PostgreSQL as its own user, which must be
    able to reach the data directory, and other pytest sessions reset /tmp/pytest-of-root to 0700 at any time."""
    path = Path(tempfile.mkdtemp(prefix="xq-serve-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def wait_gone(processes: list[psutil.Process], seconds: float) -> list[psutil.Process]:
    _gone, alive = psutil.wait_procs(processes, timeout=seconds)
    return alive


def test_serve_stops_everything_on_sigterm_and_starts_cleanly_after_kill_9(var_dir):
    data_dir = (var_dir / "pgdata").resolve()
    port = free_port()

    # SIGTERM (what make forwards, what systemd sends): gunicorn and PostgreSQL stop with the supervisor.
    server = start(var_dir, port)
    children = psutil.Process(server.pid).children(recursive=True)
    assert any("gunicorn" in " ".join(child.cmdline()) for child in children)
    assert postgres_processes(data_dir)
    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=60) == 0
    assert wait_gone(children, 10) == []
    assert postgres_processes(data_dir) == []
    assert not (var_dir / "serve.pid").exists()

    # kill -9: nothing can clean up in the supervisor; its children get SIGTERM from the kernel.
    server = start(var_dir, port)
    children = psutil.Process(server.pid).children(recursive=True)
    server.kill()
    server.wait(timeout=10)
    assert wait_gone(children, 30) == []
    assert (var_dir / "serve.pid").read_text().strip() == str(server.pid)  # stale: its process is gone

    # The next start replaces the stale pid file and uses the server left running (or starts it again).
    server = start(var_dir, port)
    assert (var_dir / "serve.pid").read_text().strip() == str(server.pid)
    assert requests.get(f"http://127.0.0.1:{port}/", timeout=30).status_code == 200
    server.send_signal(signal.SIGINT)  # Ctrl-C
    assert server.wait(timeout=60) == 0
    assert postgres_processes(data_dir) == []

    # A process of the shop dies (gunicorn, its port taken): serve stops the rest and says so with its exit status.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        crashed = subprocess.run(**serve_command(var_dir, port), capture_output=True, text=True, timeout=START_SECONDS)
    assert crashed.returncode != 0
    assert "web exited with status" in crashed.stderr
    assert postgres_processes(data_dir) == []
    assert not (var_dir / "serve.pid").exists()


def test_serve_refuses_to_start_twice_on_one_var_directory(var_dir):
    """A live supervisor's pid file is respected: the second one exits before touching anything."""
    # settings only parse this URL: serve refuses before anything connects.
    environment = {**os.environ, "XQ_VAR_DIR": str(var_dir), "DATABASE_URL": "postgresql://check@localhost/x"}
    # pytest's own command line does not say "serve", so the test plays a running supervisor with a real one.
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "serve"])
    try:
        (var_dir / "serve.pid").write_text(f"{sleeper.pid}\n")
        result = subprocess.run(
            [sys.executable, "manage.py", "serve", "--bind", f"127.0.0.1:{free_port()}"],
            cwd=REPO,
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        sleeper.kill()
        sleeper.wait()
    assert result.returncode != 0
    assert f"already serving (pid {sleeper.pid}" in result.stderr
    assert (var_dir / "serve.pid").read_text().strip() == str(sleeper.pid)

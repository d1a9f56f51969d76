"""`make run`: prepare the database, serve the shop with gunicorn (and the job worker), stop everything together.

The command supervises: it starts each process of SERVICES in a session of its own, forwards SIGINT/SIGTERM/SIGHUP
to them as a graceful SIGTERM, and stops all of them — and the embedded PostgreSQL when it is the one in use —
when it is told to stop, when one of them dies, or when it fails itself. Its children also get SIGTERM from the
kernel if it is killed with SIGKILL (Linux's parent-death signal), and the next start replaces its stale pid file
and joins or restarts the embedded server, so a `kill -9` leaves nothing that blocks `make run`.
"""

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from marketplace.core.embedded_db import embedded_database_url, stop_embedded_database

GUNICORN_CONFIG = settings.BASE_DIR / "deploy" / "gunicorn.conf.py"
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# How long the processes get to finish their requests and jobs after SIGTERM before they are killed.
GRACE_SECONDS = 30
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Service:
    name: str
    argv: list[str]


def services(bind: str) -> list[Service]:
    """The long-running processes of the shop. Add one here and serve starts, watches and stops it with the rest."""
    manage = str(settings.BASE_DIR / "manage.py")
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONFIG), "--preload", "--bind", bind]
    found = [Service("web", gunicorn)]
    # The background jobs: emails, unpaid-order expiry, stock-hold clean-up, digests, thumbnails, statement files.
    found.append(Service("worker", [sys.executable, manage, "procrastinate", "worker"]))
    return found


class Stop(Exception):
    """Raised by the signal handler: unwinds whatever the supervisor was doing into its cleanup."""


def _stop_on_signal(signum, _frame):
    # One stop is enough: a second Ctrl-C must not interrupt the cleanup.
    for each in STOP_SIGNALS:
        signal.signal(each, signal.SIG_IGN)
    raise Stop(signal.Signals(signum).name)


def _die_with_parent():
    """Runs in the child before exec: the kernel sends it SIGTERM if the supervisor dies, even by SIGKILL."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Command(BaseCommand):
    help = "Migrate, load the demo data and serve the shop with gunicorn; stop everything together."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000", help="address:port for gunicorn (default %(default)s)")
        parser.add_argument("--no-demo", action="store_true", help="do not load the demo data")

    def handle(self, *args, bind, no_demo, **options):
        var_dir = Path(settings.VAR_DIR)
        embedded = not os.environ.get("DATABASE_URL")
        pid_file = var_dir / "serve.pid"
        self._claim(pid_file)
        children: list[tuple[Service, subprocess.Popen]] = []
        for each in STOP_SIGNALS:
            signal.signal(each, _stop_on_signal)
        status = 0
        try:
            if embedded:
                # The processes started below reach the server through this URL and never start one of their own.
                os.environ["DATABASE_URL"] = embedded_database_url(var_dir)
            self._prepare(load_demo=not no_demo)
            for service in services(bind):
                self.stdout.write(f"serve: starting {service.name}: {' '.join(service.argv)}")
                process = subprocess.Popen(
                    service.argv, cwd=settings.BASE_DIR, start_new_session=True, preexec_fn=_die_with_parent
                )
                children.append((service, process))
            status = self._watch(children)
        except Stop as stop:
            self.stdout.write(f"serve: {stop}, stopping")
        finally:  # also when serve itself fails: nothing it started may outlive it
            for each in STOP_SIGNALS:
                signal.signal(each, signal.SIG_IGN)
            self._stop(children)
            if embedded:
                self.stdout.write("serve: stopping the embedded PostgreSQL")
                connections.close_all()
                stop_embedded_database(var_dir)
            pid_file.unlink(missing_ok=True)
        if status:
            raise CommandError("a process of the shop stopped unexpectedly; everything was stopped")

    def _claim(self, pid_file: Path) -> None:
        """One supervisor per var/ directory; a pid file left by a killed one is replaced."""
        try:
            pid = int(pid_file.read_text())
        except (FileNotFoundError, ValueError):
            pid = None
        if pid and pid != os.getpid() and psutil.pid_exists(pid):
            try:
                running = "serve" in psutil.Process(pid).cmdline()
            except psutil.Error:
                running = False
            if running:
                raise CommandError(f"already serving (pid {pid}, {pid_file}); stop it first")
        pid_file.parent.mkdir(parents=True, exist_ok=True)
        pid_file.write_text(f"{os.getpid()}\n")

    def _prepare(self, *, load_demo: bool) -> None:
        # Each step says how long it took: a fresh start is mostly these (docs/performance.md, "Fresh start").
        with self._timed("migrations"):
            call_command("migrate", interactive=False, verbosity=1)
        if load_demo:
            with self._timed("demo data"):
                call_command("load_demo_data")
        with self._timed("static files"):
            call_command("collectstatic", interactive=False, verbosity=0)
        # The children open their own connections; this process keeps none while it only watches.
        connections.close_all()

    @contextlib.contextmanager
    def _timed(self, step: str):
        started = time.monotonic()
        yield
        self.stdout.write(f"serve: {step} took {time.monotonic() - started:.1f} s")

    def _watch(self, children) -> int:
        """Wait until a child exits: the shop cannot run without any of them."""
        while True:
            for service, process in children:
                code = process.poll()
                if code is not None:
                    self.stderr.write(f"serve: {service.name} exited with status {code}, stopping everything")
                    return 1
            time.sleep(0.5)

    def _stop(self, children) -> None:
        for service, process in children:
            if process.poll() is None:
                self.stdout.write(f"serve: stopping {service.name}")
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + GRACE_SECONDS
        for service, process in children:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.stderr.write(f"serve: {service.name} did not stop in {GRACE_SECONDS} s, killing it")
            # Its whole session: a gunicorn worker left behind by a killed master would hold connections.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()

"""Embedded PostgreSQL for machines without DATABASE_URL.

pgserver ships PostgreSQL binaries inside a wheel, so a fresh clone gets a real PostgreSQL without a system
install. The data directory lives under var/ and survives restarts; the server is started on first use and
stopped by pgserver when the last process using it exits. `manage.py serve` (make run) does not rely on that
count: it stops the server itself when it stops, whatever happened to the processes it started.
"""

import json
import warnings
from pathlib import Path

EMBEDDED_DATA_DIR_NAME = "pgdata"
# pgserver's list of the processes using the server; the last one to exit stops it.
HANDLE_LIST_NAME = ".handle_pids.json"


def _pgserver():
    with warnings.catch_warnings():
        # pgserver asks platformdirs for a runtime folder it does not use here; without XDG_RUNTIME_DIR (CI,
        # containers) that warns on every command.
        warnings.simplefilter("ignore")
        import pgserver  # imported lazily: a real DATABASE_URL must not need the embedded binaries
    return pgserver


def embedded_data_dir(var_dir: Path) -> Path:
    return var_dir / EMBEDDED_DATA_DIR_NAME


def embedded_database_url(var_dir: Path) -> str:
    """Start (or join) the embedded server and return a libpq URL for it."""
    pgserver = _pgserver()
    data_dir = embedded_data_dir(var_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    _forget_dead_handles(data_dir)
    server = pgserver.get_server(data_dir, cleanup_mode="stop")
    return server.get_uri()


def _forget_dead_handles(data_dir: Path) -> None:
    """Drop processes killed without cleaning up (kill -9) from pgserver's list, or it never stops the server."""
    import psutil

    handles = data_dir / HANDLE_LIST_NAME
    try:
        pids = json.loads(handles.read_text())
    except (FileNotFoundError, ValueError):
        return
    alive = [pid for pid in pids if psutil.pid_exists(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def embedded_postmaster_pid(var_dir: Path) -> int | None:
    """The pid of the embedded server running on this data directory, if one is."""
    import psutil

    try:
        pid = int((embedded_data_dir(var_dir) / "postmaster.pid").read_text().split("\n", 1)[0])
    except (FileNotFoundError, ValueError):
        return None
    return pid if psutil.pid_exists(pid) else None


def stop_embedded_database(var_dir: Path) -> None:
    """Stop the embedded server now (fast shutdown: open sessions are closed, nothing committed is lost)."""
    import os

    data_dir = embedded_data_dir(var_dir)
    if embedded_postmaster_pid(var_dir) is None:
        return
    _pgserver()
    from pgserver._commands import pg_ctl

    # As root, pgserver runs PostgreSQL as its own "pgserver" user (PostgreSQL refuses root); pg_ctl must too.
    user = "pgserver" if os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir, user=user, timeout=60)
    (data_dir / HANDLE_LIST_NAME).unlink(missing_ok=True)

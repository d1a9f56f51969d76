"""Embedded PostgreSQL for machines without DATABASE_URL.

pgserver ships PostgreSQL binaries inside a wheel, so a fresh clone gets a real PostgreSQL without a system
install. The data directory lives under var/ and survives restarts; the server is started on first use and
stopped by pgserver when the last process using it exits.
"""

import warnings
from pathlib import Path

EMBEDDED_DATA_DIR_NAME = "pgdata"


def embedded_database_url(var_dir: Path) -> str:
    """Start (or join) the embedded server and return a libpq URL for it."""
    with warnings.catch_warnings():
        # pgserver asks platformdirs for a runtime folder it does not use here; without XDG_RUNTIME_DIR (CI,
        # containers) that warns on every command.
        warnings.simplefilter("ignore")
        import pgserver  # imported lazily: a real DATABASE_URL must not need the embedded binaries

    data_dir = var_dir / EMBEDDED_DATA_DIR_NAME
    data_dir.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(data_dir, cleanup_mode="stop")
    return server.get_uri()

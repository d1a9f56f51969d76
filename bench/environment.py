"""Where the benchmarks run: a database of their own on whichever PostgreSQL server the project uses.

The server is the one of `--database-url`, else of DATABASE_URL, else the embedded PostgreSQL under var/ (as
marketplace/settings.py chooses). On that server the benchmarks always use a separate database, `xq_bench`
unless `--db-name` says otherwise, so twenty thousand generated products never mix with the demo data or a
developer's database. The scripts set DATABASE_URL to it before Django starts.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_NAME = "xq_bench"
MAINTENANCE_DB = "postgres"


def add_database_arguments(parser) -> None:
    parser.add_argument(
        "--database-url",
        help="PostgreSQL server to use (default: DATABASE_URL, else the embedded server under var/); "
        "its database name is replaced by --db-name",
    )
    parser.add_argument(
        "--db-name",
        default=DEFAULT_DB_NAME,
        help=f"the benchmark's own database on that server (default {DEFAULT_DB_NAME}); must contain 'bench'",
    )


def server_url(explicit: str | None) -> str:
    if explicit:
        return explicit
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    from marketplace.core.embedded_db import embedded_database_url

    return embedded_database_url(Path(os.environ.get("XQ_VAR_DIR", REPO_ROOT / "var")))


def with_database(url: str, name: str) -> str:
    """The same server URL naming another database."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def bench_database_url(args) -> str:
    if "bench" not in args.db_name:
        # --reset drops the database: a name without "bench" is more likely a typo for something precious.
        raise SystemExit(f"Refusing database name {args.db_name!r}: a benchmark database name must contain 'bench'.")
    return with_database(server_url(args.database_url), args.db_name)


def database_exists(url: str) -> bool:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(with_database(url, MAINTENANCE_DB), autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def create_database(url: str, *, reset: bool) -> None:
    """Create the database the URL names; with reset, drop it first (closing its other sessions)."""
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(with_database(url, MAINTENANCE_DB), autocommit=True) as conn:
        if reset:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django(url: str) -> None:
    """Start Django on the benchmark database."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    import django

    django.setup()


def describe_url(url: str) -> str:
    """The URL without a password, for printing."""
    parts = urlsplit(url)
    host = parts.hostname or "socket"
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}@{host}" if parts.username else host))

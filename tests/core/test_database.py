"""The project runs on the embedded PostgreSQL by default and on any server named by DATABASE_URL."""

import os
import subprocess
import sys
from pathlib import Path

import dj_database_url
import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_overrides, remove=()):
    env = {key: value for key, value in os.environ.items() if key not in remove}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


PRINT_DATABASE = (
    "from django.db import connection; connection.ensure_connection(); "
    "info = connection.connection.info; print(info.host, info.dbname, connection.pg_version >= 150000)"
)


def test_without_database_url_an_embedded_postgresql_starts_under_the_var_dir(tmp_path):
    var_dir = tmp_path / "var"
    result = run_manage(
        "shell", "-c", PRINT_DATABASE, env_overrides={"XQ_VAR_DIR": str(var_dir)}, remove=["DATABASE_URL"]
    )
    assert result.returncode == 0, result.stderr
    host, name, recent = result.stdout.splitlines()[-1].split()
    assert host == str(var_dir / "pgdata")
    assert name == "postgres"
    assert recent == "True"
    assert (var_dir / "pgdata" / "PG_VERSION").exists()


def test_database_url_selects_that_server(tmp_path):
    url = os.environ.get("DATABASE_URL")
    if not url:
        pytest.skip("no DATABASE_URL in this run; CI runs the suite again against 127.0.0.1:5432")
    var_dir = tmp_path / "var"
    result = run_manage("shell", "-c", PRINT_DATABASE, env_overrides={"DATABASE_URL": url, "XQ_VAR_DIR": str(var_dir)})
    assert result.returncode == 0, result.stderr
    expected = dj_database_url.parse(url)
    assert result.stdout.splitlines()[-1].split()[:2] == [expected["HOST"], expected["NAME"]]
    # The embedded server was never started.
    assert not (var_dir / "pgdata").exists()


def test_pgoptions_reach_the_server_beside_the_projects_own_settings():
    """libpq ignores PGOPTIONS once a connection names its `options` (the settings' jit=off always does): the
    settings put it inside, so a benchmark run with max_parallel_workers_per_gather=0 really runs without workers."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        pytest.skip("no DATABASE_URL in this run; CI runs the suite again against 127.0.0.1:5432")
    show = (
        "from django.db import connection; cursor = connection.cursor(); "
        "print(*[cursor.execute(f'SHOW {name}').fetchone()[0] for name in ('max_parallel_workers_per_gather', 'jit')])"
    )
    result = run_manage(
        "shell",
        "-c",
        show,
        env_overrides={"DATABASE_URL": url, "PGOPTIONS": "-c max_parallel_workers_per_gather=0 -c jit=on"},
    )
    assert result.returncode == 0, result.stderr
    # The run's own setting reaches the server; the project's XQ_DB_JIT (off by default) wins over PGOPTIONS.
    assert result.stdout.splitlines()[-1].split() == ["0", "off"]

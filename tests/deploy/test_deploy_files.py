"""The deployment files, checked by parsers: this machine has no container engine to build or start them.

Each check is something that would break a deployment: an unpinned or floating base image, a container running
as root, a missing health check, a unit or service running a command or file that does not exist.
"""

import configparser
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from dockerfile_parse import DockerfileParser

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"


def pinned(image: str) -> bool:
    """An exact release (python:3.11.7-slim-bookworm, postgres:15.10-bookworm, caddy:2.8.4-alpine) or a digest."""
    return "@sha256:" in image or bool(re.search(r":\d+\.\d+(\.\d+)?([\w.-]*)$", image))


def dockerfile() -> DockerfileParser:
    return DockerfileParser(path=str(DEPLOY / "Dockerfile"))


def stages(parser: DockerfileParser) -> list[list[dict]]:
    """The instructions of each build stage, in order."""
    found = []
    for instruction in parser.structure:
        if instruction["instruction"] == "FROM":
            found.append([])
        if found:
            found[-1].append(instruction)
    return found


def test_the_dockerfile_is_multi_stage_on_an_exactly_pinned_base():
    parser = dockerfile()
    built = stages(parser)
    assert len(built) >= 2
    bases = [stage[0]["value"].split()[0] for stage in built]
    assert all(pinned(base) for base in bases), bases
    assert not any(base.endswith(":latest") for base in bases)
    final = built[-1]
    assert any(i["instruction"] == "COPY" and "--from=build" in i["value"] for i in final), "runtime copies the build"
    # Build tools stay in the build stage.
    assert not any(i["instruction"] == "RUN" and "gettext" in i["value"] for i in final)


def test_the_image_runs_as_a_user_other_than_root():
    final = stages(dockerfile())[-1]
    users = [i["value"].split(":")[0] for i in final if i["instruction"] == "USER"]
    assert users, "the runtime stage sets USER"
    assert users[-1] not in {"root", "0"}
    assert any(i["instruction"] == "HEALTHCHECK" and "/healthz" in i["value"] for i in final)


def test_the_image_runs_gunicorn_with_the_projects_config():
    final = stages(dockerfile())[-1]
    command = json.loads([i["value"] for i in final if i["instruction"] == "CMD"][-1])
    assert command[:3] == ["gunicorn", "-c", "deploy/gunicorn.conf.py"]
    assert (REPO / command[2]).is_file()


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def test_compose_runs_web_worker_database_and_a_tls_proxy_each_with_a_health_check():
    services = compose()["services"]
    assert {"web", "worker", "db", "proxy"} <= services.keys()
    for name in ("web", "worker", "db", "proxy"):
        assert services[name]["healthcheck"]["test"], name
    for name in ("db", "proxy"):
        assert pinned(services[name]["image"]), services[name]["image"]
    assert "443:443" in services["proxy"]["ports"]
    caddyfile = services["proxy"]["volumes"][0].split(":")[0]
    assert (DEPLOY / caddyfile).is_file()
    assert "reverse_proxy web:8000" in (DEPLOY / caddyfile).read_text()


def test_compose_builds_the_dockerfile_and_migrates_before_serving():
    services = compose()["services"]
    build = services["web"]["build"]
    assert (DEPLOY / build["context"] / build["dockerfile"]).resolve() == DEPLOY / "Dockerfile"
    assert services["migrate"]["command"][-2:] == ["migrate", "--noinput"]
    for name in ("web", "worker"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgresql://")
    assert services["web"]["command"][:3] == ["gunicorn", "-c", "deploy/gunicorn.conf.py"]
    assert services["worker"]["command"] == ["python", "manage.py", "procrastinate", "worker"]


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string((DEPLOY / "systemd" / name).read_text())
    return parser


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("xuquang-web.service", "/srv/xuquang/.venv/bin/gunicorn -c deploy/gunicorn.conf.py"),
        ("xuquang-worker.service", "/srv/xuquang/.venv/bin/python manage.py procrastinate worker"),
    ],
)
def test_systemd_units_run_the_shop_as_its_own_user(name, command):
    parsed = unit(name)
    assert parsed.sections() == ["Unit", "Service", "Install"]
    service = parsed["Service"]
    assert service["ExecStart"] == command
    assert service["User"] not in {"root", "0"}
    assert service["Restart"] == "on-failure"
    assert parsed["Install"]["WantedBy"] == "multi-user.target"
    # The files the command names, relative to WorkingDirectory (/srv/xuquang = the repository).
    for word in command.split():
        if word.endswith((".py", ".conf.py")):
            assert (REPO / word).is_file(), word


def test_the_gunicorn_config_and_the_wsgi_application_load():
    """gunicorn --check-config reads deploy/gunicorn.conf.py and imports marketplace.wsgi, as at start-up."""
    environment = {**os.environ, "DATABASE_URL": os.environ.get("DATABASE_URL") or "postgresql://check@localhost/x"}
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "-c", "deploy/gunicorn.conf.py"],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


PRELOADED_MASTER = """
import runpy, sys, types
config = runpy.run_path("deploy/gunicorn.conf.py")
from marketplace.wsgi import application  # what gunicorn's master does with --preload
config["on_starting"](types.SimpleNamespace(cfg=types.SimpleNamespace(preload_app=True)))
from django.db import connections
from django.db.backends.postgresql.base import DatabaseWrapper
print("checkout views imported", "marketplace.checkout.views" in sys.modules)
print("pools", len(DatabaseWrapper._connection_pools))
print("connections", sum(each.connection is not None for each in connections.all()))
"""


def test_a_preloaded_master_imports_the_views_and_opens_no_connection():
    """make run starts gunicorn with --preload: its workers are forks of the master, and a connection or pool the
    master opened would be shared by all of them. The database here does not exist: a connection attempt fails."""
    environment = {**os.environ, "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none", "XQ_ENV": "development"}
    environment.pop("XQ_DB_POOL_MAX_SIZE", None)
    result = subprocess.run(
        [sys.executable, "-c", PRELOADED_MASTER], cwd=REPO, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["checkout views imported True", "pools 0", "connections 0"]


def test_the_gunicorn_config_bounds_connections_and_waits():
    """workers × threads pooled connections (plus the worker's and a migration's) stay under max_connections, and
    gunicorn's own timeout is above the database waits, so a stalled database answers 503 before gunicorn acts."""
    saved = dict(os.environ)
    try:
        for name in ("XQ_WEB_WORKERS", "XQ_WEB_THREADS", "XQ_DB_POOL_MAX_SIZE", "XQ_DB_POOL_TIMEOUT"):
            os.environ.pop(name, None)
        for name in ("XQ_DB_STATEMENT_TIMEOUT", "XQ_DB_LOCK_TIMEOUT", "XQ_DB_CONNECT_TIMEOUT"):
            os.environ.pop(name, None)
        config = {"__file__": str(DEPLOY / "gunicorn.conf.py")}
        exec(compile((DEPLOY / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), config)
        database = {name: os.environ[name] for name in os.environ if name.startswith("XQ_DB_")}
    finally:
        os.environ.clear()
        os.environ.update(saved)
    assert config["worker_class"] == "gthread"
    assert int(database["XQ_DB_POOL_MAX_SIZE"]) == config["threads"]
    assert config["workers"] * config["threads"] + 10 < 100
    waits = [int(database[name].removesuffix("s")) for name in ("XQ_DB_STATEMENT_TIMEOUT", "XQ_DB_LOCK_TIMEOUT")]
    connect = 5  # settings.py's default connect_timeout
    assert config["timeout"] > connect + float(database["XQ_DB_POOL_TIMEOUT"]) + sum(waits)


WORKER_AFTER_LOAD = """
import gc, runpy, types
config = runpy.run_path("deploy/gunicorn.conf.py")
from marketplace.wsgi import application  # what a worker has loaded when gunicorn calls post_worker_init
config["post_worker_init"](types.SimpleNamespace())
from django.db import connections
print("frozen", gc.get_freeze_count() > 50_000)
print("views imported", "marketplace.reports.views" in __import__("sys").modules)
print("connections", sum(each.connection is not None for each in connections.all()))
"""


def test_a_worker_freezes_what_it_loaded_so_full_collections_skip_it():
    """gc.freeze() once the shop is loaded: the long-lived objects (~200,000) leave the collector's generations, so
    a full collection during a request no longer walks them (~175 ms on the dashboard); no connection is opened."""
    environment = {**os.environ, "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none", "XQ_ENV": "development"}
    result = subprocess.run(
        [sys.executable, "-c", WORKER_AFTER_LOAD],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["frozen True", "views imported True", "connections 0"]

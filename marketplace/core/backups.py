"""Backups of the database and the uploaded media, and their restore into a fresh database and media folder.

A backup is a folder named by its UTC time holding `database.dump` (pg_dump's custom format: compressed,
restorable table by table with pg_restore), `media.tar.gz` (everything under MEDIA_ROOT) and `manifest.json`
(what was backed up, from which server, with each file's size and SHA-256 and the row counts that matter).

pg_dump must be at least as new as the server and pg_restore at least as new as the pg_dump that wrote the file,
so the tools are chosen by the server's major version (SHOW server_version_num): XQ_PG_BIN_DIR if set, else
Debian's /usr/lib/postgresql/<major>/bin, else the binaries the embedded `pgserver` package ships (PostgreSQL 16),
else the newest found; the manifest records which one made the dump.
"""

import datetime
import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg import sql
from psycopg.conninfo import make_conninfo

from marketplace.core.errors import DomainError

DUMP_NAME = "database.dump"
MEDIA_NAME = "media.tar.gz"
MANIFEST_NAME = "manifest.json"
FORMAT_VERSION = 1

# The rows a restore is checked against: (label, table).
COUNTED_TABLES = [
    ("orders", "orders_order"),
    ("order_lines", "orders_orderline"),
    ("stock_movements", "inventory_stockmovement"),
    ("stocks", "inventory_stock"),
    ("product_media", "catalogue_productmedia"),
    ("payments", "payments_transactionitem"),
    ("kiosk_sales", "pos_sale"),
    ("users", "accounts_user"),
]


def _major_of_version_text(text: str) -> int | None:
    found = re.search(r"\(PostgreSQL\)\s+(\d+)", text)
    return int(found.group(1)) if found else None


def _tool_major(bin_dir: Path, tool: str) -> int | None:
    binary = bin_dir / tool
    if not binary.is_file():
        return None
    done = subprocess.run([str(binary), "--version"], capture_output=True, text=True, check=False)
    return _major_of_version_text(done.stdout)


def _candidate_bin_dirs(server_major: int) -> list[Path]:
    dirs = []
    if os.environ.get("XQ_PG_BIN_DIR"):
        dirs.append(Path(os.environ["XQ_PG_BIN_DIR"]))
    dirs.append(Path(f"/usr/lib/postgresql/{server_major}/bin"))
    try:
        import pgserver  # the embedded server's wheel carries its own client tools

        dirs.append(Path(pgserver.__file__).parent / "pginstall" / "bin")
    except ImportError:
        pass
    dirs.extend(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True))
    on_path = shutil.which("pg_dump")
    if on_path:
        dirs.append(Path(on_path).parent)
    return dirs


@dataclass(frozen=True)
class PgTool:
    path: Path
    major: int


def find_pg_tool(tool: str, server_major: int) -> PgTool:
    """The first candidate whose major version equals the server's; failing that, the first newer one."""
    found = [
        (bin_dir, major)
        for bin_dir in _candidate_bin_dirs(server_major)
        if (major := _tool_major(bin_dir, tool)) is not None and major >= server_major
    ]
    exact = [entry for entry in found if entry[1] == server_major]
    if not (exact or found):
        raise DomainError(
            _("Không tìm thấy %(tool)s phiên bản %(major)d trở lên; đặt XQ_PG_BIN_DIR.")
            % {"tool": tool, "major": server_major},
            code="no_pg_tool",
            field=None,
        )
    bin_dir, major = (exact or found)[0]
    return PgTool(path=bin_dir / tool, major=major)


# Database OPTIONS that Django consumes itself; the others are libpq connection parameters (host, sslmode, …).
_DJANGO_ONLY_OPTIONS = {"isolation_level", "pool", "server_side_binding", "assume_role", "prepare_threshold"}


def _conninfo(dbname: str | None = None) -> str:
    """A libpq connection string for the configured server (and database, unless `dbname` names another), as
    psycopg, pg_dump and pg_restore all read it. The password stays out: it goes through PGPASSWORD, so no
    command line that `ps` shows carries it."""
    params = connection.settings_dict
    values = {"dbname": params["NAME"], "user": params["USER"], "host": params["HOST"], "port": params["PORT"]}
    values.update({key: value for key, value in params["OPTIONS"].items() if key not in _DJANGO_ONLY_OPTIONS})
    if dbname:
        values["dbname"] = dbname
    return make_conninfo(**{key: str(value) for key, value in values.items() if value not in (None, "")})


def _tool_env() -> dict:
    env = dict(os.environ)
    if connection.settings_dict["PASSWORD"]:
        env["PGPASSWORD"] = connection.settings_dict["PASSWORD"]
    return env


def _connect(dbname: str | None = None):
    return psycopg.connect(_conninfo(dbname), password=connection.settings_dict["PASSWORD"] or None, autocommit=True)


def _server_major() -> int:
    with _connect() as conn:
        return int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def row_counts(dbname: str | None = None) -> dict[str, int]:
    with _connect(dbname) as conn:
        return {
            label: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]
            for label, table in COUNTED_TABLES
        }


def _run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise DomainError(
            _("%(tool)s thất bại: %(error)s") % {"tool": Path(command[0]).name, "error": done.stderr.strip()[-2000:]},
            code="tool_failed",
            field=None,
        )


def create_backup(destination: Path, *, now: datetime.datetime | None = None) -> Path:
    """Back up the configured database and MEDIA_ROOT into a new folder under `destination`; returns the folder."""
    now = now or timezone.now()
    folder = Path(destination) / now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    folder.mkdir(parents=True, exist_ok=False)
    server_major = _server_major()
    pg_dump = find_pg_tool("pg_dump", server_major)
    dump = folder / DUMP_NAME
    _run(
        [str(pg_dump.path), "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}", _conninfo()],
        _tool_env(),
    )
    media_root = Path(settings.MEDIA_ROOT)
    media = folder / MEDIA_NAME
    with tarfile.open(media, "w:gz") as archive:
        if media_root.is_dir():
            archive.add(media_root, arcname=".")
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": now.isoformat(),
        "database": connection.settings_dict["NAME"],
        "server_major": server_major,
        "pg_dump": {"path": str(pg_dump.path), "major": pg_dump.major},
        "media_root": str(media_root),
        "files": {
            name: {"bytes": (folder / name).stat().st_size, "sha256": _sha256(folder / name)}
            for name in (DUMP_NAME, MEDIA_NAME)
        },
        "row_counts": row_counts(),
    }
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return folder


def read_manifest(folder: Path) -> dict:
    """The backup's manifest, after checking that its files are whole (size and SHA-256)."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DomainError(_("Không đọc được bản sao lưu %(folder)s.") % {"folder": folder}, code="invalid") from error
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.is_file() or path.stat().st_size != expected["bytes"] or _sha256(path) != expected["sha256"]:
            raise DomainError(
                _("Tệp %(name)s của bản sao lưu bị thiếu hoặc hỏng.") % {"name": name}, code="corrupt", field=None
            )
    return manifest


def restore_backup(folder: Path, *, database: str, media_root: Path) -> dict:
    """Restore a backup into a new database `database` (created here; refused if it exists) on the configured
    server, and its media into `media_root` (refused unless missing or empty). Returns the restored row counts."""
    folder, media_root = Path(folder), Path(media_root)
    manifest = read_manifest(folder)
    if media_root.exists() and any(media_root.iterdir()):
        raise DomainError(
            _("Thư mục ảnh %(folder)s không trống.") % {"folder": media_root}, code="not_empty", field=None
        )
    server_major = _server_major()
    pg_restore = find_pg_tool("pg_restore", max(server_major, manifest["pg_dump"]["major"]))
    with _connect() as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone():
            raise DomainError(
                _("Cơ sở dữ liệu %(name)s đã có: hãy khôi phục vào một cơ sở dữ liệu mới.") % {"name": database},
                code="exists",
                field=None,
            )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    _run(
        [
            str(pg_restore.path),
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            f"--dbname={_conninfo(database)}",
            str(folder / DUMP_NAME),
        ],
        _tool_env(),
    )
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA_NAME, "r:gz") as archive:
        archive.extractall(media_root, filter="data")  # refuses absolute paths, "..", links out of the folder
    return row_counts(database)

"""Values the settings derive from the environment that need more than a one-line lookup."""

import os
import time
from pathlib import Path
from urllib.parse import urlsplit

from django.core.management.utils import get_random_secret_key

DEVELOPMENT_SECRET_KEY_FILE = "development-secret-key"
DEVELOPMENT_JWT_SIGNING_KEY_FILE = "development-jwt-signing-key"


def development_secret_key(var_dir: Path, file_name: str = DEVELOPMENT_SECRET_KEY_FILE) -> str:
    """A secret key made for this machine on first use and kept under var/, so that none is committed.

    Several processes may start at once (runserver, pytest workers): the first to create the file wins and the
    others read what it wrote. Each key has a file of its own (file_name), so no two secrets are the same.
    """
    path = var_dir / file_name
    var_dir.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_text(encoding="ascii").strip()
        if key:
            return key
        # Another process has created the file but not written it yet; its key will do as well as ours.
        return _wait_for_key(path)
    key = get_random_secret_key()
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(key)
    return key


def _wait_for_key(path: Path) -> str:
    for _attempt in range(50):
        time.sleep(0.02)
        key = path.read_text(encoding="ascii").strip()
        if key:
            return key
    raise RuntimeError(f"{path} stays empty: delete it and start again.")


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, or "" for a relative one (such as the default /media/)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def env_flag(name: str, default: bool) -> bool:
    """A yes/no setting: 1, true, yes or on (any case) mean yes; unset means the default."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated setting as a list, without blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]

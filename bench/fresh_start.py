"""How long a fresh clone takes from `make run` to its first page, step by step.

    python3 bench/fresh_start.py --source . --clone /tmp/xq-fresh --port 8647

Clones --source (a git repository: what is committed, nothing else) into --clone, runs `make run PORT=…` there
without DATABASE_URL (the embedded PostgreSQL), asks for / every 0.2 s until it answers 200, then stops the server
with Ctrl-C as a developer would and waits for it to exit. Every line `make run` prints is shown with the seconds
since the start, and at the end a table of the steps: venv, pip install, translations, the embedded PostgreSQL
and Django's start, migrations, demo data, static files, gunicorn's boot and the first page. The clone is deleted
afterwards unless --keep. Standard library only: it runs before the clone has a virtualenv.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

POLL_SECONDS = 0.2
GIVE_UP_SECONDS = 600
# Lines of `make run`'s output that end a step, in order; the step is named by what ran before the line.
MILESTONES = [
    ("venv", re.compile(r"/bin/pip install .*-r requirements\.txt")),
    ("pip install (runtime requirements)", re.compile(r"^touch \.venv/\.runtime")),
    ("translations (msgfmt)", re.compile(r"manage\.py serve")),
    ("embedded PostgreSQL, Django's start", re.compile(r"^Operations to perform")),
    ("migrations", re.compile(r"^serve: migrations took")),
    ("demo data", re.compile(r"^serve: demo data took")),
    ("static files", re.compile(r"^serve: static files took")),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", default=".", help="the repository to clone (default: this one)")
    parser.add_argument("--clone", required=True, help="where to clone it (must not exist)")
    parser.add_argument("--port", type=int, default=8647)
    parser.add_argument("--keep", action="store_true", help="keep the clone afterwards")
    args = parser.parse_args()
    clone = Path(args.clone)
    if clone.exists():
        parser.error(f"{clone} exists; a fresh start needs a fresh clone")
    subprocess.run(["git", "clone", "-q", args.source, str(clone)], check=True)
    environment = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "XQ_ENV")}
    load_before = os.getloadavg()
    started = time.monotonic()
    make = subprocess.Popen(
        ["make", "run", f"PORT={args.port}"],
        cwd=clone,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    stamps: list[tuple[str, float]] = []
    threading.Thread(target=echo_and_stamp, args=(make.stdout, started, stamps), daemon=True).start()
    served_after = wait_for_first_page(f"http://127.0.0.1:{args.port}/", make, started)
    load_after = os.getloadavg()
    os.killpg(make.pid, signal.SIGINT)
    try:
        make.wait(timeout=90)
    except subprocess.TimeoutExpired:
        os.killpg(make.pid, signal.SIGKILL)
        make.wait()
    if served_after is None:
        print("fresh start: no page was served", file=sys.stderr)
    else:
        report(stamps, served_after, load_before, load_after)
    if not args.keep:
        shutil.rmtree(clone, ignore_errors=True)
    return 0 if served_after is not None else 1


def echo_and_stamp(stream, started, stamps):
    milestones = iter(MILESTONES)
    step, pattern = next(milestones)
    for line in stream:
        elapsed = time.monotonic() - started
        print(f"[{elapsed:6.1f}] {line}", end="", flush=True)
        if pattern and pattern.search(line):
            stamps.append((step, elapsed))
            step, pattern = next(milestones, (None, None))


def wait_for_first_page(url, make, started) -> float | None:
    while time.monotonic() - started < GIVE_UP_SECONDS and make.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=10) as answer:
                if answer.status == 200:
                    return time.monotonic() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(POLL_SECONDS)
    return None


def report(stamps, served_after, load_before, load_after):
    print(f"\nload average before: {load_before[0]:.2f} / after: {load_after[0]:.2f}")
    previous = 0.0
    for step, at in stamps:
        print(f"{step:40s} {at - previous:6.1f} s")
        previous = at
    print(f"{'gunicorn boot, first page':40s} {served_after - previous:6.1f} s")
    print(f"{'served after':40s} {served_after:6.1f} s")


if __name__ == "__main__":
    sys.exit(main())

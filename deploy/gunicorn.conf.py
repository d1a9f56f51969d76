"""gunicorn settings for every way the shop is served: `make run` (manage.py serve), the container image and the
systemd unit. Anything here can be overridden on the command line or with GUNICORN_CMD_ARGS; the XQ_* variables
below only give defaults the environment can override.

The figures behind the sizes are in docs/performance.md, section "Load".
"""

import os

# Where to listen: make run passes --bind; containers and systemd set XQ_BIND.
bind = [os.environ.get("XQ_BIND", "127.0.0.1:8000")]

# gthread: each worker process serves `threads` requests at once and queues the rest of its accepted connections,
# so a burst waits instead of being refused. Processes use the cores; threads cover the time a request waits on
# PostgreSQL.
worker_class = "gthread"
workers = int(os.environ.get("XQ_WEB_WORKERS", "3"))
threads = int(os.environ.get("XQ_WEB_THREADS", "8"))
# A worker accepts every connection it can until it holds worker_connections: with gunicorn's 1,000 one worker
# took 268 of a burst's 300 connections and served them with its 8 threads while the other two sat idle (see
# docs/performance.md, "Load"). Eight per thread (in progress, queued, idle between a browser's pages) keeps
# each worker's queue short; further connections wait in the kernel's accept queue (backlog, 2,048) for whichever
# worker frees a place first. (Four per thread balanced as well, but left too many shoppers of a burst waiting
# in that queue behind connections kept alive: some waited over two minutes.)
worker_connections = 8 * threads
# Shoppers' browsers reuse their connection between pages.
keepalive = 5

# One pool per worker process, one connection per thread: a thread never waits for a connection while the server
# is up, and the server never holds more than workers × threads connections (24 by default, against PostgreSQL's
# 100). settings.py reads these when the workers load Django.
os.environ.setdefault("XQ_DB_POOL_MAX_SIZE", str(threads))
# Bounded waits: how long a request waits for a free connection (the database is down), for a row lock, for one
# statement. Each failure is answered 503 by DatabaseUnavailableMiddleware within seconds.
os.environ.setdefault("XQ_DB_POOL_TIMEOUT", "5")
os.environ.setdefault("XQ_DB_LOCK_TIMEOUT", "5s")
os.environ.setdefault("XQ_DB_STATEMENT_TIMEOUT", "15s")

# gunicorn's own limit stays above the database's (connect 5 s + lock 5 s + statement 15 s), so a slow database
# gives a clean 503 before gunicorn would kill a worker; graceful_timeout lets running requests finish on SIGTERM.
timeout = 60
graceful_timeout = 20

# Logs to stderr (the supervisor, journald or the container runtime collects them); access log in the common
# format with the time taken, in microseconds.
accesslog = "-" if os.environ.get("XQ_ACCESS_LOG", "1") == "1" else None
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(D)sus'
# The app sits behind a reverse proxy in production; only the proxy's own address is trusted for X-Forwarded-*.
forwarded_allow_ips = os.environ.get("XQ_FORWARDED_ALLOW_IPS", "127.0.0.1")

# gunicorn 27's runtime control socket is one path per user (~/.gunicorn/gunicorn.ctl): two servers on one machine
# (make run next to a test server) would fight over it, and nothing here uses it.
control_socket_disable = True

wsgi_app = "marketplace.wsgi:application"


def on_starting(server):
    """With --preload (make run passes it) the master imports the shop once and the workers are forks of it: a
    fresh start waits for one import instead of three competing for the cores. The master also imports every view
    here, or each worker would on its first request. It opens no database connection (the pool is created on a
    worker's first query; tests/deploy/test_deploy_files.py checks), so no worker inherits one.

    Not the default: the image and the systemd unit reload new code on SIGHUP, which a preloaded master would not."""
    if server.cfg.preload_app:
        from django.urls import get_resolver

        get_resolver().url_patterns  # noqa: B018 - the import of every view is what is wanted


def post_worker_init(worker):
    """Once a worker has loaded the shop (forked from a preloaded master or imported on its own), move every object
    alive now — modules, classes, URL patterns, templates' code, translations: ~200,000 of them — out of the
    garbage collector's sight with gc.freeze(). They live as long as the process, yet each full collection walked
    them all: on the managers' dashboard one request in ~5 paid ~175 ms for it (docs/performance.md, "Managers'
    dashboard"). A request's own objects are collected as before. In a fork of a preloaded master it also keeps the
    collector from writing to the pages the master shares with its workers."""
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - import every view before freezing, not on the first request
    gc.collect()
    gc.freeze()

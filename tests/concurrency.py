"""Run calls at the same moment, each in its own thread and database connection, and collect their outcomes."""

import threading
from functools import partial

from django.db import connection


def race(calls) -> list:
    """Start every call together (behind a barrier); return each one's result, or the exception it raised."""
    barrier = threading.Barrier(len(calls), timeout=30)
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # kept, not raised: an error must fail the test, not vanish in a thread
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def run_together(work, count: int) -> list:
    """race() over work(0) … work(count - 1)."""
    return race([partial(work, index) for index in range(count)])

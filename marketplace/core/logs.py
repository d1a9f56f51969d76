"""Logging filters."""

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """A refused request (4xx: permission denied, bad request) is the client's error, not a fault of the code.

    Django logs it with the exception's traceback, which buries the real faults (5xx, logged with theirs) in noise:
    keep the one-line warning and drop the traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status_code = getattr(record, "status_code", None)
        if record.exc_info and status_code is not None and 400 <= status_code < 500:
            record.exc_info = None
            record.exc_text = None
        return True

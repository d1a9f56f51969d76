"""Logging filters, and the request id on error reports."""

import logging

from django_guid import get_guid


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


def tag_with_request_id(event: dict, hint: dict) -> dict:
    """Sentry's before_send: the report carries the request id, to find the request's log lines."""
    request_id = get_guid()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return event

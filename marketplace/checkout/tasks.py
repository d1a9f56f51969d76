"""Background jobs of checkout: expired stock holds are removed (settings.XQ_SCHEDULE_CLEAR_EXPIRED_RESERVATIONS)."""

from django.conf import settings
from procrastinate.contrib.django import app

from inventory import allocation
from marketplace.core.jobs import PERIODIC_QUEUE, PROMPT_PRIORITY


# One job per scheduled time (see marketplace.payments.tasks).
@app.periodic(cron=settings.XQ_SCHEDULE_CLEAR_EXPIRED_RESERVATIONS)
@app.task(queue=PERIODIC_QUEUE, priority=PROMPT_PRIORITY, queueing_lock="delete_expired_reservations")
def delete_expired_reservations(timestamp: int) -> int:
    return allocation.delete_expired_reservations()

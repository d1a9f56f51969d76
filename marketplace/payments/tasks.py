"""Background jobs of payments: unpaid orders expire on a schedule (settings.XQ_SCHEDULE_EXPIRE_UNPAID_ORDERS)."""

from django.conf import settings
from procrastinate.contrib.django import app

from marketplace.core.jobs import PERIODIC_QUEUE, PROMPT_PRIORITY
from marketplace.payments import services


# The periodic deferrer of every worker proposes each scheduled time; the database keeps one job per time (its
# unique periodic key), and the queueing lock keeps a second one from waiting while one is still queued.
@app.periodic(cron=settings.XQ_SCHEDULE_EXPIRE_UNPAID_ORDERS)
@app.task(queue=PERIODIC_QUEUE, priority=PROMPT_PRIORITY, queueing_lock="expire_unpaid_orders")
def expire_unpaid_orders(timestamp: int) -> int:
    return len(services.expire_unpaid_orders())

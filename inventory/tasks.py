"""Background jobs of inventory: the managers' daily low-stock digest (settings.XQ_SCHEDULE_LOW_STOCK_DIGEST)."""

from django.conf import settings
from procrastinate.contrib.django import app

from inventory import services
from marketplace.core.jobs import EMAIL_RETRY, PERIODIC_QUEUE, PROMPT_PRIORITY


# One job per scheduled time (see marketplace.payments.tasks); the digest itself is sent once per local day
# whoever asks, so a retry after a failed send, or the command run by hand, never sends it twice.
@app.periodic(cron=settings.XQ_SCHEDULE_LOW_STOCK_DIGEST)
@app.task(queue=PERIODIC_QUEUE, priority=PROMPT_PRIORITY, queueing_lock="send_low_stock_digest", retry=EMAIL_RETRY)
def send_low_stock_digest(timestamp: int) -> None:
    services.send_low_stock_digest()

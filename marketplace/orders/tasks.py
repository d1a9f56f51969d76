"""Background jobs of orders: the shopper's emails."""

from procrastinate.contrib.django import app

from marketplace.core.jobs import EMAIL_RETRY, EMAILS_QUEUE, PROMPT_PRIORITY
from marketplace.orders import services


@app.task(queue=EMAILS_QUEUE, priority=PROMPT_PRIORITY, retry=EMAIL_RETRY)
def send_order_email(*, order_id: int, kind: str) -> None:
    services.send_order_email(order_id, kind)

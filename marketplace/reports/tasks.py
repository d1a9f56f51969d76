"""Background jobs of the reports app: long dashboard exports made outside the request."""

from procrastinate.contrib.django import app

from marketplace.core.jobs import FILES_QUEUE, PERIODIC_QUEUE
from marketplace.reports import services


@app.task(queue=FILES_QUEUE)
def build_report_export(*, export_id: int, language: str) -> None:
    services.build_report_export(export_id, language)


@app.periodic(cron="17 * * * *")
@app.task(queue=PERIODIC_QUEUE, queueing_lock="refresh_daily_sales")
def refresh_daily_sales(timestamp: int) -> None:
    """Every hour: the dashboard's daily sales summary, for the last two months of complete days."""
    services.refresh_recent_daily_sales()

"""Background jobs of the whole site: the job table is kept short."""

from procrastinate import builtin_tasks
from procrastinate.contrib.django import app

from marketplace.core.jobs import PERIODIC_QUEUE

# Finished jobs are kept a month for a manager to look back on; failed ones stay until a manager deals with them.
FINISHED_JOBS_KEPT_HOURS = 30 * 24


@app.periodic(cron="30 19 * * *")  # 02:30 in Viet Nam
@app.task(queue=PERIODIC_QUEUE, pass_context=True, queueing_lock="remove_old_jobs")
async def remove_old_jobs(context, timestamp: int) -> None:
    await builtin_tasks.remove_old_jobs(context, max_hours=FINISHED_JOBS_KEPT_HOURS)

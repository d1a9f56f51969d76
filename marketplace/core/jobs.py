"""What the background jobs share. Each app's jobs live in its tasks.py and only call that app's services.

The jobs are procrastinate tasks: deferred through Django's database connection, so a job deferred inside a
service's transaction exists only if that transaction commits, and run by `manage.py procrastinate worker`.
"""

from procrastinate import RetryStrategy

# An email that could not leave (mail server down, refused, timed out) is tried again after 4 s, 16 s, 64 s,
# about 4 min and about 17 min; after that the job stays "failed" in the admin for a manager to retry.
EMAIL_RETRY = RetryStrategy(max_attempts=5, exponential_wait=4)

# A worker takes the highest priority first: an email or an expiry never waits behind a batch of thumbnails.
PROMPT_PRIORITY = 10

# Queues, so that a deployment can give files their own worker: a worker serves them all unless told otherwise.
EMAILS_QUEUE = "emails"
PERIODIC_QUEUE = "periodic"
FILES_QUEUE = "files"

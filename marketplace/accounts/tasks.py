"""Background jobs of accounts: password reset, closing an account and producer members' invitation emails."""

from procrastinate.contrib.django import app

from marketplace.accounts import services
from marketplace.core.jobs import EMAIL_RETRY, EMAILS_QUEUE, PROMPT_PRIORITY


@app.task(queue=EMAILS_QUEUE, priority=PROMPT_PRIORITY, retry=EMAIL_RETRY)
def send_invitation_email(*, invitation_id: int, site_url: str) -> None:
    services.send_invitation_email(invitation_id, site_url)


@app.task(queue=EMAILS_QUEUE, priority=PROMPT_PRIORITY, retry=EMAIL_RETRY)
def send_password_reset_email(*, user_id: int, site_url: str, language: str, redirect_url: str = "") -> None:
    services.send_password_reset_email(user_id, site_url, language, redirect_url)


@app.task(queue=EMAILS_QUEUE, priority=PROMPT_PRIORITY, retry=EMAIL_RETRY)
def send_account_deletion_email(*, user_id: int, redirect_url: str, language: str) -> None:
    services.send_account_deletion_email(user_id, redirect_url, language)

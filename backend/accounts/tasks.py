"""Celery tasks for account emails: load ids, call the notification; queued after commit."""

from celery import shared_task

from backend.accounts.models import User
from backend.accounts.notifications import password_reset_email_send, user_email_send


@shared_task(name="accounts.user_email")
def user_email(user_id: int, kind: str, redirect_url: str | None = None) -> int:
    user = User.objects.filter(pk=user_id).first()
    return 0 if user is None else user_email_send(user=user, kind=kind, redirect_url=redirect_url)


@shared_task(name="accounts.password_reset_email")
def password_reset_email(email: str, redirect_url: str | None = None) -> int:
    return password_reset_email_send(email=email, redirect_url=redirect_url)

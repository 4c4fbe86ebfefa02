"""Nông Sàn backend: the Django project and one app per bounded context."""

from backend.celery import app as celery_app

__all__ = ["celery_app"]

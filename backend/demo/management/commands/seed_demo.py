"""`manage.py seed_demo`: load (or top up) the demo marketplace; safe to run repeatedly."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings

from backend.demo.pipeline import DEMO_STEPS


class Command(BaseCommand):
    help = "Load the demo data (idempotent)."

    def handle(self, *args, **options) -> None:
        # Demo orders and recalls send emails through Celery; nobody should receive them.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            for step in DEMO_STEPS:
                with transaction.atomic():
                    step.seed()
                self.stdout.write(f"seeded {step.__name__}")

"""`manage.py seed_demo`: load (or top up) the demo marketplace; safe to run repeatedly."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings

from backend.core.demo import demo_modules


class Command(BaseCommand):
    help = "Load the demo data (idempotent)."

    def handle(self, *args, **options) -> None:
        # Demo orders and recalls send emails through Celery; nobody should receive them.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            for module in demo_modules():
                with transaction.atomic():
                    module.seed()
                self.stdout.write(f"seeded {module.__name__}")

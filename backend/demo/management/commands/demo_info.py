"""`manage.py demo_info`: print where the demo lives and how to sign in."""

from django.core.management.base import BaseCommand

from backend.demo.accounts import DEMO_PASSWORD
from backend.demo.pipeline import DEMO_STEPS


class Command(BaseCommand):
    help = "Print the demo URLs and logins."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args, base_url: str, **options) -> None:
        base = base_url.rstrip("/")
        lines = [
            "",
            "Nông Sàn demo",
            f"  Shop:                  {base}/",
            f"  Cooperative dashboard: {base}/dashboard/",
            f"  Officials' dashboard:  {base}/dashboard/  (sign in as official@demo.vn)",
            f"  GraphQL endpoint:      {base}/graphql/",
            f"  Health:                {base}/healthz",
            f"  Admin:                 {base}/admin/",
            f"  Demo logins (password {DEMO_PASSWORD}):",
        ]
        for step in DEMO_STEPS:
            info = getattr(step, "info", None)
            if info is not None:
                lines.extend(f"  {line}" for line in info(base))
        self.stdout.write("\n".join(lines) + "\n")

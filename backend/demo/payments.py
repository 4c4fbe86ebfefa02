"""Demo payments: two transfers that matched no order, so the staff review list has work to show.

Seeding goes through the real webhook action; the unique (provider, event id) row makes it idempotent.
"""

from decimal import Decimal

from django.conf import settings

from backend.payments.actions import bank_notification_process
from backend.payments.webhooks import BankNotification

DEMO_TRANSFERS = (
    # transaction id, amount (VND), description as the buyer's bank wrote it
    ("DEMO-TRANSFER-1", Decimal(185000), "CHUYEN TIEN MUA KEO DUA"),
    ("DEMO-TRANSFER-2", Decimal(90000), "MBVCB.88123.thanh toan don vai thieu"),
)


def seed() -> None:
    for transaction_id, amount, content in DEMO_TRANSFERS:
        notification = BankNotification(
            transaction_id=transaction_id,
            gateway="Vietcombank",
            account_number=settings.VIETQR_ACCOUNT_NUMBER,
            content=content,
            transfer_type="in",
            transfer_amount=amount,
        )
        bank_notification_process(
            notification=notification, payload=notification.model_dump(mode="json", by_alias=True)
        )


def info(base_url: str) -> list[str]:
    # Only the development default is ever printed; a production secret stays in the environment.
    secret = "(set in the environment)" if settings.PRODUCTION else settings.BANK_WEBHOOK_SECRET
    return [
        "Payments:",
        f"  Staff review list:     {base_url}/dashboard/payments/reviews/  (sign in as admin@demo.vn)",
        f"  Bank webhook:          POST {base_url}/webhooks/bank/  (X-Signature: HMAC-SHA256 hex)",
        f"  Stripe webhook:        POST {base_url}/webhooks/stripe/",
        "  Pay a VietQR order (its reference NS… is in `payment { vietqr { reference } }`):",
        f"    secret={secret}",
        '    body=\'{"id":"T1","transferType":"in","transferAmount":120000,"content":"NS12345678"}\'',
        '    sig=$(printf %s "$body" | openssl dgst -sha256 -hmac "$secret" | cut -d" " -f2)',
        f'    curl -X POST {base_url}/webhooks/bank/ -H "X-Signature: $sig" \\',
        '      -H "Content-Type: application/json" -d "$body"',
    ]

"""Payments test kit: order groups with allocated stock, spies on the orders contract, signed
webhook deliveries (bank HMAC and Stripe's t=…,v1=… scheme) and the fake Stripe server (`fake_stripe`,
and `stripe_checkout_fake` with its hosted Checkout page sending webhooks to a live server)."""

import hashlib
import hmac
import itertools
import json
import time
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from backend.catalog.models import Category, Channel, Product, ProductVariant, Stock, Warehouse
from backend.orders import actions as order_actions
from backend.orders.models import Allocation, Order, OrderGroup, OrderLine
from backend.payments.actions import payment_start
from tests.factories import make_stall
from tests.fakes.stripe_server import FakeStripeServer, stripe_checkout_fake  # noqa: F401 (a fixture)

BANK_SECRET = "test-bank-secret"
STRIPE_WEBHOOK_SECRET = "whsec_test_secret"
_seq = itertools.count(1)


@pytest.fixture(autouse=True)
def _payment_settings(settings):
    settings.BANK_WEBHOOK_SECRET = BANK_SECRET
    settings.STRIPE_WEBHOOK_SECRET = STRIPE_WEBHOOK_SECRET
    settings.STRIPE_SECRET_KEY = "sk_test_nongsan"
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    settings.VIETQR_BANK_BIN = "970436"
    settings.VIETQR_ACCOUNT_NUMBER = "0011004123456"
    settings.VIETQR_PAYMENT_TTL_MINUTES = 30


def make_group(
    method: str = "vietqr", total: Decimal | int = 120000, currency: str = "VND", stock_units: int = 5
) -> OrderGroup:
    """An order group of one unconfirmed order whose line holds 2 allocated units of a stock row."""
    n = next(_seq)
    channel, _ = Channel.objects.get_or_create(
        slug="vn" if currency == "VND" else "export",
        defaults={"name": currency, "currency_code": currency},
    )
    stall = make_stall()
    category, _ = Category.objects.get_or_create(slug="dac-san", defaults={"name": "Đặc sản"})
    product = Product.objects.create(stall=stall, category=category, name=f"Kẹo dừa {n}", slug=f"keo-dua-{n}")
    variant = ProductVariant.objects.create(product=product, stall=stall, sku=f"KD-{n}")
    warehouse = Warehouse.objects.create(stall=stall, name="Kho", province_code=86, commune_code=28777)
    stock = Stock.objects.create(
        variant=variant, warehouse=warehouse, quantity=stock_units, quantity_allocated=2
    )
    now = timezone.now()
    total = Decimal(total)
    group = OrderGroup.objects.create(
        number=f"NS{20260000 + n:08d}",
        email="buyer@example.vn",
        full_name="Nguyễn Thị Mai",
        phone="+84912345678",
        street="1 Đường Dừa",
        commune_code=28777,
        province_code=86,
        channel=channel,
        currency=currency,
        subtotal=total,
        shipping_total=Decimal(0),
        total=total,
        payment_method=method,
        created_at=now,
    )
    order = Order.objects.create(
        group=group,
        stall=stall,
        number=f"{group.number}-1",
        delivery_method_name="Giao tận nơi",
        delivery_kind="flat",
        currency=currency,
        merchandise_total=total,
        shipping_total=Decimal(0),
        total=total,
        created_at=now,
    )
    line = OrderLine.objects.create(
        order=order,
        variant=variant,
        product_name=product.name,
        sku=variant.sku,
        unit_price=total / 2,
        quantity=2,
    )
    Allocation.objects.create(order_line=line, stock=stock, quantity=2)
    return group


def add_stall_order(group: OrderGroup, total: Decimal | int) -> Order:
    """Add another stall's unconfirmed order (2 allocated units) to `group`, whose totals grow by it."""
    other = make_group(group.payment_method, total=total, currency=group.currency)
    order = other.orders.get()
    index = group.orders.count() + 1
    Order.objects.filter(pk=order.pk).update(group=group, number=f"{group.number}-{index}")
    other.delete()
    total = Decimal(total)
    group.subtotal += total
    group.total += total
    group.save(update_fields=["subtotal", "total"])
    order.refresh_from_db()
    return order


def start_payment(group: OrderGroup):
    with transaction.atomic():
        return payment_start(group=group)


class Spy:
    """Counts calls into the orders contract while still running the real functions."""

    def __init__(self, real):
        self.real = real
        self.calls: list[dict] = []

    def __call__(self, **kwargs):
        self.calls.append(kwargs)
        return self.real(**kwargs)


@pytest.fixture
def mark_paid_spy(monkeypatch) -> Spy:
    spy = Spy(order_actions.order_group_mark_paid)
    monkeypatch.setattr(order_actions, "order_group_mark_paid", spy)
    return spy


@pytest.fixture
def cancel_unpaid_spy(monkeypatch) -> Spy:
    spy = Spy(order_actions.order_group_cancel_unpaid)
    monkeypatch.setattr(order_actions, "order_group_cancel_unpaid", spy)
    return spy


@pytest.fixture
def fake_stripe(settings):
    with FakeStripeServer() as server:
        settings.STRIPE_API_BASE = server.url
        yield server


# --- Signed deliveries ----------------------------------------------------------------------------


def bank_body(*, transaction_id, amount, content, transfer_type="in", **extra) -> bytes:
    """A SePay-style notification body."""
    payload = {
        "id": transaction_id,
        "gateway": "Vietcombank",
        "transactionDate": "2026-11-21 14:02:37",
        "accountNumber": "0011004123456",
        "content": content,
        "transferType": transfer_type,
        "transferAmount": amount,
        "referenceCode": f"FT{transaction_id}",
        "description": "",
        **extra,
    }
    return json.dumps(payload).encode()


def post_bank(client, body: bytes, secret: str = BANK_SECRET, signature: str | None = None):
    if signature is None:
        signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return client.post(
        "/webhooks/bank/", data=body, content_type="application/json", HTTP_X_SIGNATURE=signature
    )


def stripe_signature(body: bytes, secret: str = STRIPE_WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """Stripe's scheme: t=<unix time>,v1=hex(HMAC-SHA256(secret, "<t>.<body>"))."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + body
    return f"t={timestamp},v1={hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()}"


def stripe_event(event_id: str, event_type: str, obj: dict) -> bytes:
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": event_type,
            "api_version": "2024-06-20",
            "data": {"object": obj},
        }
    ).encode()


def intent_object(payment, *, amount=None, currency=None, error=None) -> dict:
    amount = int(payment.amount) if amount is None else amount
    return {
        "id": payment.provider_id,
        "object": "payment_intent",
        "amount": amount,
        "amount_received": amount,
        "currency": (currency or payment.currency).lower(),
        "metadata": {"payment_id": str(payment.pk)},
        "last_payment_error": error,
    }


def charge_object(payment, *, refunded: int, captured: int | None = None) -> dict:
    captured = int(payment.amount) if captured is None else captured
    return {
        "id": f"ch_for_{payment.provider_id}",
        "object": "charge",
        "amount": captured,
        "amount_captured": captured,
        "amount_refunded": refunded,
        "currency": payment.currency.lower(),
        "payment_intent": payment.provider_id,
        "metadata": {},
    }


def post_stripe(client, body: bytes, signature: str | None = None):
    return client.post(
        "/webhooks/stripe/",
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=stripe_signature(body) if signature is None else signature,
    )

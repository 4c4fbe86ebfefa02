"""backend.orders.stock: promising stock refuses with orders' own code; release and ship settle the rows."""

import pytest
from django.db import transaction

from backend.catalog.models import Stock, Warehouse
from backend.core.errors import DomainError
from backend.orders import actions
from backend.orders.error_codes import OrderErrorCode
from backend.orders.models import Allocation
from backend.orders.stock import StockWanted, stock_allocate
from tests.backend.checkout.builders import make_shipping, make_variant, place
from tests.factories import make_stall, make_user

pytestmark = pytest.mark.django_db


def test_promising_more_than_is_free_is_refused_with_the_orders_code_and_promises_nothing():
    variant = make_variant(make_stall(), stock=3)
    with pytest.raises(DomainError) as exc, transaction.atomic():
        stock_allocate(wanted=[StockWanted(variant=variant, quantity=4)])
    assert (exc.value.code, exc.value.field) == (OrderErrorCode.INSUFFICIENT_STOCK, "lines")
    assert "Only 3 of" in exc.value.message
    assert Stock.objects.get(variant=variant).quantity_allocated == 0


def test_promises_fill_the_rows_in_primary_key_order():
    stall = make_stall()
    variant = make_variant(stall, stock=2)
    second = Warehouse.objects.create(stall=stall, name="Kho phụ", province_code=86, commune_code=28777)
    Stock.objects.create(variant=variant, warehouse=second, quantity=5)
    with transaction.atomic():
        plan = stock_allocate(wanted=[StockWanted(variant=variant, quantity=4)])
    assert [(row.warehouse.name, take) for row, take in plan[variant.pk]] == [
        ("Kho chính", 2),
        ("Kho phụ", 2),
    ]
    assert list(
        Stock.objects.filter(variant=variant).order_by("pk").values_list("quantity_allocated", flat=True)
    ) == [
        2,
        2,
    ]


def test_a_cancelled_order_gives_its_units_back_and_a_shipped_one_takes_them_out():
    owner = make_user()
    stall = make_stall(owner)
    make_shipping(stall)
    kept, cancelled = make_variant(stall, stock=5), make_variant(stall, stock=5)
    shipped = place([(kept, 2)]).orders.get()
    gone = place([(cancelled, 3)]).orders.get()

    actions.order_cancel(order=gone, actor=None, reason="", by_stall=False)
    actions.order_fulfill(order=shipped, actor=owner, carrier="GHN", tracking_number="T1")

    assert Stock.objects.filter(variant=cancelled).values_list("quantity", "quantity_allocated").get() == (
        5,
        0,
    )
    assert Stock.objects.filter(variant=kept).values_list("quantity", "quantity_allocated").get() == (3, 0)
    assert not Allocation.objects.exists()

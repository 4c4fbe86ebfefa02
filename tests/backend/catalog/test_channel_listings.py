"""variant_channel_listings_set applies a whole price form, or nothing of it."""

from decimal import Decimal

import pytest

from backend.catalog import actions
from backend.catalog.error_codes import CatalogErrorCode
from backend.catalog.models import Channel, VariantChannelListing
from backend.core.errors import DomainError
from tests.backend.catalog.factories import make_product
from tests.factories import make_stall

pytestmark = pytest.mark.django_db


def _prices(variant) -> dict[str, Decimal]:
    return dict(
        VariantChannelListing.objects.filter(variant=variant).values_list("channel__slug", "price_amount")
    )


def test_it_removes_and_sets_in_one_go():
    variant = make_product(make_stall(), price=45000).variants.get()
    vn, export = Channel.objects.get(slug="vn"), Channel.objects.get(slug="export")
    actions.variant_channel_listings_set(variant=variant, prices=[(export, "3.50", True)], remove=[vn])
    assert _prices(variant) == {"export": Decimal("3.50")}


def test_a_refused_price_undoes_the_removal_too():
    variant = make_product(make_stall(), price=45000).variants.get()
    vn, export = Channel.objects.get(slug="vn"), Channel.objects.get(slug="export")
    with pytest.raises(DomainError) as refused:
        actions.variant_channel_listings_set(variant=variant, prices=[(export, "-1", True)], remove=[vn])
    assert refused.value.code is CatalogErrorCode.INVALID_PRICE
    assert _prices(variant) == {"vn": Decimal("45000")}

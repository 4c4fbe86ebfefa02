"""product_search at the selector level, and the trigram index that serves it on PostgreSQL."""

import pytest
from django.db import connection

from backend.catalog import actions
from backend.catalog.models import Channel
from backend.catalog.selectors import product_for_member, product_search, products_for_stall
from tests.backend.catalog.factories import make_product
from tests.factories import make_stall, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def vn():
    return Channel.objects.get(slug="vn")


def _names(products):
    return [p.name for p in products]


def test_words_match_in_any_order_without_accents(vn):
    stall = make_stall(make_user(), name="HTX Lục Ngạn")
    make_product(
        stall, "Vải thiều Lục Ngạn loại 1", category="vai-nhan", description="<p>Quả to, cùi dày</p>"
    )
    make_product(stall, "Kẹo dừa sáp")
    assert _names(product_search(channel=vn, search="vai thieu")) == ["Vải thiều Lục Ngạn loại 1"]
    assert _names(product_search(channel=vn, search="  THIEU   vải ")) == ["Vải thiều Lục Ngạn loại 1"]
    assert _names(product_search(channel=vn, search="cui day")) == ["Vải thiều Lục Ngạn loại 1"]
    assert _names(product_search(channel=vn, search="keo dua")) == ["Kẹo dừa sáp"]
    assert _names(product_search(channel=vn, search="đường")) == []


def test_renamed_product_is_found_by_its_new_name(vn):
    product = make_product(make_stall(make_user()), "Kẹo dừa")
    actions.product_update(product=product, name="Bánh pía")
    assert _names(product_search(channel=vn, search="banh pia")) == ["Bánh pía"]
    assert _names(product_search(channel=vn, search="dua")) == []


def test_member_reads_are_scoped_to_their_stall():
    owner, stranger = make_user(), make_user()
    stall = make_stall(owner)
    product = make_product(stall, "Kẹo dừa", published=False)
    assert list(products_for_stall(stall=stall)) == [product]
    assert product_for_member(user=owner, product_id=product.pk) == product
    assert product_for_member(user=stranger, product_id=product.pk) is None


@pytest.mark.postgres
def test_trigram_index_serves_the_folded_search(vn):
    stall = make_stall(make_user())
    for i in range(30):
        make_product(stall, f"Sản phẩm {i}")
    make_product(stall, "Kẹo dừa sáp")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone()
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'catalog_product_search_trgm'")
        assert "gin_trgm_ops" in cursor.fetchone()[0]
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = (
            product_search(channel=vn, search="keo dua").model.objects.filter(
                search_document__contains="keo dua"
            )
        ).query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "catalog_product_search_trgm" in plan
    assert _names(product_search(channel=vn, search="keo dua")) == ["Kẹo dừa sáp"]

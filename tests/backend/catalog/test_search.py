"""product_search at the selector level: matching, the relevance rank, typo tolerance on PostgreSQL,
and the trigram indexes that serve it."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from backend.catalog import actions
from backend.catalog.models import Channel, Product
from backend.catalog.search import FEW_RESULTS, MAX_QUERY_CHARS, MAX_WORDS, SearchQuery, matching_q
from backend.catalog.selectors import product_for_member, product_search, products_for_stall
from backend.stalls.models import CertificateStatus, OcopCertificate
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


def test_punctuation_separates_words_like_spaces(vn):
    make_product(make_stall(make_user()), "Kẹo dừa (sáp), hộp 250g")
    assert _names(product_search(channel=vn, search="kẹo-dừa sáp")) == ["Kẹo dừa (sáp), hộp 250g"]
    assert _names(product_search(channel=vn, search="!!!")) == ["Kẹo dừa (sáp), hộp 250g"]


def test_a_very_long_query_is_cut_to_its_first_words(vn):
    make_product(make_stall(make_user()), "Kẹo dừa sáp")
    # Past the first MAX_QUERY_CHARS characters and MAX_WORDS words nothing counts.
    assert _names(product_search(channel=vn, search="keo" + " " * MAX_QUERY_CHARS + "xyz")) == ["Kẹo dừa sáp"]
    assert _names(product_search(channel=vn, search="keo " * MAX_WORDS + "xyz")) == ["Kẹo dừa sáp"]
    assert _names(product_search(channel=vn, search="keo xyz")) == []
    assert _names(product_search(channel=vn, search="x" * 100_000)) == []


def test_words_in_the_name_rank_before_category_and_origin_before_description_and_stall(vn):
    stall = make_stall(make_user(), name="HTX Mật ong Buôn Ma Thuột")
    make_product(stall, "Cà phê Robusta", category="ca-phe")  # only the stall's name
    make_product(stall, "Phấn hoa", category="duoc-lieu", description="<p>Từ tổ mật ong</p>")
    make_product(stall, "Hũ quà tặng", category="mat-ong")  # the category "Mật ong"
    make_product(stall, "Mật ong hoa cà phê", category="mat-ong")
    ranked = _names(product_search(channel=vn, search="mat ong"))
    assert ranked[:2] == ["Mật ong hoa cà phê", "Hũ quà tặng"]
    assert set(ranked[2:]) == {"Cà phê Robusta", "Phấn hoa"}


def test_a_whole_word_ranks_before_a_part_of_a_word(vn):
    stall = make_stall(make_user())
    make_product(stall, "Bánh pía Sóc Trăng")  # "trang" holds "tra"
    make_product(stall, "Hồng trà", category="tra")
    assert _names(product_search(channel=vn, search="tra")) == ["Hồng trà", "Bánh pía Sóc Trăng"]


def test_a_name_opening_with_the_query_ranks_before_one_holding_more_of_its_words(vn):
    stall = make_stall(make_user(), name="Cơ sở Phú Quốc")
    make_product(stall, "Mắm ruốc Phú Quốc", category="nuoc-mam-gia-vi")
    make_product(stall, "Nước mắm cá cơm", category="nuoc-mam-gia-vi")
    ranked = _names(product_search(channel=vn, search="nuoc mam phu quoc"))
    assert ranked == ["Nước mắm cá cơm", "Mắm ruốc Phú Quốc"]


def test_diacritics_in_the_query_rank_their_exact_spelling_first(vn):
    stall = make_stall(make_user())
    make_product(stall, "Dưa hấu", category="trai-cay-tuoi")
    make_product(stall, "Dừa xiêm", category="trai-cay-tuoi")
    make_product(stall, "Dứa mật", category="trai-cay-tuoi")
    assert _names(product_search(channel=vn, search="dừa"))[0] == "Dừa xiêm"
    assert _names(product_search(channel=vn, search="Dưa"))[0] == "Dưa hấu"
    assert _names(product_search(channel=vn, search="dứa"))[0] == "Dứa mật"
    # Without diacritics all three answer "dua", equally relevant, so by name.
    assert _names(product_search(channel=vn, search="dua")) == ["Dưa hấu", "Dứa mật", "Dừa xiêm"]


def test_equally_relevant_products_rank_in_stock_first_then_by_ocop_stars(vn):
    stall = make_stall(make_user())

    def certificate(stars, status=CertificateStatus.VERIFIED, age_days=30):
        return OcopCertificate.objects.create(
            stall=stall,
            stars=stars,
            group=1,
            decision_number=f"QĐ-{stars}-{status}",
            decision_date=timezone.localdate() - timedelta(days=age_days),
            issuing_authority="UBND tỉnh Vĩnh Long",
            status=status,
        )

    make_product(stall, "Kẹo dừa A hết hàng", stock=0, ocop_certificate=certificate(5))
    make_product(stall, "Kẹo dừa B", ocop_certificate=certificate(3))
    make_product(stall, "Kẹo dừa C chưa duyệt", ocop_certificate=certificate(5, CertificateStatus.SUBMITTED))
    make_product(stall, "Kẹo dừa D", ocop_certificate=certificate(4))
    make_product(stall, "Kẹo dừa E")
    assert _names(product_search(channel=vn, search="keo dua")) == [
        "Kẹo dừa D",
        "Kẹo dừa B",
        "Kẹo dừa C chưa duyệt",
        "Kẹo dừa E",
        "Kẹo dừa A hết hàng",
    ]


def test_an_explicit_sort_still_orders_a_search(vn):
    stall = make_stall(make_user(), name="HTX Mật ong")
    make_product(stall, "Cà phê", category="ca-phe", price=90000)
    make_product(stall, "Mật ong rừng", category="mat-ong", price=150000)
    assert _names(product_search(channel=vn, search="mat ong")) == ["Mật ong rừng", "Cà phê"]
    assert _names(product_search(channel=vn, search="mat ong", sort="name")) == ["Cà phê", "Mật ong rừng"]
    assert _names(product_search(channel=vn, search="mat ong", sort="price", descending=True)) == [
        "Mật ong rừng",
        "Cà phê",
    ]
    # Relevance without a search is the plain listing by name.
    assert _names(product_search(channel=vn, sort="relevance")) == ["Cà phê", "Mật ong rừng"]


def test_filters_narrow_a_ranked_search(vn):
    stall = make_stall(make_user())
    make_product(stall, "Kẹo dừa sáp", price=45000)
    make_product(stall, "Kẹo dừa lá dứa", price=90000)
    assert _names(product_search(channel=vn, search="keo dua", price_max=50000)) == ["Kẹo dừa sáp"]


@pytest.mark.postgres
def test_a_typo_finds_the_closest_names_when_exact_matching_finds_few(vn):
    stall = make_stall(make_user())
    make_product(stall, "Kẹo dừa sáp")
    make_product(stall, "Vải thiều Lục Ngạn loại 1", category="vai-nhan")
    make_product(stall, "Dưa hấu", category="trai-cay-tuoi")
    assert _names(product_search(channel=vn, search="kep dua")) == ["Kẹo dừa sáp"]
    assert _names(product_search(channel=vn, search="vai thieu luc ngna")) == ["Vải thiều Lục Ngạn loại 1"]
    assert _names(product_search(channel=vn, search="nuoc mam")) == []


@pytest.mark.postgres
def test_similar_names_follow_the_exact_matches_only_when_those_are_few(vn):
    stall = make_stall(make_user())
    make_product(stall, "Kem dừa", category="trai-cay-tuoi")
    make_product(stall, "Kẹo dừa sáp")
    assert _names(product_search(channel=vn, search="keo dua")) == ["Kẹo dừa sáp", "Kem dừa"]
    for i in range(FEW_RESULTS - 1):
        make_product(stall, f"Kẹo dừa {i}")
    assert "Kem dừa" not in _names(product_search(channel=vn, search="keo dua"))


def test_without_postgresql_a_typo_finds_nothing(vn):
    make_product(make_stall(make_user()), "Kẹo dừa sáp")
    expected = ["Kẹo dừa sáp"] if connection.vendor == "postgresql" else []
    assert _names(product_search(channel=vn, search="kep dua")) == expected


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgres
def test_the_search_filter_is_served_by_the_trigram_indexes(vn):
    stall = make_stall(make_user())
    for i in range(30):
        make_product(stall, f"Sản phẩm {i}")
    make_product(stall, "Kẹo dừa sáp")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'catalog_product_name_trgm'")
        assert "gin_trgm_ops" in cursor.fetchone()[0]
    query = SearchQuery.parse("kep dua")
    assert "catalog_product_search_trgm" in _plan(Product.objects.filter(matching_q(query)))
    similar = _plan(Product.objects.filter(matching_q(query, similar=True)))
    assert "catalog_product_search_trgm" in similar and "catalog_product_name_trgm" in similar
    assert _names(product_search(channel=vn, search="kep dua")) == ["Kẹo dừa sáp"]


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

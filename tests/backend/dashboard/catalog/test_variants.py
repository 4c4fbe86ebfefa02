"""Variants, prices per channel, stock per warehouse, warehouses and photos through the dashboard."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backend.catalog.models import ProductMedia, ProductVariant, Stock, VariantChannelListing, Warehouse
from backend.catalog.thumbnails import thumbnail_path
from tests.backend.dashboard.catalog.conftest import make_product, png_bytes
from tests.factories import make_official

pytestmark = pytest.mark.django_db


def _variant_url(name, stall, product, variant):
    return reverse(f"dashboard:catalog:{name}", args=[stall.pk, product.pk, variant.pk])


def test_a_member_adds_a_variant(member_client, stall, category):
    product = make_product(stall)
    url = reverse("dashboard:catalog:variant_new", args=[stall.pk, product.pk])
    response = member_client.post(
        url,
        {
            "variant-sku": "KD-1KG",
            "variant-name": "Túi 1 kg",
            "variant-gtin": "8934567890120",
            "variant-weight_grams": "1000",
        },
    )
    variant = product.variants.get(sku="KD-1KG")
    assert response["Location"] == _variant_url("variant_edit", stall, product, variant)
    assert variant.gtin == "08934567890120"
    assert variant.weight_grams == 1000


def test_a_duplicate_sku_is_refused_in_vietnamese_then_english(member_client, stall):
    product = make_product(stall, sku="KD-500")
    url = reverse("dashboard:catalog:variant_new", args=[stall.pk, product.pk])
    response = member_client.post(url, {"variant-sku": "KD-500"})
    assert response.status_code == 400
    assert "Mã SKU này đã được dùng cho một phân loại khác của gian hàng." in response.content.decode()
    response = member_client.post(url, {"variant-sku": "KD-500"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "This SKU is already used by another variant of your stall." in response.content.decode()
    assert product.variants.count() == 1


def test_a_wrong_gtin_check_digit_is_refused(member_client, stall):
    product = make_product(stall)
    url = reverse("dashboard:catalog:variant_new", args=[stall.pk, product.pk])
    response = member_client.post(url, {"variant-sku": "G1", "variant-gtin": "8934567890121"})
    assert response.status_code == 400
    assert "Mã GTIN không hợp lệ" in response.content.decode()


def test_a_member_edits_a_variant(member_client, stall):
    product = make_product(stall)
    variant = product.variants.get()
    url = _variant_url("variant_edit", stall, product, variant)
    assert (
        member_client.post(url, {"sku": "KD-NEW", "name": "Hộp 250 g", "weight_grams": "250"}).status_code
        == 302
    )
    variant.refresh_from_db()
    assert (variant.sku, variant.name, variant.weight_grams) == ("KD-NEW", "Hộp 250 g", 250)


def test_a_member_sets_prices_per_channel(member_client, stall):
    product = make_product(stall)
    variant = product.variants.get()
    url = _variant_url("variant_prices", stall, product, variant)
    data = {"price_vn": "85000", "published_vn": "on", "price_export": "4.50"}
    assert member_client.post(url, data).status_code == 302
    listings = {
        listing.channel.slug: listing for listing in VariantChannelListing.objects.filter(variant=variant)
    }
    assert listings["vn"].price_amount == Decimal("85000")
    assert listings["vn"].currency == "VND"
    assert listings["vn"].is_published
    assert listings["export"].price_amount == Decimal("4.50")
    assert not listings["export"].is_published


def test_a_vnd_price_with_decimals_is_refused(member_client, stall):
    product = make_product(stall)
    variant = product.variants.get()
    response = member_client.post(
        _variant_url("variant_prices", stall, product, variant), {"price_vn": "85000.5"}
    )
    assert response.status_code == 400
    assert not VariantChannelListing.objects.filter(variant=variant).exists()


def test_a_member_removes_a_variant_from_one_channel(member_client, stall):
    product = make_product(stall, price=85000)
    variant = product.variants.get()
    url = _variant_url("variant_prices", stall, product, variant)
    assert member_client.post(url, {"price_export": "4.50", "published_export": "on"}).status_code == 302
    # The price field still holds the old price (as the page shows it): the box wins over it.
    assert member_client.post(url, {"price_vn": "85000", "remove_vn": "on"}).status_code == 302
    slugs = set(VariantChannelListing.objects.filter(variant=variant).values_list("channel__slug", flat=True))
    assert slugs == {"export"}


def test_an_empty_price_without_the_box_still_leaves_the_channel_alone(member_client, stall):
    product = make_product(stall, price=85000)
    variant = product.variants.get()
    assert member_client.post(_variant_url("variant_prices", stall, product, variant), {}).status_code == 302
    assert VariantChannelListing.objects.get(variant=variant).price_amount == Decimal("85000")


def test_the_price_form_offers_the_remove_box_in_vietnamese(member_client, stall):
    product = make_product(stall, price=85000)
    body = member_client.get(_variant_url("variant_edit", stall, product, product.variants.get())).content
    assert 'name="remove_vn"' in body.decode()
    assert "Gỡ khỏi kênh Việt Nam" in body.decode()


def test_an_official_cannot_remove_a_price(client, stall):
    product = make_product(stall, price=85000)
    variant = product.variants.get()
    client.force_login(make_official([stall.province_code]))
    response = client.post(_variant_url("variant_prices", stall, product, variant), {"remove_vn": "on"})
    assert response.status_code == 403
    assert VariantChannelListing.objects.filter(variant=variant).exists()


def test_another_stalls_member_cannot_remove_a_price(client, stall, other_stall):
    product = make_product(stall, price=85000)
    variant = product.variants.get()
    client.force_login(other_stall.members.get().user)
    response = client.post(_variant_url("variant_prices", stall, product, variant), {"remove_vn": "on"})
    assert response.status_code == 404
    assert VariantChannelListing.objects.filter(variant=variant).exists()


def test_a_member_creates_a_warehouse_and_sets_stock(member_client, stall):
    url = reverse("dashboard:catalog:warehouses", args=[stall.pk])
    data = {"name": "Kho An Hội", "province_code": "86", "commune_code": "28777", "address": "12 Đồng Khởi"}
    assert member_client.post(url, data).status_code == 302
    warehouse = Warehouse.objects.get(stall=stall)
    assert "Kho An Hội" in member_client.get(url).content.decode()

    product = make_product(stall)
    variant = product.variants.get()
    page = member_client.get(_variant_url("variant_edit", stall, product, variant)).content.decode()
    assert "Kho An Hội" in page
    response = member_client.post(
        _variant_url("variant_stock", stall, product, variant), {f"quantity_{warehouse.pk}": "75"}
    )
    assert response.status_code == 302
    assert Stock.objects.get(variant=variant, warehouse=warehouse).quantity == 75


def test_a_negative_stock_is_refused(member_client, stall, warehouse):
    product = make_product(stall)
    variant = product.variants.get()
    response = member_client.post(
        _variant_url("variant_stock", stall, product, variant), {f"quantity_{warehouse.pk}": "-1"}
    )
    assert response.status_code == 400
    assert not Stock.objects.filter(variant=variant).exists()


def test_a_member_deletes_a_variant(member_client, stall):
    product = make_product(stall)
    variant = product.variants.get()
    assert member_client.post(_variant_url("variant_delete", stall, product, variant)).status_code == 302
    assert not ProductVariant.objects.filter(pk=variant.pk).exists()


def test_a_member_uploads_a_photo(member_client, stall):
    product = make_product(stall)
    upload = SimpleUploadedFile("keo.png", png_bytes(), content_type="image/png")
    url = reverse("dashboard:catalog:media_new", args=[stall.pk, product.pk])
    assert member_client.post(url, {"image": upload, "alt": "Kẹo dừa"}).status_code == 302
    media = ProductMedia.objects.get(product=product)
    assert (media.width, media.height) == (40, 30)
    page = member_client.get(reverse("dashboard:catalog:product_list", args=[stall.pk])).content.decode()
    thumbnail = thumbnail_path(media.pk, 64)
    assert thumbnail in page
    assert member_client.get(thumbnail)["Content-Type"] == "image/webp"


def test_a_non_image_upload_is_refused_in_the_users_language(member_client, stall):
    product = make_product(stall)
    url = reverse("dashboard:catalog:media_new", args=[stall.pk, product.pk])
    fake = SimpleUploadedFile("keo.png", b"not an image at all", content_type="image/png")
    response = member_client.post(url, {"image": fake})
    assert response.status_code == 400
    assert "Hãy tải lên ảnh JPEG, PNG hoặc WebP." in response.content.decode()
    member_client.cookies["django_language"] = "en"
    fake.seek(0)
    response = member_client.post(url, {"image": fake})
    assert "Upload a JPEG, PNG or WebP photo." in response.content.decode()
    assert not ProductMedia.objects.exists()


def test_an_oversized_photo_is_refused(member_client, stall, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 100
    product = make_product(stall)
    upload = SimpleUploadedFile("keo.png", png_bytes((200, 200)), content_type="image/png")
    response = member_client.post(
        reverse("dashboard:catalog:media_new", args=[stall.pk, product.pk]), {"image": upload}
    )
    assert response.status_code == 400
    assert "Tệp quá lớn." in response.content.decode()


def test_a_member_removes_a_photo(member_client, stall):
    product = make_product(stall)
    upload = SimpleUploadedFile("keo.png", png_bytes(), content_type="image/png")
    member_client.post(reverse("dashboard:catalog:media_new", args=[stall.pk, product.pk]), {"image": upload})
    media = ProductMedia.objects.get(product=product)
    url = reverse("dashboard:catalog:media_delete", args=[stall.pk, product.pk, media.pk])
    assert member_client.post(url).status_code == 302
    assert not ProductMedia.objects.exists()


def test_another_stalls_photo_cannot_be_removed(member_client, stall, other_stall):
    mine = make_product(stall)
    theirs = make_product(other_stall, sku="T1")
    ProductMedia.objects.create(product=theirs, image="products/x.png")
    media = ProductMedia.objects.get(product=theirs)
    url = reverse("dashboard:catalog:media_delete", args=[stall.pk, mine.pk, media.pk])
    assert member_client.post(url).status_code == 404
    assert ProductMedia.objects.filter(pk=media.pk).exists()

"""Shop data for the browsing tests: products priced per channel, OCOP certificates, reviews."""

import datetime
from decimal import Decimal

from django.utils import timezone

from backend.catalog import actions
from backend.catalog.actions import product_media_create
from backend.catalog.models import Channel, Product
from backend.reviews.models import Review
from backend.stalls.models import CertificateStatus, OcopCertificate, OcopGroup, Stall
from tests.backend.catalog.factories import image_upload, make_product
from tests.factories import make_user

__all__ = ["make_product", "with_photo", "with_export_price", "certify", "review"]


def with_photo(product: Product, size: tuple[int, int] = (800, 600)) -> Product:
    product_media_create(product=product, upload=image_upload("PNG", size), alt=f"Ảnh {product.name}")
    return product


def with_export_price(product: Product, price: Decimal | str) -> Product:
    actions.variant_channel_listing_update(
        variant=product.variants.get(),
        channel=Channel.objects.get(slug="export"),
        price_amount=Decimal(price),
    )
    return product


def certify(
    product: Product,
    stars: int = 4,
    *,
    decided: datetime.date | None = None,
    status=CertificateStatus.VERIFIED,
) -> OcopCertificate:
    stall: Stall = product.stall
    certificate = OcopCertificate.objects.create(
        stall=stall,
        stars=stars,
        group=OcopGroup.FOOD,
        decision_number=f"QĐ-{product.pk}/UBND",
        decision_date=decided or timezone.localdate() - datetime.timedelta(days=30),
        issuing_authority="UBND tỉnh Vĩnh Long",
        status=status,
    )
    product.ocop_certificate = certificate
    product.save(update_fields=["ocop_certificate"])
    return certificate


def review(product: Product, rating: int) -> Review:
    # A visible review as the reviews app stores it once a delivered buyer wrote it.
    return Review.objects.create(product=product, user=make_user(), rating=rating, text="Ngon")

"""Consumer shop pages (server-rendered, mobile first): home, search, categories, products, stalls,
and what search engines and phones read (sitemap, robots.txt, the web app manifest).

Every page prices in the visitor's current channel (`storefront.channel`) and answers `?lang=`
(`seo.language_from_query`) so each language has its own address.
"""

import json
from urllib.parse import quote

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from backend.catalog.models import Channel, Product, ProductMedia
from backend.catalog.selectors import (
    categories_all,
    category_by_slug,
    channel_for_slug,
    product_search,
    product_visible,
    products_in_season,
    products_visible,
    valid_certificate_q,
)
from backend.catalog.thumbnails import THUMBNAIL_SIZES, thumbnail_path
from backend.checkout.selectors import delivery_estimate
from backend.core.money import quantize
from backend.core.richtext import html_to_text
from backend.regions.selectors import commune_by_code, province_by_code, provinces
from backend.reviews.selectors import review_summaries
from backend.stalls.selectors import certificates_for_stall, stall_public_by_slug
from storefront.browse.forms import SearchForm, category_label
from storefront.browse.seo import json_ld, language_from_query, page_links
from storefront.channel import current_channel, format_price
from storefront.reviews.blocks import product_reviews_block

PAGE_SIZE = 24
HOME_SHELF = 8
CARD_SIZES = "(min-width: 1100px) 256px, (min-width: 600px) 33vw, 50vw"
GALLERY_SIZES = "(min-width: 700px) 512px, 100vw"
DESCRIPTION_LENGTH = 160


def _image(media: ProductMedia, size: int, alt: str) -> dict:
    """A photo at `size` with a `srcset` over the renditions the original can fill."""
    longest = max(media.width, media.height) or THUMBNAIL_SIZES[-1]
    sizes = [s for s in THUMBNAIL_SIZES[1:] if s <= max(size, longest)] or [size]
    scale = min(1, size / longest) if media.width and media.height else 1
    return {
        "src": thumbnail_path(media.pk, size),
        "srcset": ", ".join(f"{thumbnail_path(media.pk, s)} {min(s, longest)}w" for s in sizes),
        "width": round(media.width * scale) if media.width else size,
        "height": round(media.height * scale) if media.height else size,
        "alt": media.alt or alt,
    }


def _stars(product: Product) -> int | None:
    certificate = product.ocop_certificate
    return certificate.stars if certificate and certificate.badge_visible() else None


def _cards(products: list[Product], channel: Channel) -> list[dict]:
    """What a product card shows: photo, name, price from, OCOP stars, stall, rating."""
    ratings = review_summaries(product_ids=[p.pk for p in products])
    cards = []
    for product in products:
        media = next(iter(product.media.all()), None)
        rating = ratings.get(product.pk)
        cards.append(
            {
                "product": product,
                "price": format_price(product.min_price, channel.currency_code)
                if getattr(product, "min_price", None) is not None
                else "",
                "image": _image(media, 256, product.name) if media else None,
                "stars": _stars(product),
                "rating": rating if rating and rating.count else None,
            }
        )
    return cards


def _shelf(products, channel: Channel, limit: int = HOME_SHELF) -> list[dict]:
    return _cards(list(products.prefetch_related("media")[:limit]), channel)


def _render(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """Every shop page knows its channel and its canonical and per-language addresses."""
    context.setdefault("channel", current_channel(request))
    context["links"] = page_links(request)
    context["channels"] = [channel_for_slug(slug) for slug in ("vn", "export")]
    return render(request, template, context)


def _provinces_with_products(channel: Channel) -> list[dict]:
    """Provinces that have something on sale, with how many products come from each."""
    counts = (
        products_visible(channel=channel)
        .annotate(origin=Coalesce("origin_province_code", "stall__province_code"))
        .values("origin")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_code = {row["origin"]: row["n"] for row in counts}
    return [{"province": p, "count": by_code[p.code]} for p in provinces() if p.code in by_code]


@require_GET
@language_from_query
def home(request: HttpRequest) -> HttpResponse:
    """Seasonal specialties, OCOP highlights, new arrivals, categories and shop by province."""
    if request.GET.get("q"):
        # One address per result list: a search typed into the old home form lands on /search/.
        return HttpResponseRedirect(f"{reverse('storefront:search')}?{request.GET.urlencode()}")
    channel = current_channel(request)
    month = timezone.localdate().month
    context = {
        "channel": channel,
        "seasonal": _shelf(
            product_search(channel=channel, sort="name").filter(
                pk__in=products_in_season(channel=channel, month=month).values("pk")
            ),
            channel,
        ),
        "ocop": _shelf(product_search(channel=channel, ocop_stars=[5, 4], sort="newest"), channel),
        "newest": _shelf(product_search(channel=channel, sort="newest"), channel),
        "categories": [{"category": c, "label": category_label(c)} for c in _top_categories()],
        "provinces": _provinces_with_products(channel),
        "form": SearchForm({}, currency=channel.currency_code),
    }
    return _render(request, "storefront/home.html", context)


def _top_categories() -> list:
    return [c for c in categories_all() if c.parent_id is None]


def _listing(request: HttpRequest, *, category=None) -> dict:
    channel = current_channel(request)
    form = SearchForm(request.GET, currency=channel.currency_code, fixed_category=category)
    searching = bool(form.value("q"))
    products = product_search(channel=channel, **form.search_arguments(searching=searching))
    page = Paginator(products.prefetch_related("media"), PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "channel": channel,
        "form": form,
        "page": page,
        "cards": _cards(list(page.object_list), channel),
        "searching": searching,
        "query": form.value("q") or "",
    }


@require_GET
@language_from_query
def search(request: HttpRequest) -> HttpResponse:
    """Search with filters (category, province, OCOP stars, price, stock) and a sort order."""
    return _render(request, "storefront/search.html", _listing(request))


@require_GET
@language_from_query
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One category and everything below it, with the same filters as search."""
    category = category_by_slug(slug[:128])
    if category is None:
        raise Http404
    context = _listing(request, category=category)
    context["category"] = category
    context["category_label"] = category_label(category)
    context["parent_label"] = category_label(category.parent) if category.parent else ""
    context["subcategories"] = [{"category": c, "label": category_label(c)} for c in category.children.all()]
    return _render(request, "storefront/search.html", context)


def _variant_rows(product: Product, channel: Channel) -> list[dict]:
    """Each variant published in `channel`, with its price and whether units are left to sell."""
    listings = {
        listing.variant_id: listing
        for listing in channel.variant_listings.filter(variant__product=product, is_published=True)
    }
    rows = []
    for variant in product.variants.prefetch_related("stocks"):
        listing = listings.get(variant.pk)
        if listing is None:
            continue
        available = sum(s.quantity_available for s in variant.stocks.all())
        rows.append(
            {
                "variant": variant,
                "price": format_price(listing.price_amount, channel.currency_code),
                "amount": quantize(listing.price_amount, channel.currency_code),
                "available": available,
            }
        )
    return rows


def _product_json_ld(request: HttpRequest, product: Product, rows: list[dict], channel, images, rating):
    url = request.build_absolute_uri(reverse("storefront:product", args=[product.slug]))
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "url": url,
        "description": html_to_text(product.description)[:5000],
        "image": [request.build_absolute_uri(i["src"]) for i in images],
        "brand": {"@type": "Brand", "name": product.stall.name},
        "offers": [
            {
                "@type": "Offer",
                "sku": row["variant"].sku,
                **({"gtin14": row["variant"].gtin} if row["variant"].gtin else {}),
                "name": row["variant"].name or row["variant"].sku,
                "price": str(row["amount"]),
                "priceCurrency": channel.currency_code,
                "availability": "https://schema.org/InStock"
                if row["available"] > 0
                else "https://schema.org/OutOfStock",
                "url": url,
                "seller": {"@type": "Organization", "name": product.stall.name},
            }
            for row in rows
        ],
    }
    if rating is not None:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": str(rating.average),
            "reviewCount": rating.count,
            "bestRating": 5,
            "worstRating": 1,
        }
    return json_ld(data)


def _share_links(absolute_url: str) -> dict:
    """Plain share addresses (no third-party script loads on our page)."""
    encoded = quote(absolute_url, safe="")
    return {
        "zalo": f"https://sp.zalo.me/share?url={encoded}",
        "facebook": f"https://www.facebook.com/sharer/sharer.php?u={encoded}",
    }


@require_GET
@language_from_query
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Gallery, variants priced in the current channel, stock, OCOP certificate, origin, stall,
    delivery estimate, reviews and add to cart. A product sold only in another channel still
    shows (stamps link here), saying it is not sold in this one."""
    channel = current_channel(request)
    product = product_visible(channel=channel, slug=slug) or product_visible(
        channel=channel_for_slug(None), slug=slug
    )
    if product is None:
        raise Http404
    rows = _variant_rows(product, channel)
    media = list(product.media.all())
    images = [_image(m, 512, product.name) for m in media]
    certificate = product.ocop_certificate
    certificate = certificate if certificate and certificate.badge_visible() else None
    province = province_by_code(product.origin_province_code or product.stall.province_code)
    commune = commune_by_code(product.origin_commune_code) if product.origin_commune_code else None
    rating = review_summaries(product_ids=[product.pk]).get(product.pk)
    rating = rating if rating and rating.count else None
    absolute = request.build_absolute_uri(reverse("storefront:product", args=[product.slug]))
    context = {
        "channel": channel,
        "product": product,
        "category_label": category_label(product.category),
        "variants": rows,
        "in_stock": any(row["available"] > 0 for row in rows),
        "images": images,
        "og_image": request.build_absolute_uri(thumbnail_path(media[0].pk, 1024)) if media else "",
        "certificate": certificate,
        "province": province,
        "commune": commune,
        "estimate": delivery_estimate(stall_id=product.stall_id, channel=channel),
        "rating": rating,
        "summary": html_to_text(product.description)[:DESCRIPTION_LENGTH],
        "json_ld": _product_json_ld(request, product, rows, channel, images, rating),
        "share": _share_links(absolute),
        "reviews": product_reviews_block(request, product=product),
    }
    return _render(request, "storefront/product_detail.html", context)


@require_GET
@language_from_query
def stall_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A stall's profile, its products on sale and its OCOP certificates still in force."""
    stall = stall_public_by_slug(slug=slug[:200])
    if stall is None:
        raise Http404
    channel = current_channel(request)
    products = product_search(channel=channel, stall_ids=[stall.pk], sort="name")
    page = Paginator(products.prefetch_related("media"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "channel": channel,
        "stall": stall,
        "province": province_by_code(stall.province_code),
        "page": page,
        "cards": _cards(list(page.object_list), channel),
        "certificates": certificates_for_stall(stall=stall).filter(valid_certificate_q(prefix="")),
        "summary": html_to_text(stall.description)[:DESCRIPTION_LENGTH],
    }
    return _render(request, "storefront/stall_detail.html", context)


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawl the shop, not the back office; the sitemap lists what to index."""
    lines = [
        "User-agent: *",
        *(
            f"Disallow: {prefix}"
            for prefix in ("/dashboard/", "/accounts/", "/admin/", "/graphql/", "/i18n/")
        ),
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('storefront:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest, so phones can add the shop to their home screen."""
    data = {
        "name": "Nông Sàn — " + _("Vietnam's OCOP specialties"),
        "short_name": "Nông Sàn",
        "lang": request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else settings.LANGUAGE_CODE,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#fbfaf6",
        "theme_color": "#2f6b2f",
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": static("icons/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json; charset=utf-8"
    )

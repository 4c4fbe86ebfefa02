"""Consumer shop pages (server-rendered, mobile first): search the catalogue and view a product.

The full storefront (cart, checkout pages) arrives with its own issue; these pages already serve
the links the scan page and the GS1 resolver hand out (`/products/<slug>/`).
"""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from backend.catalog.selectors import channel_for_slug, product_search, product_visible
from backend.catalog.thumbnails import thumbnail_path
from backend.core.money import format_money
from backend.regions.selectors import province_by_code
from backend.stalls.selectors import stalls_public

PAGE_SIZE = 24
SORTS = {
    "name": ("name", False),
    "price": ("price", False),
    "price-desc": ("price", True),
    "newest": ("newest", False),
}


def _card(product, channel, language: str) -> dict:
    media = next(iter(product.media.all()), None)
    return {
        "product": product,
        "price": format_money(product.min_price, channel.currency_code, language)
        if product.min_price is not None
        else "",
        "thumbnail": thumbnail_path(media.pk, 256) if media else "",
    }


def home(request: HttpRequest) -> HttpResponse:
    """Search box, sort and a page of products; the stalls below."""
    channel = channel_for_slug(None)
    query = request.GET.get("q", "")[:100]
    sort, descending = SORTS.get(request.GET.get("sort", ""), SORTS["name"])
    products = product_search(
        channel=channel, search=query, sort=sort, descending=descending
    ).prefetch_related("media")
    page = Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    language = get_language() or "vi"
    context = {
        "query": query,
        "sort": request.GET.get("sort", "name"),
        "page": page,
        "cards": [_card(p, channel, language) for p in page.object_list],
        "stalls": stalls_public().order_by("name")[:24] if not query else [],
    }
    return render(request, "storefront/home.html", context)


def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One product with its variants' prices in the default channel."""
    channel = channel_for_slug(None)
    product = product_visible(channel=channel, slug=slug)
    if product is None:
        raise Http404
    language = get_language() or "vi"
    listings = {
        listing.variant_id: listing
        for listing in channel.variant_listings.filter(variant__product=product, is_published=True)
    }
    variants = [
        {"variant": v, "price": format_money(listings[v.pk].price_amount, channel.currency_code, language)}
        for v in product.variants.all()
        if v.pk in listings
    ]
    certificate = product.ocop_certificate
    province = province_by_code(product.origin_province_code or product.stall.province_code)
    context = {
        "product": product,
        "variants": variants,
        "images": [thumbnail_path(m.pk, 1024) for m in product.media.all()],
        "ocop_stars": certificate.stars if certificate and certificate.badge_visible() else None,
        "province": province,
    }
    return render(request, "storefront/product_detail.html", context)

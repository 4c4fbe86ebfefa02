"""Cooperative dashboard for the catalog: products, variants, prices, photos, stock, warehouses, import.

Every page resolves the stall through `stall_access` (members write, officials of the province only
read, everyone else 404) and every product, variant or photo through the catalog's scoped selectors.
Each POST calls one catalog action and redirects; a refusal is shown on the form in the user's language.
"""

import csv
import io
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Sum
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backend.catalog.actions import (
    product_create,
    product_delete,
    product_media_create,
    product_media_delete,
    product_update,
    stocks_update,
    variant_channel_listings_set,
    variant_create,
    variant_delete,
    variant_update,
    warehouse_create,
)
from backend.catalog.importing import COLUMNS, MAX_IMPORT_ROWS, products_import
from backend.catalog.models import Product, ProductMedia, ProductVariant, VariantChannelListing
from backend.catalog.selectors import (
    categories_all,
    channels_active,
    media_for_member,
    products_for_stall,
    products_in_categories,
    products_with_stock,
    variant_for_member,
    warehouses_for_stall,
)
from backend.catalog.thumbnails import thumbnail_path
from backend.core.errors import DomainError
from backend.core.money import format_money
from backend.core.text import fold
from backend.dashboard.catalog.forms import (
    ImportForm,
    MediaForm,
    PricesForm,
    ProductFilterForm,
    ProductForm,
    StockForm,
    VariantForm,
    WarehouseForm,
    categories_in_tree_order,
    category_choice_label,
    category_label,
)
from backend.dashboard.errors import add_domain_error, import_error_message
from backend.dashboard.shortcuts import stall_render
from backend.dashboard.stall.access import StallAccess, stall_access
from backend.regions.selectors import commune_by_code, communes_in, province_by_code
from backend.stalls.selectors import stalls_for_member

PAGE_SIZE = 50
LIST_THUMBNAIL = 64
GALLERY_THUMBNAIL = 256
# The product page holds the product form and the new-variant form; both have a `name` field.
NEW_VARIANT_PREFIX = "variant"


def _form_status(request: HttpRequest) -> int:
    """A POST that came back with errors answers 400, so tests and scripts see the refusal."""
    return 400 if request.method == "POST" else 200


def _product(access: StallAccess, product_id: int) -> Product:
    """A product of the stall `stall_access` resolved (members, or officials reading), else 404."""
    product = products_for_stall(stall=access.stall).filter(pk=product_id).first()
    if product is None:
        raise Http404
    return product


def _variant(request: HttpRequest, product: Product, variant_id: int) -> ProductVariant:
    variant = variant_for_member(user=request.user, variant_id=variant_id)
    if variant is None or variant.product_id != product.pk:
        raise Http404
    return variant


@dataclass(frozen=True)
class Photo:
    media: ProductMedia
    url: str  # a WebP thumbnail, not the uploaded original


def _photo(media: ProductMedia | None, size: int) -> Photo | None:
    return Photo(media=media, url=thumbnail_path(media.pk, size)) if media else None


@dataclass(frozen=True)
class VariantRow:
    variant: ProductVariant
    prices: list[str]  # "120.000 ₫ (vn)", unpublished ones marked
    stock: int
    available: int


def _variant_rows(variants) -> list[VariantRow]:
    language = get_language()
    hidden = _("hidden")
    rows = []
    for variant in variants:
        prices = []
        for listing in variant.listings.all():
            price = format_money(listing.price_amount, listing.currency, language)
            label = f"{price} · {listing.channel.name}"
            prices.append(label if listing.is_published else f"{label} ({hidden})")
        stock = sum(s.quantity for s in variant.stocks.all())
        allocated = sum(s.quantity_allocated for s in variant.stocks.all())
        rows.append(VariantRow(variant=variant, prices=prices, stock=stock, available=stock - allocated))
    return rows


def _with_variant_details(products):
    variants = ProductVariant.objects.prefetch_related(
        Prefetch(
            "listings",
            queryset=VariantChannelListing.objects.select_related("channel").order_by("channel_id"),
        ),
        "stocks",
    )
    return products.prefetch_related(Prefetch("variants", queryset=variants), "media")


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """/dashboard/catalog/: the first of the user's stalls (the switcher links to the others)."""
    stall = stalls_for_member(user=request.user).order_by("name").first()
    if stall is None:
        return redirect("dashboard:home")
    return redirect("dashboard:catalog:product_list", stall_id=stall.pk)


@login_required
@require_GET
def product_list(request: HttpRequest, stall_id: int) -> HttpResponse:
    access = stall_access(request, stall_id)
    filter_form = ProductFilterForm(request.GET)
    filters = filter_form.filters()
    query = filters["query"]
    products = products_for_stall(stall=access.stall).order_by("name", "pk")
    for word in fold(query).split()[:10]:
        products = products.filter(search_document__contains=word)
    if filters["category_id"] is not None:
        products = products_in_categories(products, categories=[filters["category_id"]])
    if filters["in_stock"] is not None:
        # Every variant counts here, published or not: the stall's own view of what it holds.
        products = products_with_stock(products, in_stock=filters["in_stock"])
    page = Paginator(_with_variant_details(products), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "product": product,
            "category": category_label(product.category),
            "variants": _variant_rows(product.variants.all()),
            "photo": _photo(next(iter(product.media.all()), None), LIST_THUMBNAIL),
        }
        for product in page
    ]
    filtered = query or filters["category_id"] is not None or filters["in_stock"] is not None
    context = {
        "rows": rows,
        "page": page,
        "query": query,
        "filter_form": filter_form,
        "filtered": filtered,
        # The pager keeps the filters: every parameter but `page`.
        "filter_params": urlencode({k: v for k, v in request.GET.items() if k != "page" and v}),
    }
    return stall_render(request, "dashboard/catalog/product_list.html", access, context)


@login_required
@require_http_methods(["GET", "POST"])
def product_new(request: HttpRequest, stall_id: int) -> HttpResponse:
    access = stall_access(request, stall_id, write=True)
    form = ProductForm(request.POST or None, stall=access.stall)
    if request.method == "POST" and form.is_valid():
        try:
            product = product_create(stall=access.stall, **form.action_fields())
        except DomainError as error:
            add_domain_error(form, error, fields=_PRODUCT_FIELDS)
        else:
            messages.success(request, _("Product created. Now add a variant with its price and stock."))
            return redirect("dashboard:catalog:product_edit", stall_id=stall_id, product_id=product.pk)
    return stall_render(
        request, "dashboard/catalog/product_form.html", access, {"form": form}, status=_form_status(request)
    )


# Product action fields (API style, snake-cased) that have another name on the dashboard form.
_PRODUCT_FIELDS = {"origin_province": "origin_province_code", "origin_commune": "origin_commune_code"}


def _product_initial(product: Product) -> dict:
    return {
        "name": product.name,
        "category": product.category_id,
        "description": product.description,
        "packaging": (product.attributes or {}).get("packaging", ""),
        "ocop_certificate": product.ocop_certificate_id,
        "origin_province_code": product.origin_province_code,
        "origin_commune_code": product.origin_commune_code,
    }


def _product_page(request, access, product, *, form=None, variant_form=None, media_form=None, status=200):
    product = _with_variant_details(Product.objects.filter(pk=product.pk)).select_related("category").get()
    province = province_by_code(product.origin_province_code) if product.origin_province_code else None
    commune = commune_by_code(product.origin_commune_code) if product.origin_commune_code else None
    form = form or ProductForm(initial=_product_initial(product), stall=access.stall)
    if not access.can_write:
        # Officials read the details through the same fields, disabled; the write forms are left out.
        for field in form.fields.values():
            field.disabled = True
    context = {
        "product": product,
        "form": form,
        "variant_form": variant_form or VariantForm(prefix=NEW_VARIANT_PREFIX),
        "media_form": media_form or MediaForm(),
        "variants": _variant_rows(product.variants.all()),
        "photos": [_photo(media, GALLERY_THUMBNAIL) for media in product.media.all()],
        "origin": ", ".join(area.name for area in (commune, province) if area),
    }
    return stall_render(request, "dashboard/catalog/product_edit.html", access, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, stall_id: int, product_id: int) -> HttpResponse:
    """The product page: members edit it; officials of the stall's province read it (403 on POST)."""
    access = stall_access(request, stall_id, write=request.method == "POST")
    product = _product(access, product_id)
    if request.method == "GET":
        return _product_page(request, access, product)
    form = ProductForm(request.POST, stall=access.stall, initial=_product_initial(product))
    if form.is_valid():
        try:
            product_update(product=product, **form.action_fields(product.attributes))
        except DomainError as error:
            add_domain_error(form, error, fields=_PRODUCT_FIELDS)
        else:
            messages.success(request, _("Product saved."))
            return redirect("dashboard:catalog:product_edit", stall_id=stall_id, product_id=product.pk)
    return _product_page(request, access, product, form=form, status=400)


@login_required
@require_POST
def product_remove(request: HttpRequest, stall_id: int, product_id: int) -> HttpResponse:
    access = stall_access(request, stall_id, write=True)
    product = _product(access, product_id)
    product_delete(product=product)
    messages.success(request, _("Product deleted."))
    return redirect("dashboard:catalog:product_list", stall_id=stall_id)


@login_required
@require_POST
def variant_new(request: HttpRequest, stall_id: int, product_id: int) -> HttpResponse:
    access = stall_access(request, stall_id, write=True)
    product = _product(access, product_id)
    form = VariantForm(request.POST, prefix=NEW_VARIANT_PREFIX)
    if form.is_valid():
        try:
            variant = variant_create(product=product, **form.action_fields())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Variant added. Set its prices and stock."))
            return _to_variant_page(variant)
    return _product_page(request, access, product, variant_form=form, status=400)


def _variant_page(
    request, access, product, variant, *, form=None, prices_form=None, stock_form=None, status=200
):
    channels = list(channels_active())
    warehouses = list(warehouses_for_stall(stall=access.stall))
    listings = {listing.channel_id: listing for listing in variant.listings.all()}
    quantities = {stock.warehouse_id: stock.quantity for stock in variant.stocks.all()}
    context = {
        "product": product,
        "variant": variant,
        "form": form
        or VariantForm(
            initial={
                "sku": variant.sku,
                "name": variant.name,
                "gtin": variant.gtin or "",
                "weight_grams": variant.weight_grams,
            }
        ),
        "prices_form": prices_form or PricesForm(channels=channels, listings=listings),
        "stock_form": stock_form or StockForm(warehouses=warehouses, quantities=quantities),
        "stock_total": variant.stocks.aggregate(total=Sum("quantity"))["total"] or 0,
    }
    return stall_render(request, "dashboard/catalog/variant_edit.html", access, context, status=status)


def _to_variant_page(variant: ProductVariant) -> HttpResponse:
    """After a successful POST on a variant, back to its page (post/redirect/get)."""
    return redirect(
        "dashboard:catalog:variant_edit",
        stall_id=variant.stall_id,
        product_id=variant.product_id,
        variant_id=variant.pk,
    )


def _variant_context(request: HttpRequest, stall_id: int, product_id: int, variant_id: int):
    access = stall_access(request, stall_id, write=True)
    product = _product(access, product_id)
    return access, product, _variant(request, product, variant_id)


@login_required
@require_http_methods(["GET", "POST"])
def variant_edit(request: HttpRequest, stall_id: int, product_id: int, variant_id: int) -> HttpResponse:
    access, product, variant = _variant_context(request, stall_id, product_id, variant_id)
    if request.method == "GET":
        return _variant_page(request, access, product, variant)
    form = VariantForm(request.POST)
    if form.is_valid():
        try:
            variant_update(variant=variant, **form.action_fields())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Variant saved."))
            return _to_variant_page(variant)
    variant.refresh_from_db()
    return _variant_page(request, access, product, variant, form=form, status=400)


@login_required
@require_POST
def variant_prices(request: HttpRequest, stall_id: int, product_id: int, variant_id: int) -> HttpResponse:
    access, product, variant = _variant_context(request, stall_id, product_id, variant_id)
    form = PricesForm(request.POST, channels=list(channels_active()), listings={})
    if form.is_valid():
        try:
            variant_channel_listings_set(
                variant=variant, prices=list(form.prices()), remove=list(form.removals())
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Prices saved."))
            return _to_variant_page(variant)
    return _variant_page(request, access, product, variant, prices_form=form, status=400)


@login_required
@require_POST
def variant_stock(request: HttpRequest, stall_id: int, product_id: int, variant_id: int) -> HttpResponse:
    access, product, variant = _variant_context(request, stall_id, product_id, variant_id)
    form = StockForm(request.POST, warehouses=list(warehouses_for_stall(stall=access.stall)), quantities={})
    if form.is_valid():
        try:
            stocks_update(variant=variant, stocks=form.stocks())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Stock saved."))
            return _to_variant_page(variant)
    return _variant_page(request, access, product, variant, stock_form=form, status=400)


@login_required
@require_POST
def variant_remove(request: HttpRequest, stall_id: int, product_id: int, variant_id: int) -> HttpResponse:
    _access, _product_obj, variant = _variant_context(request, stall_id, product_id, variant_id)
    variant_delete(variant=variant)
    messages.success(request, _("Variant deleted."))
    return redirect("dashboard:catalog:product_edit", stall_id=stall_id, product_id=product_id)


@login_required
@require_POST
def media_new(request: HttpRequest, stall_id: int, product_id: int) -> HttpResponse:
    access = stall_access(request, stall_id, write=True)
    product = _product(access, product_id)
    form = MediaForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            product_media_create(
                product=product, upload=form.cleaned_data["image"], alt=form.cleaned_data["alt"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Photo added."))
            return redirect("dashboard:catalog:product_edit", stall_id=stall_id, product_id=product_id)
    return _product_page(request, access, product, media_form=form, status=400)


@login_required
@require_POST
def media_remove(request: HttpRequest, stall_id: int, product_id: int, media_id: int) -> HttpResponse:
    access = stall_access(request, stall_id, write=True)
    product = _product(access, product_id)
    media = media_for_member(user=request.user, media_id=media_id)
    if media is None or media.product_id != product.pk:
        raise Http404
    product_media_delete(media=media)
    messages.success(request, _("Photo removed."))
    return redirect("dashboard:catalog:product_edit", stall_id=stall_id, product_id=product_id)


@login_required
@require_http_methods(["GET", "POST"])
def warehouses(request: HttpRequest, stall_id: int) -> HttpResponse:
    access = stall_access(request, stall_id, write=request.method == "POST")
    initial = {"province_code": access.stall.province_code, "commune_code": access.stall.commune_code}
    form = WarehouseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            warehouse_create(stall=access.stall, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Warehouse created."))
            return redirect("dashboard:catalog:warehouses", stall_id=stall_id)
    rows = [
        {
            "warehouse": warehouse,
            "area": ", ".join(
                area.name
                for area in (
                    commune_by_code(warehouse.commune_code),
                    province_by_code(warehouse.province_code),
                )
                if area
            ),
        }
        for warehouse in warehouses_for_stall(stall=access.stall)
    ]
    return stall_render(
        request,
        "dashboard/catalog/warehouses.html",
        access,
        {"rows": rows, "form": form},
        status=_form_status(request),
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_import(request: HttpRequest, stall_id: int) -> HttpResponse:
    access = stall_access(request, stall_id, write=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        result = products_import(stall=access.stall, data=form.cleaned_data["file"].read())
        if result.ok:
            messages.success(
                request,
                _("Imported %(products)d products with %(variants)d variants.")
                % {"products": result.products_created, "variants": result.variants_created},
            )
            return redirect("dashboard:catalog:product_list", stall_id=stall_id)
        report = [
            {"row": error.row, "column": error.column, "message": import_error_message(error)}
            for error in result.errors
        ]
    context = {
        "form": form,
        "report": report,
        "columns": COLUMNS,
        "max_rows": MAX_IMPORT_ROWS,
        "categories": [(c.slug, category_choice_label(c)) for c in categories_in_tree_order()],
        "warehouses": warehouses_for_stall(stall=access.stall),
    }
    return stall_render(
        request, "dashboard/catalog/import.html", access, context, status=_form_status(request)
    )


TEMPLATE_EXAMPLES = (
    ("Kẹo dừa sáp", "Kẹo dừa nấu thủ công.", "KD-250", "Hộp 250 g", "", "250", "45000", "", "100"),
    ("Kẹo dừa sáp", "", "KD-500", "Hộp 500 g", "", "500", "85000", "4.50", "40"),
)


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """A CSV with the header and two example rows, with a BOM so Excel reads the Vietnamese text."""
    category = categories_all().exclude(parent=None).first() or categories_all().first()
    slug = category.slug if category else "category-slug"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for name, description, sku, variant, gtin, weight, vnd, usd, quantity in TEMPLATE_EXAMPLES:
        writer.writerow([name, slug, description, sku, variant, gtin, weight, vnd, usd, quantity, ""])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="nongsan-products-template.csv"'
    return response


@login_required
@require_GET
def communes(request: HttpRequest) -> JsonResponse:
    """The communes of one province, for the province → commune pickers."""
    code = request.GET.get("province", "")
    found = communes_in(int(code)) if code.isdigit() and province_by_code(int(code)) else []
    return JsonResponse({"communes": [{"code": c.code, "name": c.name} for c in found]})

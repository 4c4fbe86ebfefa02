"""Checkout writes: lines, email, address and delivery per stall (completion is in `complete.py`)."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from backend.accounts.models import User
from backend.accounts.validators import normalize_vn_phone
from backend.checkout import selectors
from backend.checkout.error_codes import CheckoutErrorCode
from backend.checkout.models import Checkout, CheckoutDelivery, CheckoutLine, SavedAddress
from backend.core.errors import DomainError
from backend.discounts.selectors import code_normalize, voucher_for_code
from backend.regions.legacy import LEGACY_PROVINCES
from backend.regions.selectors import address_area_validate

MAX_LINES = 100
MAX_QUANTITY = 1000
MAX_SAVED_ADDRESSES = 20


@dataclass(frozen=True)
class LineInput:
    variant_id: int
    quantity: int


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise DomainError(CheckoutErrorCode.INVALID_EMAIL, "Enter a valid email address.", "email") from exc
    return email


def _check_quantity(quantity: int) -> None:
    if quantity < 0 or quantity > MAX_QUANTITY:
        raise DomainError(
            CheckoutErrorCode.INVALID_QUANTITY, f"Quantity must be between 1 and {MAX_QUANTITY}.", "quantity"
        )


def _merge(lines: Sequence[LineInput]) -> dict[int, int]:
    merged: dict[int, int] = {}
    for line in lines:
        _check_quantity(line.quantity)
        merged[line.variant_id] = merged.get(line.variant_id, 0) + line.quantity
    return merged


def _set_quantities(*, checkout: Checkout, quantities: dict[int, int]) -> None:
    """Write the wanted quantity per variant (0 removes), refusing unlisted variants and overselling."""
    for quantity in quantities.values():
        # The sum of added quantities may pass the limit, and updates set quantities directly.
        _check_quantity(quantity)
    wanted = {vid: qty for vid, qty in quantities.items() if qty > 0}
    purchasable = selectors.variants_purchasable(channel=checkout.channel, variant_ids=wanted)
    for variant_id in wanted:
        if variant_id not in purchasable:
            raise DomainError(
                CheckoutErrorCode.VARIANT_NOT_AVAILABLE,
                "This product is not for sale in this channel.",
                "variantId",
            )
    available = selectors.stock_available(variant_ids=wanted)
    for variant_id, quantity in wanted.items():
        if quantity > available.get(variant_id, 0):
            variant = purchasable[variant_id]
            raise DomainError(
                CheckoutErrorCode.INSUFFICIENT_STOCK,
                f"Only {available.get(variant_id, 0)} of {variant.product.name} ({variant.sku}) in stock.",
                "quantity",
            )
    existing = {line.variant_id: line for line in checkout.lines.all()}
    if len(existing.keys() | wanted.keys()) > MAX_LINES:
        raise DomainError(
            CheckoutErrorCode.TOO_MANY_LINES, f"A checkout holds at most {MAX_LINES} lines.", "lines"
        )
    for variant_id, quantity in quantities.items():
        line = existing.get(variant_id)
        if quantity == 0:
            if line is not None:
                line.delete()
        elif line is None:
            CheckoutLine.objects.create(checkout=checkout, variant_id=variant_id, quantity=quantity)
        elif line.quantity != quantity:
            line.quantity = quantity
            line.save(update_fields=["quantity"])
    _drop_orphan_deliveries(checkout=checkout)
    checkout.save(update_fields=["updated_at"])


def _drop_orphan_deliveries(*, checkout: Checkout) -> None:
    stall_ids = checkout.lines.values_list("variant__stall_id", flat=True)
    checkout.deliveries.exclude(stall_id__in=stall_ids).delete()


def checkout_create(
    *, channel_slug: str, email: str, lines: Sequence[LineInput], user: User | AnonymousUser
) -> Checkout:
    channel = selectors.channel_active(slug=channel_slug)
    if channel is None:
        raise DomainError(CheckoutErrorCode.INVALID_CHANNEL, f"Unknown channel {channel_slug!r}.", "channel")
    if email:
        email = _clean_email(email)
    elif user.is_authenticated:
        email = user.email
    merged = _merge(lines)
    with transaction.atomic():
        checkout = Checkout.objects.create(
            channel=channel, email=email, user=user if user.is_authenticated else None
        )
        _set_quantities(checkout=checkout, quantities=merged)
    return checkout


def checkout_lines_add(*, checkout: Checkout, lines: Sequence[LineInput]) -> Checkout:
    """Add quantities to what the checkout already holds."""
    added = _merge(lines)
    with transaction.atomic():
        current = dict(checkout.lines.values_list("variant_id", "quantity"))
        _set_quantities(
            checkout=checkout, quantities={vid: current.get(vid, 0) + qty for vid, qty in added.items()}
        )
    return checkout


def checkout_lines_update(*, checkout: Checkout, lines: Sequence[LineInput]) -> Checkout:
    """Set the quantity of each given variant; 0 removes the line."""
    with transaction.atomic():
        _set_quantities(checkout=checkout, quantities={line.variant_id: line.quantity for line in lines})
    return checkout


def checkout_lines_delete(*, checkout: Checkout, line_ids: Sequence[int]) -> Checkout:
    with transaction.atomic():
        checkout.lines.filter(pk__in=list(line_ids)).delete()
        _drop_orphan_deliveries(checkout=checkout)
        checkout.save(update_fields=["updated_at"])
    return checkout


def checkout_user_attach(*, checkout: Checkout, user: User) -> Checkout:
    """A guest's checkout becomes the buyer's when they sign in (their email unless one was given)."""
    with transaction.atomic():
        # Lock so two sign-ins racing on one session attach the checkout once, to one buyer.
        locked = Checkout.objects.select_for_update().get(pk=checkout.pk)
        if locked.user_id is None:
            locked.user = user
            locked.email = locked.email or user.email
            locked.save(update_fields=["user", "email", "updated_at"])
    checkout.user_id, checkout.email = locked.user_id, locked.email
    return checkout


def checkout_user_detach(*, checkout: Checkout) -> Checkout:
    """The buyer lets go of their checkout: from now on its token alone opens it."""
    checkout.user = None
    checkout.save(update_fields=["user", "updated_at"])
    return checkout


def checkout_email_update(*, checkout: Checkout, email: str) -> Checkout:
    checkout.email = _clean_email(email)
    checkout.save(update_fields=["email", "updated_at"])
    return checkout


def address_clean(*, full_name: str, phone: str, street: str, province_code: int, commune_code: int) -> dict:
    """A Vietnamese delivery address checked against the communes in force since 1 July 2025."""
    full_name, street = (full_name or "").strip(), (street or "").strip()
    if not full_name:
        raise DomainError(CheckoutErrorCode.REQUIRED, "Enter the recipient's name.", "fullName")
    if not street:
        raise DomainError(CheckoutErrorCode.REQUIRED, "Enter the street address.", "street")
    try:
        phone = normalize_vn_phone(phone)
    except ValidationError as exc:
        raise DomainError(CheckoutErrorCode.INVALID_PHONE, str(exc.messages[0]), "phone") from exc
    if not phone:
        raise DomainError(CheckoutErrorCode.INVALID_PHONE, "Enter a phone number.", "phone")
    try:
        address_area_validate(province_code=province_code, commune_code=commune_code)
    except DomainError as exc:
        code = CheckoutErrorCode[exc.code.name]
        if code is CheckoutErrorCode.UNKNOWN_PROVINCE and int(province_code) in LEGACY_PROVINCES:
            code = CheckoutErrorCode.LEGACY_PROVINCE_CODE
        raise DomainError(
            code, exc.message, "provinceCode" if exc.field == "province" else "communeCode"
        ) from exc
    return {
        "full_name": full_name,
        "phone": phone,
        "street": street,
        "province_code": int(province_code),
        "commune_code": int(commune_code),
    }


def checkout_shipping_address_update(
    *, checkout: Checkout, full_name: str, phone: str, street: str, province_code: int, commune_code: int
) -> Checkout:
    address = address_clean(
        full_name=full_name,
        phone=phone,
        street=street,
        province_code=province_code,
        commune_code=commune_code,
    )
    for name, value in address.items():
        setattr(checkout, name, value)
    checkout.save(update_fields=[*address, "updated_at"])
    return checkout


def checkout_delivery_method_update(*, checkout: Checkout, shipping_method_id: int) -> Checkout:
    """Choose how one stall's lines travel; the method's stall tells which stall the choice is for."""
    summary = selectors.checkout_summary(checkout=checkout)
    for group in summary.groups:
        if any(quote.method.pk == shipping_method_id for quote in group.quotes):
            CheckoutDelivery.objects.update_or_create(
                checkout=checkout,
                stall=group.stall,
                defaults={"shipping_method_id": shipping_method_id},
            )
            checkout.save(update_fields=["updated_at"])
            return checkout
    raise DomainError(
        CheckoutErrorCode.DELIVERY_METHOD_INVALID,
        "This delivery method is not offered for the items in this checkout.",
        "deliveryMethodId",
    )


def checkout_promo_code_add(*, checkout: Checkout, promo_code: str, user: User | AnonymousUser) -> Checkout:
    """Put a voucher on the checkout once it applies to the cart as it is now (one code at a time)."""
    voucher = voucher_for_code(code=promo_code)
    if voucher is None:
        raise DomainError(CheckoutErrorCode.INVALID, "This promo code is not valid.", "promoCode")
    checkout.voucher = voucher
    summary = selectors.checkout_summary(checkout=checkout)
    try:
        selectors.checkout_voucher_discount(checkout=checkout, groups=summary.groups, user=user)
    except DomainError as exc:
        checkout.refresh_from_db(fields=["voucher"])
        raise DomainError(CheckoutErrorCode[exc.code.name], exc.message, exc.field) from exc
    checkout.save(update_fields=["voucher", "updated_at"])
    return checkout


def checkout_promo_code_remove(*, checkout: Checkout, promo_code: str = "") -> Checkout:
    """Take the voucher off (when `promo_code` is given, only if it is the checkout's code)."""
    if checkout.voucher_id is None:
        return checkout
    if promo_code and code_normalize(promo_code) != checkout.voucher.code:
        raise DomainError(CheckoutErrorCode.NOT_FOUND, "This promo code is not on the checkout.", "promoCode")
    checkout.voucher = None
    checkout.save(update_fields=["voucher", "updated_at"])
    return checkout


def _default_set(*, user: User, address: SavedAddress) -> None:
    SavedAddress.objects.filter(user=user, is_default=True).exclude(pk=address.pk).update(is_default=False)
    address.is_default = True
    address.save(update_fields=["is_default"])


def saved_address_create(
    *,
    user: User,
    full_name: str,
    phone: str,
    street: str,
    province_code: int,
    commune_code: int,
    is_default: bool = False,
) -> SavedAddress:
    """Add an address to the buyer's book (checked like a checkout address); the first is the default."""
    address = address_clean(
        full_name=full_name,
        phone=phone,
        street=street,
        province_code=province_code,
        commune_code=commune_code,
    )
    with transaction.atomic():
        # Lock the buyer's row: two saves at once could both pass the limit or both be the default.
        User.objects.select_for_update().filter(pk=user.pk).first()
        count = SavedAddress.objects.filter(user=user).count()
        if count >= MAX_SAVED_ADDRESSES:
            raise DomainError(
                CheckoutErrorCode.TOO_MANY_ADDRESSES,
                f"An address book holds at most {MAX_SAVED_ADDRESSES} addresses.",
                "address",
            )
        saved = SavedAddress.objects.create(user=user, **address)
        if is_default or count == 0:
            _default_set(user=user, address=saved)
    return saved


def saved_address_update(
    *,
    address: SavedAddress,
    full_name: str,
    phone: str,
    street: str,
    province_code: int,
    commune_code: int,
    is_default: bool = False,
) -> SavedAddress:
    cleaned = address_clean(
        full_name=full_name,
        phone=phone,
        street=street,
        province_code=province_code,
        commune_code=commune_code,
    )
    with transaction.atomic():
        for name, value in cleaned.items():
            setattr(address, name, value)
        address.save(update_fields=list(cleaned))
        if is_default:
            User.objects.select_for_update().filter(pk=address.user_id).first()
            _default_set(user=address.user, address=address)
    return address


def saved_address_default_set(*, address: SavedAddress) -> SavedAddress:
    """Make `address` its buyer's default (one default serves delivery and billing)."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=address.user_id).first()
        _default_set(user=address.user, address=address)
    return address


def saved_address_delete(*, address: SavedAddress) -> None:
    """Remove an address; when it was the default, the oldest remaining one becomes the default."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=address.user_id).first()
        was_default = address.is_default
        address.delete()
        if was_default:
            successor = SavedAddress.objects.filter(user_id=address.user_id).order_by("pk").first()
            if successor is not None:
                _default_set(user=successor.user, address=successor)

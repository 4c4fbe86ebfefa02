"""Checkout reads: find a checkout by token for its holder, and price it grouped by stall."""

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from backend.accounts.models import User
from backend.catalog.models import Channel, ProductVariant, Stock, VariantChannelListing
from backend.checkout.models import Checkout, CheckoutLine, SavedAddress, ShippingMethod
from backend.checkout.shipping import DeliveryQuote, Parcel, provider_for
from backend.core.errors import DomainError
from backend.discounts.pricing import VoucherDiscount, voucher_discount
from backend.orders.models import DeliveryKind
from backend.stalls.models import Stall, StallStatus


def checkout_for_token(*, token: str | uuid.UUID, user: User | AnonymousUser) -> Checkout | None:
    """The checkout the caller holds: guests by token alone; a signed-in buyer's only for that buyer."""
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return None
    checkout = Checkout.objects.select_related("channel").filter(token=token).first()
    if checkout is None:
        return None
    if checkout.user_id is not None and (not user.is_authenticated or user.pk != checkout.user_id):
        return None
    return checkout


def checkouts_for_tokens(*, tokens: Iterable[str]) -> list[Checkout]:
    """The checkouts behind these tokens (malformed ones skipped); the caller checks whose they are."""
    valid = []
    for token in tokens:
        try:
            valid.append(uuid.UUID(str(token)))
        except ValueError:
            continue
    return list(Checkout.objects.select_related("channel").filter(token__in=valid))


def checkouts_latest_for_user(*, user: User) -> list[Checkout]:
    """The buyer's most recently changed checkout in each channel."""
    latest: dict[int, Checkout] = {}
    for checkout in Checkout.objects.select_related("channel").filter(user=user).order_by("-updated_at")[:50]:
        latest.setdefault(checkout.channel_id, checkout)
    return list(latest.values())


def checkout_units(*, token: str | uuid.UUID, user: User | AnonymousUser) -> int:
    """Units in the checkout the caller holds (the rule of `checkout_for_token`), in one query."""
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return 0
    owner = Q(checkout__user__isnull=True)
    if user.is_authenticated:
        owner |= Q(checkout__user=user)
    total = CheckoutLine.objects.filter(owner, checkout__token=token).aggregate(units=Sum("quantity"))
    return total["units"] or 0


def saved_addresses_for(*, user: User | AnonymousUser) -> QuerySet[SavedAddress]:
    """The buyer's address book, default first."""
    if not user.is_authenticated:
        return SavedAddress.objects.none()
    return SavedAddress.objects.filter(user=user)


def saved_address_for(*, user: User | AnonymousUser, address_id: int) -> SavedAddress | None:
    """One of the buyer's own addresses; another buyer's looks missing."""
    return saved_addresses_for(user=user).filter(pk=address_id).first()


def channel_active(*, slug: str) -> Channel | None:
    return Channel.objects.filter(slug=slug, is_active=True).first()


def variants_purchasable(*, channel: Channel, variant_ids: Iterable[int]) -> dict[int, ProductVariant]:
    """Variants published in the channel by a selling stall, each with `listing` set to its price row."""
    listings = VariantChannelListing.objects.filter(channel=channel, is_published=True)
    variants = (
        ProductVariant.objects.filter(
            pk__in=list(variant_ids),
            listings__channel=channel,
            listings__is_published=True,
            stall__status=StallStatus.APPROVED,
        )
        .select_related("product", "stall")
        .prefetch_related(Prefetch("listings", queryset=listings, to_attr="channel_listings"))
    )
    result = {}
    for variant in variants:
        variant.listing = variant.channel_listings[0]
        result[variant.pk] = variant
    return result


def stock_available(*, variant_ids: Iterable[int]) -> dict[int, int]:
    """Units not yet promised to open orders, per variant (a hint; completion re-checks under locks)."""
    rows = (
        Stock.objects.filter(variant_id__in=list(variant_ids))
        .values("variant_id")
        .annotate(available=Sum(F("quantity") - F("quantity_allocated")))
    )
    return {row["variant_id"]: row["available"] or 0 for row in rows}


def shipping_methods_for(*, stall_ids: Iterable[int], channel: Channel) -> QuerySet[ShippingMethod]:
    return ShippingMethod.objects.filter(
        stall_id__in=list(stall_ids), channel=channel, is_active=True
    ).prefetch_related("tiers")


@dataclass(frozen=True)
class DeliveryEstimate:
    """Days from the order to delivery, as the stall states them for its delivery method."""

    min_days: int
    max_days: int


def delivery_estimate(*, stall_id: int, channel: Channel) -> DeliveryEstimate | None:
    """The fastest stated range among the stall's active delivery methods in the channel (pickup
    excluded: the buyer fetches it); None when the stall states none."""
    fastest = (
        ShippingMethod.objects.filter(
            stall_id=stall_id, channel=channel, is_active=True, min_days__isnull=False
        )
        .exclude(kind=DeliveryKind.PICKUP)
        .order_by("max_days", "min_days", "pk")
        .values_list("min_days", "max_days")
        .first()
    )
    return DeliveryEstimate(min_days=fastest[0], max_days=fastest[1]) if fastest else None


@dataclass
class LineSummary:
    line: CheckoutLine
    variant: ProductVariant
    unit_price: Decimal | None
    quantity_available: int
    currency: str

    @property
    def is_available(self) -> bool:
        return self.unit_price is not None

    @property
    def total(self) -> Decimal:
        return (self.unit_price or Decimal(0)) * self.line.quantity


@dataclass
class StallGroup:
    stall: Stall
    currency: str
    lines: list[LineSummary] = field(default_factory=list)
    quotes: list[DeliveryQuote] = field(default_factory=list)
    selected: DeliveryQuote | None = None
    # True when `selected` is the cheapest delivery standing in until the buyer chooses for this stall.
    selected_by_default: bool = False
    # This stall's share of the voucher discount (a stall voucher: all of it, on its own lines).
    discount: Decimal = Decimal(0)

    @property
    def subtotal(self) -> Decimal:
        return sum((line.total for line in self.lines), Decimal(0))

    @property
    def weight_grams(self) -> int:
        return sum((line.variant.weight_grams or 0) * line.line.quantity for line in self.lines)

    @property
    def shipping_price(self) -> Decimal:
        return self.selected.price if self.selected else Decimal(0)

    @property
    def total(self) -> Decimal:
        return self.subtotal - self.discount + self.shipping_price


@dataclass
class CheckoutSummary:
    checkout: Checkout
    currency: str
    groups: list[StallGroup]
    # The voucher's discount now, or why the checkout's promo code no longer applies.
    discount: VoucherDiscount | None = None
    voucher_problem: DomainError | None = None

    @property
    def subtotal(self) -> Decimal:
        return sum((g.subtotal for g in self.groups), Decimal(0))

    @property
    def shipping_total(self) -> Decimal:
        return sum((g.shipping_price for g in self.groups), Decimal(0))

    @property
    def discount_total(self) -> Decimal:
        return self.discount.total if self.discount else Decimal(0)

    @property
    def total(self) -> Decimal:
        return self.subtotal - self.discount_total + self.shipping_total


def cheapest_delivery(quotes: list[DeliveryQuote]) -> DeliveryQuote | None:
    """The cheapest way to send a parcel (pickup never: it asks the buyer to travel)."""
    sent = [quote for quote in quotes if quote.method.kind != DeliveryKind.PICKUP]
    return min(sent, key=lambda quote: (quote.price, quote.method.sort_order, quote.method.pk), default=None)


def checkout_voucher_discount(
    *, checkout: Checkout, groups: list[StallGroup], user: User | AnonymousUser | None = None
) -> VoucherDiscount:
    """The discount of the checkout's voucher on these stall groups, or its refusal (DomainError)."""
    buyer = checkout.user or (user if user is not None and user.is_authenticated else None)
    return voucher_discount(
        voucher=checkout.voucher,
        channel=checkout.channel,
        subtotals={group.stall.pk: group.subtotal for group in groups},
        email=checkout.email,
        user=buyer,
        now=timezone.now(),
    )


def checkout_summary(*, checkout: Checkout) -> CheckoutSummary:
    """Price every line from the channel listing as it is now, grouped by stall, with delivery quotes.

    Once the buyer has chosen a delivery for one stall, each stall not chosen yet stands on its
    cheapest delivery (never pickup), so a client that sets one delivery method can complete. The
    checkout's voucher is checked again and its discount shared over the stalls.

    A constant number of queries whatever the number of lines and stalls.
    """
    channel = checkout.channel
    lines = list(checkout.lines.select_related("variant__product", "variant__stall"))
    variant_ids = [line.variant_id for line in lines]
    purchasable = variants_purchasable(channel=channel, variant_ids=variant_ids)
    available = stock_available(variant_ids=variant_ids)
    groups: dict[int, StallGroup] = {}
    for line in lines:
        variant = purchasable.get(line.variant_id, line.variant)
        listing = getattr(variant, "listing", None)
        group = groups.setdefault(
            variant.stall_id, StallGroup(stall=variant.stall, currency=channel.currency_code)
        )
        group.lines.append(
            LineSummary(
                line=line,
                variant=variant,
                unit_price=listing.price_amount if listing else None,
                quantity_available=available.get(line.variant_id, 0),
                currency=channel.currency_code,
            )
        )
    methods_by_stall = defaultdict(list)
    for method in shipping_methods_for(stall_ids=groups, channel=channel):
        methods_by_stall[method.stall_id].append(method)
    chosen = dict(checkout.deliveries.values_list("stall_id", "shipping_method_id"))
    for stall_id, group in groups.items():
        parcel = Parcel(
            weight_grams=group.weight_grams,
            subtotal=group.subtotal,
            currency=group.currency,
            province_code=checkout.province_code,
            commune_code=checkout.commune_code,
        )
        for method in methods_by_stall[stall_id]:
            provider = provider_for(method.provider)
            quote = provider.quote(method=method, parcel=parcel) if provider else None
            if quote is not None:
                group.quotes.append(quote)
                if method.pk == chosen.get(stall_id):
                    group.selected = quote
        if group.selected is None and chosen:
            group.selected = cheapest_delivery(group.quotes)
            group.selected_by_default = group.selected is not None
    ordered = sorted(groups.values(), key=lambda g: (g.stall.name, g.stall.pk))
    summary = CheckoutSummary(checkout=checkout, currency=channel.currency_code, groups=ordered)
    if checkout.voucher_id is not None:
        try:
            summary.discount = checkout_voucher_discount(checkout=checkout, groups=ordered)
        except DomainError as exc:
            summary.voucher_problem = exc
        else:
            for group in ordered:
                group.discount = summary.discount.per_stall.get(group.stall.pk, Decimal(0))
    return summary

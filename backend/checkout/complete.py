"""Completing a checkout: check it, promise the stock, place the order group and start its payment.

Checkout sits above orders and payments and calls down into them; neither imports checkout. Their
refusals come back re-coded as `CheckoutErrorCode`s, so the API answers with checkout's codes.

Payment may come first (Saleor's order: transactionInitialize, the buyer pays, checkoutComplete) or
at completion (the method named there). Completion locks the checkout, then the payment the
checkout began, then stock: a payment that covers the total places a paid group; one whose money
arrives later confirms the group when its webhook comes. Stock is promised only here, so paying
never holds goods: a paid checkout whose stock ran out is refused and its money refunded.
"""

from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from backend.accounts.models import User
from backend.checkout import selectors
from backend.checkout.actions import address_clean
from backend.checkout.error_codes import CheckoutErrorCode
from backend.checkout.models import Checkout
from backend.core.errors import DomainError
from backend.core.money import quantize
from backend.discounts.actions import voucher_redeem
from backend.orders.actions import (
    GroupDraft,
    LineDraft,
    OrderDraft,
    order_group_confirm_cash_on_delivery,
    order_group_create,
)
from backend.orders.error_codes import OrderErrorCode
from backend.orders.models import OrderGroup
from backend.orders.stock import StockPlan, StockWanted, stock_allocate
from backend.payments.actions import payment_lock_for_checkout, payment_refund_unplaced, payment_start
from backend.payments.error_codes import PaymentErrorCode
from backend.payments.models import Payment, PaymentMethod

# Refusals after which a paid checkout cannot be placed as it was paid for: its money goes back.
_REFUNDED_ON = (
    CheckoutErrorCode.INSUFFICIENT_STOCK,
    CheckoutErrorCode.VARIANT_NOT_AVAILABLE,
    CheckoutErrorCode.CHECKOUT_NOT_FULLY_PAID,
)


def checkout_complete(
    *, checkout: Checkout, payment_method: str | None, user: User | AnonymousUser
) -> OrderGroup:
    """Turn the checkout into one order group and one order per stall; a retry returns the same group.

    Prices are recomputed from the channel listings now, stock is allocated under row locks, the
    payment is started (or the one the checkout began is attached), and the checkout is deleted, all
    in one transaction. `payment_method` may be None when the checkout began a payment
    (`payment_checkout_initialize`); given, it must agree with one that already took money. A group
    that another request placed comes back with `replayed = True`: the caller answers a replay with
    less. A paid checkout refused for its stock, a product off sale or a total that changed after
    paying is refunded (after the refused transaction rolled back) and the refusal says so.
    """
    try:
        with transaction.atomic():
            # Lock the checkout so a double-submitted completion waits for the first and then finds
            # its group instead of placing the order twice.
            locked = (
                Checkout.objects.select_for_update().filter(pk=checkout.pk).select_related("channel").first()
            )
            if locked is None:
                group = OrderGroup.objects.filter(checkout_token=checkout.token).first()
                if group is None:
                    raise DomainError(CheckoutErrorCode.NOT_FOUND, "This checkout no longer exists.", "id")
                group.replayed = True
                return group
            # Second in the lock order (checkout, payment, stock): a webhook paying this checkout
            # meanwhile holds only the payment row, so it finishes first or waits for the group.
            payment = payment_lock_for_checkout(checkout_token=locked.token)
            method = _payment_method_for(payment=payment, given=payment_method)
            summary = selectors.checkout_summary(checkout=locked)
            _validate_for_completion(summary=summary, payment_method=method)
            group = order_group_place(summary=summary, payment_method=method, user=user, payment=payment)
            locked.delete()
    except DomainError as exc:
        if exc.code not in _REFUNDED_ON:
            raise
        refunded = payment_refund_unplaced(checkout_token=checkout.token, reason=exc.message)
        if refunded is None:
            raise
        raise DomainError(exc.code, f"{exc.message} The payment was refunded.", exc.field) from exc
    return group


def _payment_method_for(*, payment: Payment | None, given: str | None) -> str:
    """The method the group is paid by: the one named at completion, else the checkout's payment's.

    A payment that already took money keeps its method; one that did not follows the method named.
    """
    if payment is None:
        if not given:
            raise DomainError(
                CheckoutErrorCode.CHECKOUT_NOT_FULLY_PAID,
                "Choose how to pay before completing the checkout.",
                "paymentMethod",
            )
        return given
    if given and given != payment.method and payment.captured_amount > 0:
        raise DomainError(
            CheckoutErrorCode.PAYMENT_METHOD_UNAVAILABLE,
            "This checkout is already paid with another payment method.",
            "paymentMethod",
        )
    return given or payment.method


def order_group_place(
    *,
    summary: selectors.CheckoutSummary,
    payment_method: str,
    user: User | AnonymousUser,
    payment: Payment | None = None,
) -> OrderGroup:
    """Promise the stock, write the group with one order per stall, start the payment (or attach
    `payment`, the one the checkout began, locked), and confirm a cash group's orders at once.

    Called by `checkout_complete` inside its transaction, with prices already recomputed in
    `summary` and the checkout checked.
    """
    actor = user if user.is_authenticated else None
    stock = _stock_allocate(summary=summary)
    buyer = actor or summary.checkout.user
    group = order_group_create(
        draft=_group_draft(summary=summary, payment_method=payment_method, buyer=buyer),
        stock=stock,
        actor=actor,
    )
    if summary.discount is not None:
        _voucher_redeem(summary=summary, group=group, buyer=buyer)
    try:
        payment_start(group=group, existing=payment)
    except DomainError as exc:
        code = (
            CheckoutErrorCode.CHECKOUT_NOT_FULLY_PAID
            if exc.code is PaymentErrorCode.AMOUNT_MISMATCH
            else CheckoutErrorCode.PAYMENT_METHOD_UNAVAILABLE
        )
        raise DomainError(code, exc.message, exc.field) from exc
    if payment_method == PaymentMethod.COD:
        order_group_confirm_cash_on_delivery(group=group)
    return group


def _voucher_redeem(*, summary: selectors.CheckoutSummary, group: OrderGroup, buyer: User | None) -> None:
    """Count the voucher's use for this group (under its row lock), re-coded as checkout's refusal."""
    try:
        voucher_redeem(
            voucher=summary.discount.voucher,
            group=group,
            amount=summary.discount.total,
            user=buyer,
            email=summary.checkout.email,
        )
    except DomainError as exc:
        raise DomainError(CheckoutErrorCode[exc.code.name], exc.message, exc.field) from exc


def _stock_allocate(*, summary: selectors.CheckoutSummary) -> StockPlan:
    wanted = [
        StockWanted(variant=line.variant, quantity=line.line.quantity)
        for stall_group in summary.groups
        for line in stall_group.lines
    ]
    try:
        return stock_allocate(wanted=wanted)
    except DomainError as exc:
        if exc.code is not OrderErrorCode.INSUFFICIENT_STOCK:
            raise
        raise DomainError(CheckoutErrorCode.INSUFFICIENT_STOCK, exc.message, exc.field) from exc


def _group_draft(
    *, summary: selectors.CheckoutSummary, payment_method: str, buyer: User | None
) -> GroupDraft:
    """The group as orders records it: the checkout's buyer and address, its prices quantised."""
    checkout, currency = summary.checkout, summary.currency
    platform_funded = summary.discount is not None and summary.discount.voucher.funded_by_platform
    return GroupDraft(
        buyer=buyer,
        email=checkout.email,
        checkout_token=checkout.token,
        full_name=checkout.full_name,
        phone=checkout.phone,
        street=checkout.street,
        commune_code=checkout.commune_code,
        province_code=checkout.province_code,
        channel=checkout.channel,
        currency=currency,
        subtotal=quantize(summary.subtotal, currency),
        shipping_total=quantize(summary.shipping_total, currency),
        discount_total=quantize(summary.discount_total, currency),
        voucher_code=summary.discount.voucher.code if summary.discount else "",
        total=quantize(summary.total, currency),
        payment_method=payment_method,
        orders=[
            OrderDraft(
                stall=stall_group.stall,
                lines=[
                    LineDraft(variant=line.variant, quantity=line.line.quantity, unit_price=line.unit_price)
                    for line in stall_group.lines
                ],
                delivery_method_name=stall_group.selected.name,
                delivery_kind=stall_group.selected.kind,
                shipping_method_id=stall_group.selected.method.pk,
                merchandise_total=quantize(stall_group.subtotal, currency),
                shipping_total=quantize(stall_group.selected.price, currency),
                discount_amount=stall_group.discount,
                discount_platform_amount=stall_group.discount if platform_funded else Decimal(0),
            )
            for stall_group in summary.groups
        ],
    )


def _validate_for_completion(*, summary: selectors.CheckoutSummary, payment_method: str) -> None:
    checkout = summary.checkout
    if not summary.groups:
        raise DomainError(CheckoutErrorCode.EMPTY, "The checkout has no items.", "lines")
    if not checkout.email:
        raise DomainError(CheckoutErrorCode.EMAIL_REQUIRED, "Enter an email address.", "email")
    if not checkout.has_address:
        raise DomainError(CheckoutErrorCode.ADDRESS_REQUIRED, "Enter a delivery address.", "shippingAddress")
    # The address may have been stored before a rule changed: check it again as it is placed.
    address_clean(
        full_name=checkout.full_name,
        phone=checkout.phone,
        street=checkout.street,
        province_code=checkout.province_code,
        commune_code=checkout.commune_code,
    )
    for group in summary.groups:
        for line in group.lines:
            if not line.is_available:
                raise DomainError(
                    CheckoutErrorCode.VARIANT_NOT_AVAILABLE,
                    f"{line.variant.product.name} ({line.variant.sku}) is no longer for sale.",
                    "lines",
                )
        if group.selected is None:
            raise DomainError(
                CheckoutErrorCode.DELIVERY_METHOD_REQUIRED,
                f"Choose a delivery method for {group.stall.name}.",
                "deliveryMethodId",
            )
    if summary.voucher_problem is not None:
        # The promo code stopped applying since it was entered: tell the buyer rather than charge more.
        problem = summary.voucher_problem
        raise DomainError(CheckoutErrorCode[problem.code.name], problem.message, problem.field)
    if payment_method not in PaymentMethod.values:
        raise DomainError(
            CheckoutErrorCode.PAYMENT_METHOD_UNAVAILABLE, "Unknown payment method.", "paymentMethod"
        )
    # Cash on delivery and VietQR transfers settle in đồng only.
    if payment_method != PaymentMethod.STRIPE and summary.currency != "VND":
        raise DomainError(
            CheckoutErrorCode.PAYMENT_METHOD_UNAVAILABLE,
            "This payment method is only available in Vietnamese đồng.",
            "paymentMethod",
        )

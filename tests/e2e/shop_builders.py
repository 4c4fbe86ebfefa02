"""The shop's browser tests share one small world built with the real domain actions, and the steps a
buyer takes through the pages (search, add to cart, sign up, check out)."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.core import mail
from playwright.sync_api import Page, expect

from backend.accounts.models import User
from backend.catalog import actions as catalog
from backend.catalog.models import Category, Channel, Product, ProductVariant
from backend.checkout.models import ShippingMethod
from backend.orders import actions as order_actions
from backend.orders.models import DeliveryKind, Order, OrderGroup
from backend.stalls import actions as stalls
from backend.stalls.models import LegalForm, Stall
from tests.e2e.conftest import sign_in
from tests.e2e.support import assert_accessible, screenshot
from tests.factories import make_user

# A delivery address the commune picker offers (TP Hồ Chí Minh, Phường An Hội Tây; 2025 codes).
PROVINCE_CODE, COMMUNE_CODE = "79", "26882"
BUYER_PASSWORD = "keo-dua-ben-tre-2026"


@dataclass
class Seller:
    stall: Stall
    owner: User
    product: Product
    variant: ProductVariant
    shipping: ShippingMethod


@dataclass
class Shop:
    candy: Seller
    lychee: Seller


def _seller(
    *,
    staff: User,
    owner_email: str,
    owner_name: str,
    stall_name: str,
    province_code: int,
    commune_code: int,
    category_slug: str,
    product_name: str,
    description: str,
    sku: str,
    variant_name: str,
    price: int,
    weight_grams: int,
    days: tuple[int, int],
) -> Seller:
    owner = make_user(owner_email, full_name=owner_name)
    stall = stalls.stall_create(
        user=owner,
        name=stall_name,
        legal_form=LegalForm.COOPERATIVE,
        province_code=province_code,
        commune_code=commune_code,
    )
    stall = stalls.stall_approve(stall=stall, actor=staff)
    product = catalog.product_create(
        stall=stall,
        category=Category.objects.get(slug=category_slug),
        name=product_name,
        description=description,
    )
    variant = catalog.variant_create(product=product, sku=sku, name=variant_name, weight_grams=weight_grams)
    catalog.variant_channel_listing_update(
        variant=variant, channel=Channel.objects.get(slug="vn"), price_amount=price
    )
    warehouse = catalog.warehouse_create(
        stall=stall, name="Kho chính", province_code=province_code, commune_code=commune_code
    )
    catalog.stocks_update(variant=variant, stocks=[(warehouse, 20)])
    # Stalls state their own delivery rates (the dashboard's delivery form saves this model).
    shipping = ShippingMethod.objects.create(
        stall=stall,
        channel=Channel.objects.get(slug="vn"),
        name="Giao tiêu chuẩn",
        kind=DeliveryKind.FLAT,
        price_amount=Decimal(30_000),
        min_days=days[0],
        max_days=days[1],
    )
    return Seller(stall, owner, product, variant, shipping)


def build_shop() -> Shop:
    """Two approved cooperatives in different provinces: coconut candy and lychee, priced and stocked."""
    staff = make_user("staff-e2e@example.vn", full_name="Lê Quản Trị", is_staff=True)
    candy = _seller(
        staff=staff,
        owner_email="htx-keo-dua@example.vn",
        owner_name="Trần Văn Dừa",
        stall_name="HTX Kẹo dừa Mỏ Cày",
        province_code=86,
        commune_code=28777,
        category_slug="banh-keo",
        product_name="Kẹo dừa sáp lá dứa",
        description="<p>Nấu thủ công từ nước cốt dừa.</p>",
        sku="KD-500",
        variant_name="Hộp 500 g",
        price=85_000,
        weight_grams=500,
        days=(2, 4),
    )
    lychee = _seller(
        staff=staff,
        owner_email="htx-vai@example.vn",
        owner_name="Nguyễn Thị Vải",
        stall_name="HTX Vải thiều Thanh Hà",
        province_code=79,
        commune_code=26882,
        category_slug="vai-nhan",
        product_name="Vải thiều sấy khô",
        description="<p>Vải thiều chín cây, sấy lạnh.</p>",
        sku="VT-1KG",
        variant_name="Túi 1 kg",
        price=150_000,
        weight_grams=1000,
        days=(1, 3),
    )
    return Shop(candy, lychee)


def check(page: Page, name: str) -> None:
    """Every step: a screenshot kept as an artefact, then axe-core (serious/critical) on the page."""
    screenshot(page, name)
    assert_accessible(page)


def search_and_open(page: Page, base_url: str, query: str, product_name: str, *, shot: str = "") -> None:
    """Type `query` into the search page's box, submit, and open `product_name` from the results."""
    page.goto(f"{base_url}/search/")
    page.fill("input[name=q]", query)
    with page.expect_navigation():
        page.press("input[name=q]", "Enter")
    card = page.locator(".product-card", has_text=product_name)
    expect(card).to_have_count(1)
    if shot:
        check(page, shot)
    with page.expect_navigation():
        card.locator("a").first.click()
    expect(page.locator("h1")).to_have_text(product_name)


def add_to_cart(page: Page, quantity: int = 1) -> None:
    """On a product page: the add-to-cart form (option, quantity), then the cart page it leads to."""
    page.fill("#add-quantity", str(quantity))
    with page.expect_navigation():
        page.click("form.add-to-cart button[type=submit]")


def sign_up_and_confirm(page: Page, base_url: str, *, email: str, full_name: str) -> User:
    """A new buyer signs up through the real form and opens the emailed confirmation link."""
    page.goto(f"{base_url}/accounts/sign-up/")
    page.fill("input[name=full_name]", full_name)
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", BUYER_PASSWORD)
    with page.expect_navigation():
        page.click("form button[type=submit].primary")
    assert page.url.endswith("/accounts/sign-up/sent/"), page.url
    message = next(m for m in mail.outbox if email in m.to)
    link = re.search(r"https?://\S+/accounts/confirm/\?\S+", message.body)
    assert link, message.body
    # The link names the site's own host; open its path on the live server.
    page.goto(base_url + link.group(0)[link.group(0).index("/accounts/confirm/") :])
    user = User.objects.get(email=email)
    assert user.is_confirmed
    return user


def fill_checkout(page: Page, *, payment: str, email: str | None = None) -> None:
    """Contact, address (the commune list follows the province), first delivery per stall, payment."""
    if email is not None:
        page.fill("#id_email", email)
    page.fill("#id_phone", "0912345678")
    page.fill("#id_full_name", "Nguyễn Thị Mai")
    page.fill("#id_street", "12 Lê Lợi")
    page.select_option("#id_province_code", PROVINCE_CODE)
    page.wait_for_selector(f"#id_commune_code option[value='{COMMUNE_CODE}']", state="attached")
    page.select_option("#id_commune_code", COMMUNE_CODE)
    blocks = page.locator("#checkout-delivery .stall-block")
    for index in range(blocks.count()):
        blocks.nth(index).locator("input[type=radio]").first.check()
    page.check(f"input[name='payment_method'][value='{payment}']")


def deliver(group: OrderGroup) -> None:
    """Each stall ships its (cash on delivery, so already confirmed) order and marks it delivered,
    as its dashboard does."""
    for order in group.orders.select_related("stall"):
        owner = order.stall.members.first().user
        order_actions.order_fulfill(order=order, actor=owner, carrier="GHN", tracking_number=f"GHN{order.pk}")
        order_actions.order_mark_delivered(order=Order.objects.get(pk=order.pk), actor=owner)


@dataclass
class Words:
    """What the pages say in one language, for the journey's checks."""

    days: str
    confirmed: str
    delivered: str
    review_thanks: str
    verified: str


VIETNAMESE = Words(
    days="2–4 ngày",
    confirmed="Đã xác nhận",
    delivered="Đã giao",
    review_thanks="Cảm ơn bạn, đánh giá đã được đăng.",
    verified="Đã mua hàng",
)
ENGLISH = Words(
    days="2–4 days",
    confirmed="Confirmed",
    delivered="Delivered",
    review_thanks="Thank you, your review is published.",
    verified="Verified purchase",
)


def journey(page: Page, base: str, *, words: Words, email: str, name: str, prefix: str) -> OrderGroup:
    """The issue's "done when" on a phone, in the page's current language: a new user signs up, finds
    coconut candy by typing "keo dua", buys it with lychee from another stall, pays on delivery,
    follows the orders until the stalls deliver them and reviews the candy. axe and a screenshot at
    every page."""
    sign_up_and_confirm(page, base, email=email, full_name=name)
    sign_in(page, base, email, BUYER_PASSWORD)
    search_and_open(page, base, "keo dua", "Kẹo dừa sáp lá dứa", shot=f"{prefix}-search")
    check(page, f"{prefix}-product")
    add_to_cart(page, 2)
    search_and_open(page, base, "vai thieu", "Vải thiều sấy khô")
    add_to_cart(page, 1)
    expect(page.locator("#cart-form [data-stall]")).to_have_count(2)
    check(page, f"{prefix}-cart")
    page.click("#cart-checkout")
    page.wait_for_url(f"{base}/checkout/")
    expect(page.locator("#checkout-delivery")).to_contain_text(words.days)
    fill_checkout(page, payment="cod")
    check(page, f"{prefix}-checkout")
    with page.expect_navigation():
        page.click("#place-order")
    expect(page.locator("section.stall-order[data-order]")).to_have_count(2)
    expect(page.locator(".order-status").first).to_have_text(words.confirmed)
    check(page, f"{prefix}-confirmation")
    group = OrderGroup.objects.get(user__email=email)

    # Following the orders: the account lists both, each opens its tracking page.
    page.goto(f"{base}/account/")
    expect(page.locator("#account-orders [data-order]")).to_have_count(2)
    with page.expect_navigation():
        page.locator("#account-orders [data-order] a").first.click()
    tracking_url = page.url
    check(page, f"{prefix}-tracking-placed")
    deliver(group)
    page.goto(tracking_url)
    for order in group.orders.all():
        block = page.locator(f"section.stall-order[data-order='{order.number}']")
        expect(block.locator(".order-status")).to_have_text(words.delivered)
        expect(block.locator(".tracking")).to_have_text(f"GHN GHN{order.pk}")
    check(page, f"{prefix}-tracking-delivered")

    # The review, by a buyer of a delivered order.
    search_and_open(page, base, "keo dua", "Kẹo dừa sáp lá dứa")
    with page.expect_navigation():
        page.click("#reviews a.button")
    check(page, f"{prefix}-review-form")
    page.check("input[name=rating][value='5']")
    page.fill("textarea[name=text]", "Kẹo dẻo, thơm lá dứa, giao nhanh.")
    with page.expect_navigation():
        page.click(".review-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text(words.review_thanks)
    review = page.locator("#reviews .review")
    expect(review).to_have_count(1)
    expect(review).to_contain_text("Kẹo dẻo, thơm lá dứa, giao nhanh.")
    expect(review).to_contain_text(words.verified)
    check(page, f"{prefix}-reviewed")
    return group

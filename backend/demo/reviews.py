"""Demo reviews: verified buyers review a few products, a stall replies and reports one review, and
the demo shopper has a delivered product still to review (so the shop shows the "write" link).

Every purchase goes through the real flow (checkout, cash on delivery, fulfilment, delivery) and
every review through `review_create`, so each one points to a delivered order line of its author.
The reviewers' accounts have no usable password; only shopper@demo.vn signs in.
"""

from django.db.models import F

from backend.accounts.models import User
from backend.catalog.models import Channel, ProductVariant, Stock
from backend.checkout import actions as checkout_actions
from backend.checkout.complete import checkout_complete
from backend.checkout.models import ShippingMethod
from backend.checkout.selectors import variants_purchasable
from backend.orders import actions as order_actions
from backend.payments.models import PaymentMethod
from backend.reviews import actions
from backend.reviews.models import Review
from backend.reviews.selectors import products_reviewable_by

REVIEWER_DOMAIN = "danhgia.demo.vn"
SHOPPER = "shopper@demo.vn"
REVIEWERS = (
    ("hoa@danhgia.demo.vn", "Lê Thị Hoa"),
    ("binh@danhgia.demo.vn", "Trần Văn Bình"),
    ("thu@danhgia.demo.vn", "Phạm Minh Thu"),
)
# Per product: each reviewer's stars and words, in REVIEWERS order.
REVIEWS = (
    (
        (5, "Đóng gói cẩn thận, giao nhanh, vị đúng như quảng cáo."),
        (4, "Ngon, hơi ngọt so với khẩu vị nhà mình."),
        (2, "Hộp bị móp khi nhận, vị vẫn ổn."),
    ),
    (
        (5, "Mua lần thứ hai, vẫn rất hài lòng."),
        (5, "Có tem truy xuất, quét ra đúng vườn. Yên tâm."),
        (4, "Hàng tốt, giao hơi chậm một ngày."),
    ),
    (
        (4, "Thơm, giòn. Sẽ mua lại làm quà."),
        (3, "Tạm được, giá hơi cao."),
        (1, "Mua chỗ khác rẻ hơn nhiều, vào trang abc.example để mua!"),
    ),
)
REPLY = "Cảm ơn anh/chị đã góp ý. Gian hàng đã đổi đơn vị vận chuyển để hộp không bị móp nữa."
REPORT = "Đánh giá quảng cáo cho trang khác, không nói về sản phẩm."
ADDRESS = {
    "phone": "0912 345 678",
    "street": "12 Lê Lợi",
    "province_code": 79,
    "commune_code": 26882,
}


def _products(channel: Channel, count: int) -> list[ProductVariant]:
    """The first purchasable variant of the first `count` products with a flat or pickup rate."""
    methods = ShippingMethod.objects.filter(channel=channel, is_active=True, kind__in=["flat", "pickup"])
    stalls = set(methods.values_list("stall_id", flat=True))
    candidates = Stock.objects.filter(variant__stall_id__in=stalls).values_list("variant_id", flat=True)
    variants = sorted(
        variants_purchasable(channel=channel, variant_ids=set(candidates)).values(), key=lambda v: v.pk
    )
    chosen: dict[int, ProductVariant] = {}
    for variant in variants:
        chosen.setdefault(variant.product_id, variant)
    return list(chosen.values())[:count]


def _reviewer(email: str, full_name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, full_name=full_name, is_confirmed=True)
    return user


def _delivered(buyer: User, variant: ProductVariant, channel: Channel) -> None:
    """`buyer` orders one unit, paid in cash; the stall ships and delivers it."""
    stock = Stock.objects.filter(variant=variant).order_by("pk").first()
    # A restock from the farm first, so the demo purchases never eat the catalog's stock.
    Stock.objects.filter(pk=stock.pk).update(quantity=F("quantity") + 1)
    checkout = checkout_actions.checkout_create(
        channel_slug=channel.slug,
        email=buyer.email,
        lines=[checkout_actions.LineInput(variant_id=variant.pk, quantity=1)],
        user=buyer,
    )
    checkout_actions.checkout_shipping_address_update(checkout=checkout, full_name=buyer.full_name, **ADDRESS)
    method = (
        ShippingMethod.objects.filter(stall=variant.stall, channel=channel, is_active=True, kind="pickup")
        .order_by("pk")
        .first()
        or ShippingMethod.objects.filter(stall=variant.stall, channel=channel, is_active=True, kind="flat")
        .order_by("pk")
        .first()
    )
    checkout_actions.checkout_delivery_method_update(checkout=checkout, shipping_method_id=method.pk)
    group = checkout_complete(checkout=checkout, payment_method=PaymentMethod.COD, user=buyer)
    owner = variant.stall.members.order_by("pk").first().user
    for order in group.orders.all():
        order_actions.order_fulfill(order=order, actor=owner, carrier="GHN", tracking_number=f"DG{order.pk}")
        order_actions.order_mark_delivered(order=order, actor=owner)


def seed() -> None:
    if Review.objects.filter(user__email__endswith=f"@{REVIEWER_DOMAIN}").exists():
        return
    channel = Channel.objects.filter(slug="vn").first()
    shopper = User.objects.filter(email=SHOPPER).first()
    variants = _products(channel, len(REVIEWS) + 1) if channel else []
    if len(variants) < len(REVIEWS) + 1 or shopper is None:
        return
    reviewers = [_reviewer(email, name) for email, name in REVIEWERS]
    with order_actions.order_emails_muted():
        for variant, texts in zip(variants, REVIEWS, strict=False):
            for reviewer, (rating, text) in zip(reviewers, texts, strict=True):
                _delivered(reviewer, variant, channel)
                review = actions.review_create(
                    user=reviewer, product=variant.product, rating=rating, text=text
                )
                owner = variant.stall.members.order_by("pk").first().user
                if rating == 2:
                    actions.review_reply(review=review, user=owner, text=REPLY)
                elif rating == 1:
                    actions.review_report(review=review, user=owner, reason=REPORT)
        # Delivered but not reviewed yet: the demo shopper sees "Write a review" on this product.
        _delivered(shopper, variants[len(REVIEWS)], channel)


def info(base_url: str) -> list[str]:
    reviews = Review.objects.filter(user__email__endswith=f"@{REVIEWER_DOMAIN}")
    shopper = User.objects.filter(email=SHOPPER).first()
    waiting = products_reviewable_by(user=shopper) if shopper else []
    lines = ["Reviews:", f"  {reviews.count()} demo reviews by verified buyers"]
    for product in waiting[:1]:
        lines.append(f"  Write one:             {base_url}/products/{product.slug}/review/  (as {SHOPPER})")
    lines.append(f"  Moderation:            {base_url}/dashboard/reviews/  (sign in as admin@demo.vn)")
    return lines

"""The product's reviews block, the review form (sign-in, eligibility, errors in Vietnamese) and the list."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from backend.reviews import actions
from backend.reviews.models import Review
from storefront.reviews.blocks import product_reviews_block, stars
from tests.backend.accounts.support import post_form
from tests.backend.checkout.builders import make_variant
from tests.backend.reviews.builders import delivered_product, purchase, seller
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _form_url(product) -> str:
    return reverse("storefront:review_new", args=[product.slug])


def _block(product, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    with translation.override("vi"):
        return render_to_string(
            "storefront/reviews/_block.html", {"reviews": product_reviews_block(request, product)}
        )


def test_stars_are_text():
    assert (stars(4), stars(None), stars(3)) == ("★★★★☆", "☆☆☆☆☆", "★★★☆☆")


def test_the_block_shows_average_count_badge_reply_and_the_write_link_when_eligible():
    stall, owner = seller()
    variant = make_variant(stall)
    for rating, name in ((5, "Nguyễn Mai"), (4, "Trần Bình")):
        buyer = make_user(full_name=name)
        purchase(buyer, variant=variant)
        review = actions.review_create(user=buyer, product=variant.product, rating=rating, text="<i>Ngon</i>")
    actions.review_reply(review=review, user=owner, text="Cảm ơn anh")
    waiting = make_user()
    purchase(waiting, variant=variant)
    product = variant.product

    html = _block(product, waiting)
    assert "4,5 trên 5 · 2 đánh giá" in html
    assert "★★★★★" in html and "Mai N." in html and "Bình T." in html
    assert html.count("Đã mua hàng") == 2
    assert "Cảm ơn anh" in html and "&lt;i&gt;" not in html and "<i>" not in html
    assert _form_url(product) in html
    # A reviewer or a stranger gets no link.
    assert _form_url(product) not in _block(product, review.user)
    assert _form_url(product) not in _block(product, make_user())


def test_the_block_costs_the_same_queries_for_one_review_or_ten(django_assert_max_num_queries):
    stall, owner = seller()
    variant = make_variant(stall)

    def review_once() -> None:
        buyer = make_user(full_name="Đỗ Văn Nam")
        purchase(buyer, variant=variant)
        review = actions.review_create(user=buyer, product=variant.product, rating=4, text="Ổn")
        actions.review_reply(review=review, user=owner, text="Cảm ơn")

    review_once()
    viewer = make_user()
    with django_assert_max_num_queries(10) as one:
        _block(variant.product, viewer)
    for _ in range(9):
        review_once()
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = _block(variant.product, viewer)
    assert html.count("Cảm ơn") == 10


def test_signing_in_is_required(client):
    product = delivered_product(make_user())
    response = client.get(_form_url(product))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_buyer_reviews_and_is_sent_back_to_the_product(client):
    buyer = make_user(full_name="Đặng Thu")
    product = delivered_product(buyer)
    client.force_login(buyer)
    page = client.get(_form_url(product))
    assert page.status_code == 200 and 'name="rating"' in page.content.decode()
    response = post_form(client, _form_url(product), {"rating": "5", "text": "<script>x</script>Rất ngon"})
    assert response.status_code == 302
    assert response["Location"] == reverse("storefront:product", args=[product.slug]) + "#reviews"
    review = Review.objects.get()
    assert (review.user, review.rating, review.text) == (buyer, 5, "Rất ngon")
    # A second time: the page says so and nothing more is written.
    again = post_form(client, _form_url(product), {"rating": "1", "text": "Lần hai"})
    assert again.status_code == 403
    assert "Bạn đã đánh giá sản phẩm này rồi." in again.content.decode()
    assert Review.objects.count() == 1


def test_a_user_without_a_delivered_order_is_told_why_in_vietnamese(client):
    buyer = make_user()
    product = purchase(buyer, delivered=False).lines.get().variant.product
    client.force_login(buyer)
    page = client.get(_form_url(product))
    assert "Chỉ người mua đã nhận sản phẩm này mới được đánh giá." in page.content.decode()
    assert post_form(client, _form_url(product), {"rating": "5", "text": ""}).status_code == 403
    assert not Review.objects.exists()


def test_bad_input_is_a_form_error_not_a_500(client):
    buyer = make_user()
    product = delivered_product(buyer)
    client.force_login(buyer)
    for data in ({"rating": "9", "text": ""}, {"text": "no rating"}, {"rating": "5", "text": "a" * 2001}):
        response = post_form(client, _form_url(product), data)
        assert response.status_code == 200
        assert 'class="errorlist' in response.content.decode()
    assert not Review.objects.exists()


def test_english_visitors_read_english(client):
    buyer = make_user()
    product = purchase(buyer, delivered=False).lines.get().variant.product
    client.force_login(buyer)
    page = client.get(_form_url(product), HTTP_ACCEPT_LANGUAGE="en")
    assert "Only buyers who received this product may review it." in page.content.decode()


def test_the_list_page_shows_every_visible_review(client):
    stall, _ = seller()
    variant = make_variant(stall)
    texts = []
    for n in range(3):
        buyer = make_user()
        purchase(buyer, variant=variant)
        texts.append(f"Nhận xét số {n}")
        actions.review_create(user=buyer, product=variant.product, rating=3, text=texts[-1])
    page = client.get(reverse("storefront:product_reviews", args=[variant.product.slug]))
    assert page.status_code == 200
    assert all(text in page.content.decode() for text in texts)
    assert client.get(reverse("storefront:product_reviews", args=["khong-co"])).status_code == 404

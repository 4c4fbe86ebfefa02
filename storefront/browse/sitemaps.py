"""sitemap.xml: the home page, categories, products and stalls, each with its vi/en addresses."""

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import get_language

from backend.catalog.models import Category, Product
from backend.catalog.selectors import categories_all, channel_for_slug, products_visible
from backend.stalls.models import Stall
from backend.stalls.selectors import stalls_public
from storefront.browse.seo import language_address


class _ShopSitemap(Sitemap):
    """Every entry once per language, listing the other language as an alternate and the
    Vietnamese (bare) address as x-default, in the `?lang=` scheme of `seo.language_address`."""

    i18n = True
    alternates = True
    x_default = True
    limit = 5000

    def path(self, item) -> str:
        raise NotImplementedError

    def location(self, item) -> str:
        return language_address(self.path(item), get_language())


class HomeSitemap(_ShopSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["storefront:home"]

    def path(self, item: str) -> str:
        return reverse(item)


class CategorySitemap(_ShopSitemap):
    changefreq = "daily"

    def items(self) -> QuerySet[Category]:
        return categories_all().order_by("pk")

    def path(self, item: Category) -> str:
        return reverse("storefront:category", args=[item.slug])


class ProductSitemap(_ShopSitemap):
    changefreq = "daily"

    def items(self) -> QuerySet[Product]:
        return products_visible(channel=channel_for_slug(None)).order_by("pk")

    def lastmod(self, item: Product):
        return item.updated_at

    def path(self, item: Product) -> str:
        return reverse("storefront:product", args=[item.slug])


class StallSitemap(_ShopSitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet[Stall]:
        return stalls_public().order_by("pk")

    def lastmod(self, item: Stall):
        return item.updated_at

    def path(self, item: Stall) -> str:
        return reverse("storefront:stall", args=[item.slug])


SITEMAPS = {
    "home": HomeSitemap,
    "categories": CategorySitemap,
    "products": ProductSitemap,
    "stalls": StallSitemap,
}

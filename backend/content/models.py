"""Menus (the navbar and footer) and pages ("about"), with their English translations."""

from django.db import models

from backend.catalog.models import Category, Collection


class Page(models.Model):
    """A static page such as "Về Nông Sàn"; content is sanitised HTML."""

    title = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True)
    content = models.TextField(blank=True)
    is_published = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.title


class PageTranslation(models.Model):
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="translations")
    language_code = models.CharField(max_length=10)
    title = models.CharField(max_length=250, blank=True)
    content = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "language_code"], name="uniq_page_translation"),
        ]


class Menu(models.Model):
    """A named navigation tree (`navbar`, `footer`)."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)

    def __str__(self) -> str:
        return self.slug


class MenuItem(models.Model):
    """One entry of a menu, pointing to a category, a collection, a page or a URL (exactly one)."""

    menu = models.ForeignKey(Menu, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    name = models.CharField(max_length=128)
    name_en = models.CharField(max_length=128, blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.CASCADE)
    collection = models.ForeignKey(Collection, null=True, blank=True, on_delete=models.CASCADE)
    page = models.ForeignKey(Page, null=True, blank=True, on_delete=models.CASCADE)
    url = models.CharField(max_length=256, blank=True)

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(category__isnull=False, collection__isnull=True, page__isnull=True, url="")
                    | models.Q(category__isnull=True, collection__isnull=False, page__isnull=True, url="")
                    | models.Q(category__isnull=True, collection__isnull=True, page__isnull=False, url="")
                    | models.Q(category__isnull=True, collection__isnull=True, page__isnull=True)
                    & ~models.Q(url="")
                ),
                name="menu_item_one_target",
            )
        ]

    def __str__(self) -> str:
        return self.name

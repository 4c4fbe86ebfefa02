"""Reads of menus and published pages (public content: nothing to scope by user)."""

from django.db.models import Prefetch, QuerySet

from backend.content.models import Menu, MenuItem, Page

_ITEM_RELATIONS = ("category", "collection", "page")


def _menus() -> QuerySet[Menu]:
    """Menus with their items, the items' children and their targets, in three queries."""
    children = MenuItem.objects.select_related(*_ITEM_RELATIONS).order_by("sort_order", "pk")
    items = (
        MenuItem.objects.filter(parent__isnull=True)
        .select_related(*_ITEM_RELATIONS)
        .prefetch_related(Prefetch("children", queryset=children))
        .order_by("sort_order", "pk")
    )
    return Menu.objects.prefetch_related(Prefetch("items", queryset=items))


def menu_by_slug(slug: str) -> Menu | None:
    return _menus().filter(slug=slug).first()


def menu_by_name(name: str) -> Menu | None:
    return _menus().filter(name=name).first()


def menu_by_id(*, menu_id: int) -> Menu | None:
    return _menus().filter(pk=menu_id).first()


def pages_published() -> QuerySet[Page]:
    return Page.objects.filter(is_published=True).prefetch_related("translations").order_by("title", "pk")


def page_published(*, slug: str | None = None, page_id: int | None = None) -> Page | None:
    pages = pages_published()
    if page_id is not None:
        return pages.filter(pk=page_id).first()
    return pages.filter(slug=slug).first() if slug else None

"""Writes of pages and menus (platform staff content; the demo seeds them through here)."""

from django.db import transaction

from backend.content.error_codes import ContentErrorCode
from backend.content.models import Menu, MenuItem, Page, PageTranslation
from backend.core.errors import DomainError
from backend.core.richtext import sanitize_html


def page_save(*, slug: str, title: str, content: str, is_published: bool = True) -> Page:
    """Create or update the page `slug`; the content is sanitised HTML."""
    if not title.strip():
        raise DomainError(ContentErrorCode.REQUIRED, "A page needs a title.", field="title")
    page, _created = Page.objects.update_or_create(
        slug=slug,
        defaults={
            "title": title.strip()[:250],
            "content": sanitize_html(content),
            "is_published": is_published,
        },
    )
    return page


def page_translation_set(*, page: Page, language_code: str, title: str, content: str) -> PageTranslation:
    if language_code != "en":
        raise DomainError(
            ContentErrorCode.INVALID, "Pages are translated into English only.", field="languageCode"
        )
    row, _created = PageTranslation.objects.update_or_create(
        page=page,
        language_code=language_code,
        defaults={"title": title.strip()[:250], "content": sanitize_html(content)},
    )
    return row


def _target(entry: dict) -> dict:
    targets = {
        "category": entry.get("category"),
        "collection": entry.get("collection"),
        "page": entry.get("page"),
        "url": entry.get("url") or "",
    }
    if sum(1 for value in targets.values() if value) != 1:
        raise DomainError(
            ContentErrorCode.INVALID,
            f"Menu item {entry.get('name')!r} must point to exactly one category, collection, page or URL.",
            field="items",
        )
    return targets


@transaction.atomic
def menu_save(*, slug: str, name: str, items: list[dict]) -> Menu:
    """Replace the menu `slug` with `items`: dicts of `name`, `name_en`, one target
    (`category`: Category, `collection`: Collection, `page`: Page or `url`) and optional `children`."""
    menu, _created = Menu.objects.update_or_create(slug=slug, defaults={"name": name})
    menu.items.all().delete()

    def add(entries: list[dict], parent: MenuItem | None) -> None:
        for position, entry in enumerate(entries):
            item = MenuItem.objects.create(
                menu=menu,
                parent=parent,
                name=entry["name"],
                name_en=entry.get("name_en", ""),
                sort_order=position,
                **_target(entry),
            )
            if parent is None:
                add(entry.get("children", []), item)

    add(items, None)
    return menu

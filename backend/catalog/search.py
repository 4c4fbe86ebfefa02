"""Marketplace search: the keys stored on each product and the SQL that ranks products for a query.

A query is cut into words the same way the stored keys are. Every folded word must occur in the
product's `search_document` (the filter, served by a trigram index on PostgreSQL); the rank then
prefers, in order: words carrying the query's own diacritics in the name ("dừa", coconut, before
"dưa", melon, which fold alike), a name that opens with the query's first words, words in the
name, words in the category or origin province (a whole word before a part of one, in both), and
finally stock and OCOP stars. On PostgreSQL a query that finds few products also takes names that
look like it (pg_trgm word similarity, so "kep dua" finds "Kẹo dừa"); SQLite keeps exact folded
matching.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import reduce
from operator import add

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import BaseExpression
from django.db.models.functions import Concat

from backend.catalog.models import Product
from backend.core.text import fold

MAX_WORDS = 10
# Longer text is cut: a search box never needs more, and each word becomes several LIKE patterns.
MAX_QUERY_CHARS = 200
# Fewer exact matches than this and PostgreSQL adds the products whose name looks like the query.
FEW_RESULTS = 3
_NOT_A_WORD = re.compile(r"[\W_]+")


def _words(text: str) -> list[str]:
    return _NOT_A_WORD.sub(" ", text).split()


def folded_words(text: str | None) -> list[str]:
    """The query's words folded ("Kẹo-dừa" → ["keo", "dua"]), at most MAX_WORDS."""
    return _words(fold(text or ""))[:MAX_WORDS]


def marked_words(text: str | None) -> list[str]:
    """The query's words that carry diacritics, lower-cased with their marks ("Dừa sap" → ["dừa"])."""
    words = _words(unicodedata.normalize("NFC", text or "").lower())[:MAX_WORDS]
    return [word for word in words if word != fold(word)]


def search_keys(*, name: str, category_names: list[str], province_name: str) -> dict[str, str]:
    """The ranking columns of a product, from its name, its category's names and origin province."""
    marked = unicodedata.normalize("NFC", name).lower()
    return {
        "search_name": " ".join(_words(fold(name))),
        "search_name_marked": " ".join(_words(marked)),
        "search_facets": " ".join(_words(fold(" ".join([*category_names, province_name])))),
    }


@dataclass(frozen=True)
class SearchQuery:
    """A query cut into words: folded ones for matching, those typed with diacritics for ranking."""

    words: tuple[str, ...]
    marked: tuple[str, ...]

    @classmethod
    def parse(cls, text: str | None) -> "SearchQuery":
        text = (text or "")[:MAX_QUERY_CHARS]
        return cls(tuple(folded_words(text)), tuple(marked_words(text)))

    def __bool__(self) -> bool:
        return bool(self.words)

    @property
    def phrase(self) -> str:
        return " ".join(self.words)


class _WordSimilar(Func):
    """`column %> query`: pg_trgm's word similarity of the query to some extent of the column at
    least `pg_trgm.word_similarity_threshold` (0.6 unless configured), served by a GIN trigram index."""

    arg_joiner = " %%> "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class _WordSimilarity(Func):
    function = "word_similarity"
    output_field = FloatField()


def matching_q(query: SearchQuery, *, similar: bool = False) -> Q:
    """Every folded word in the search document; with `similar`, or a name that looks like the query.

    Both halves are served by trigram indexes on PostgreSQL: LIKE '%word%' on the document's,
    `search_name %> query` on the folded name's. `similar` is for PostgreSQL only.
    """
    exact = reduce(lambda q, word: q & Q(search_document__contains=word), query.words, Q())
    if not similar:
        return exact
    return exact | Q(_WordSimilar(F("search_name"), Value(query.phrase)))


def _padded(field: str) -> Concat:
    return Concat(Value(" "), F(field), Value(" "), output_field=TextField())


def _word_points(field: str, words: tuple[str, ...]):
    """Two points per word found whole in `field`, one per word found inside a longer word."""
    points = [
        Case(
            When(Q(**{f"_padded_{field}__contains": f" {word} "}), then=Value(2)),
            When(Q(**{f"{field}__contains": word}), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        for word in words
    ]
    return reduce(add, points) if points else Value(0, output_field=IntegerField())


def _lead_points(words: tuple[str, ...]):
    """How many of the query's first words open the name, in order ("nuoc mam …" for "Nước mắm …").

    A Vietnamese product name leads with what the thing is, so "nuoc mam phu quoc" ranks the
    fish sauces above "Mắm ruốc Phú Quốc", which holds more of the words but is another product.
    """
    whens = [
        When(Q(_padded_search_name__startswith=f" {' '.join(words[:n])} "), then=Value(n))
        for n in range(len(words), 0, -1)
    ]
    return Case(*whens, default=Value(0), output_field=IntegerField())


def products_matching(
    products: QuerySet[Product], *, query: SearchQuery, in_stock: BaseExpression, ocop_stars: BaseExpression
) -> QuerySet[Product]:
    """`products` holding every word of `query`, annotated with what `RELEVANCE_ORDERING` sorts by.

    `in_stock` and `ocop_stars` are the caller's expressions for the last tie-breakers (units a
    buyer can order in the channel; stars of a valid OCOP certificate, else 0).
    """
    exact = matching_q(query)
    matching = products.filter(exact)
    if connection.vendor == "postgresql" and matching[:FEW_RESULTS].count() < FEW_RESULTS:
        matching = products.filter(matching_q(query, similar=True))
        closeness = Case(
            When(exact, then=Value(2.0)),
            default=_WordSimilarity(Value(query.phrase), F("search_name")),
            output_field=FloatField(),
        )
    else:
        closeness = Value(2.0, output_field=FloatField())
    return matching.alias(
        _padded_search_name=_padded("search_name"),
        _padded_search_name_marked=_padded("search_name_marked"),
        _padded_search_facets=_padded("search_facets"),
    ).annotate(
        search_closeness=closeness,
        search_marked_points=_word_points("search_name_marked", query.marked),
        search_lead_points=_lead_points(query.words),
        search_name_points=_word_points("search_name", query.words),
        search_facet_points=_word_points("search_facets", query.words),
        search_in_stock=Case(When(in_stock, then=Value(1)), default=Value(0), output_field=IntegerField()),
        search_stars=ocop_stars,
    )


# Best first; the name and primary key make the order stable across pages.
RELEVANCE_ORDERING = (
    F("search_closeness").desc(),
    F("search_marked_points").desc(),
    F("search_lead_points").desc(),
    F("search_name_points").desc(),
    F("search_facet_points").desc(),
    F("search_in_stock").desc(),
    F("search_stars").desc(),
    "name",
    "pk",
)

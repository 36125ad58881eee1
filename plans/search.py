"""Search that ignores diacritics and case, the same on SQLite and PostgreSQL.

"tuyen truyen", "TUYÊN TRUYỀN" and "tuyên truyền" must find the same tasks, and "đ" must match
"d". Databases disagree on both (SQLite folds the case of ASCII letters only; PostgreSQL's
`unaccent` needs an extension that only a superuser may create), so searchable models keep a
stored folded copy of their text, `search_text` (lower case, no diacritics, đ → d, single
spaces), and a search folds the query the same way and matches it with `contains`.

`SearchText` (a model mixin) refreshes the column on every `save`; `SearchTextManager`
refreshes it in `bulk_create` and `bulk_update`, the paths that skip `save` (imports, the
scale-data generator). A `QuerySet.update()` of a source field must set `search_text` itself.
"""

from __future__ import annotations

import unicodedata

from django.db import models
from django.db.models import Q, QuerySet

# Longest query folded and matched; longer input is cut (a search box, not a document).
MAX_QUERY = 200


def fold(text: str | None) -> str:
    """`text` in lower case without diacritics ("Đ"/"đ" become "d"), single-spaced."""
    decomposed = unicodedata.normalize("NFD", (text or "").casefold()).replace("đ", "d")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.split())


def search_terms(query: str | None) -> list[str]:
    """The folded words of a search box's text (empty when there is nothing to search)."""
    return fold((query or "")[:MAX_QUERY]).split()


def matching(queryset: QuerySet, query: str | None, *fields: str) -> QuerySet:
    """`queryset` rows in which every word of `query` occurs (diacritics and case ignored) in
    one of the stored folded `fields` (e.g. "search_text", "agency__search_text")."""
    for term in search_terms(query):
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__contains": term})
        queryset = queryset.filter(condition)
    return queryset


class SearchText:
    """Model mixin: `search_text` kept as the folded `search_sources()` on every save."""

    search_fields_source: tuple[str, ...] = ()

    def search_sources(self) -> list[str]:
        sources = []
        for name in self.search_fields_source:
            value = getattr(self, name)
            if isinstance(value, list):
                sources.extend(str(v) for v in value)
            elif value:
                sources.append(str(value))
        return sources

    def refresh_search_text(self) -> None:
        self.search_text = fold(" | ".join(self.search_sources()))

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.search_fields_source):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        return super().save(*args, **kwargs)


class SearchTextQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.refresh_search_text()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        fields = list(fields)
        if set(fields) & set(self.model.search_fields_source):
            for obj in objs:
                obj.refresh_search_text()
            if "search_text" not in fields:
                fields.append("search_text")
        return super().bulk_update(objs, fields, *args, **kwargs)


SearchTextManager = models.Manager.from_queryset(SearchTextQuerySet)

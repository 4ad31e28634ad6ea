"""Keyset ("cursor") pagination of the public lists: sections, tags, authors, date archives.

A list is ordered newest first by (publish_at, id). Instead of a page number, an "Older
articles" link names the last card shown (`?before=<cursor>`) and a "Newer articles" link the
first (`?after=<cursor>`); a page is the page size's rows on the far side of its cursor, found by
a range condition on the (…, publish_at, id) indexes, so page 5,000 costs what page 2 costs.
Whether there is a further page is told by reading one row more than is shown: no COUNT. The
search page keeps Django's Paginator (it shows how many articles match).

Old `?page=N` links (the WordPress site's, search engines') are served with an OFFSET and no
COUNT up to OFFSET_PAGE_LIMIT; deeper ones answer 301 to the list's first page
(docs/decisions/keyset-pagination.md).
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import F
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.http import Http404
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _

# Old ?page=N links are served up to this page (an OFFSET of 980 rows of an index walk at 20
# a page); deeper ones are sent to the first page (docs/decisions/keyset-pagination.md).
OFFSET_PAGE_LIMIT = 50
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
BIGINT_MAX = 2**63 - 1
# <microseconds since 1970 UTC, maybe negative>-<article id>: ASCII digits only ([0-9], not
# \d, which takes Arabic-Indic digits too), bounded lengths.
CURSOR = re.compile(r"(-?[0-9]{1,18})-([0-9]{1,19})")
PAGE_NUMBER = re.compile(r"[0-9]{1,30}")
# The query parameters this module reads; a link to another page of the list drops them all.
PAGE_PARAMETERS = ("page", "before", "after")


class BadCursor(ValueError):
    """A cursor that names no position in a list: 404 for readers."""


class DeepPageNumber(Exception):  # noqa: N818 (a signal, not an error)
    """An old `?page=N` link past OFFSET_PAGE_LIMIT: the reader is sent to the first page."""


@dataclass(frozen=True)
class Cursor:
    """A position in a list: the publish time and id of a card."""

    publish_at: datetime
    pk: int

    def __str__(self):
        return f"{(self.publish_at - EPOCH) // MICROSECOND}-{self.pk}"

    @classmethod
    def of(cls, card):
        return cls(card.publish_at, card.pk)

    @classmethod
    def parse(cls, text):
        match = CURSOR.fullmatch(text)
        if match is None:
            raise BadCursor(text)
        micros, pk = (int(part) for part in match.groups())
        if not 1 <= pk <= BIGINT_MAX:
            raise BadCursor(text)
        try:
            moment = EPOCH + micros * MICROSECOND
        except OverflowError:
            raise BadCursor(text) from None
        return cls(moment, pk)


@dataclass
class KeysetPage:
    """One page of a list, with the query parameters of its neighbours' links.

    `newer` and `older` are None when there is no such page, else the parameters of the link:
    {} for the list's first page, {"after": cursor} or {"before": cursor}.
    """

    object_list: list
    newer: dict | None = None
    older: dict | None = None

    @property
    def has_previous(self):
        return self.newer is not None

    @property
    def has_next(self):
        return self.older is not None

    def has_other_pages(self):
        return self.has_previous or self.has_next


def page_not_found():
    return Http404(_("That page does not exist."))


def keyset_page(queryset, params, *, to_cards, page_size):
    """The page of `queryset` (ordered newest first by publish_at, id) that the request's
    query parameters `params` name; `to_cards` turns a sliced queryset into its cards (a
    list, in order). One query for the rows, whatever the page. Raises Http404 for a
    malformed or contradictory request and for a page past the list's end (but not for the
    first page of an empty list: the caller decides).

    Raises DeepPageNumber for an old page number too deep to serve.
    """
    given = [name for name in PAGE_PARAMETERS if name in params]
    if len(given) > 1:
        raise page_not_found()
    name = given[0] if given else None
    if name is None:
        return _first_page(queryset, to_cards, page_size)
    value = params.get(name, "")
    if name == "page":
        return _numbered_page(queryset, value, to_cards, page_size)
    try:
        cursor = Cursor.parse(value)
    except BadCursor:
        raise page_not_found() from None
    if name == "before":
        rows = to_cards(older_than(queryset, cursor)[: page_size + 1])
        if not rows:
            raise page_not_found()
        # The cursor's card was shown on a newer page: there is one to go back to.
        return KeysetPage(
            rows[:page_size],
            newer={"after": str(Cursor.of(rows[0]))},
            older=_older_link(rows, page_size),
        )
    rows = to_cards(newer_than(queryset, cursor)[: page_size + 1])
    if not rows:
        raise page_not_found()
    shown = rows[:page_size][::-1]
    return KeysetPage(
        shown,
        newer={"after": str(Cursor.of(shown[0]))} if len(rows) > page_size else None,
        # The cursor's card (or one older) was on the page this link was made on.
        older={"before": str(Cursor.of(shown[-1]))},
    )


def older_than(queryset, cursor):
    """The rows after `cursor` in the list's order (-publish_at, -id), newest first.

    One row comparison, `(publish_at, id) < (t, id)`: PostgreSQL reads it as the bound of an
    index range (tests/articles/public/test_pagination.py pins the SQL; the EXPLAIN is in
    docs/decisions/keyset-pagination.md), so articles sharing a publish time cost nothing.
    The lookups are Django's own for composite primary keys, not a documented API: that test
    would catch a change.
    """
    key = TupleLessThan(Tuple(F("publish_at"), F("id")), (cursor.publish_at, cursor.pk))
    return queryset.filter(key).order_by("-publish_at", "-id")


def newer_than(queryset, cursor):
    """The rows before `cursor` in the list's order, nearest first (oldest first)."""
    key = TupleGreaterThan(Tuple(F("publish_at"), F("id")), (cursor.publish_at, cursor.pk))
    return queryset.filter(key).order_by("publish_at", "id")


def _first_page(queryset, to_cards, page_size):
    rows = to_cards(queryset[: page_size + 1])
    return KeysetPage(rows[:page_size], older=_older_link(rows, page_size))


def _numbered_page(queryset, value, to_cards, page_size):
    """An old `?page=N` link: OFFSET without COUNT up to OFFSET_PAGE_LIMIT."""
    # ASCII digits only: int() also reads " 2", "+2" and "٢", other addresses of one page.
    if not PAGE_NUMBER.fullmatch(value):
        raise Http404(_("That page number is not valid."))
    number = int(value)
    if number < 1:
        raise page_not_found()
    if number == 1:
        return _first_page(queryset, to_cards, page_size)
    if number > OFFSET_PAGE_LIMIT:
        raise DeepPageNumber(number)
    start = (number - 1) * page_size
    rows = to_cards(queryset[start : start + page_size + 1])
    if not rows:
        raise page_not_found()
    return KeysetPage(
        rows[:page_size],
        newer={} if number == 2 else {"after": str(Cursor.of(rows[0]))},
        older=_older_link(rows, page_size),
    )


def _older_link(rows, page_size):
    if len(rows) <= page_size:
        return None
    return {"before": str(Cursor.of(rows[page_size - 1]))}


def page_address(path, query, params):
    """`path` with the query string `query` (a QueryDict), its page parameters replaced by
    `params`: a link to another page of the list keeps the reader's other parameters."""
    query = query.copy()
    for name in PAGE_PARAMETERS:
        query.pop(name, None)
    for name, value in params.items():
        query[name] = value
    return escape_uri_path(path) + ("?" + query.urlencode() if query else "")

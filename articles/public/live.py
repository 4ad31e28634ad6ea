"""The live blog on the reader's side: its entries on the article page, and the endpoint the
page's script polls for what changed (static/articles/js/live.js).

`GET /live/<article id>/entries?since=<entry id>` answers JSON, the same for every reader: no
cookie, no `Vary: Cookie`, `Cache-Control: public` with a short max-age (the page cache and a
CDN keep it until an entry is posted, edited or withdrawn: the services purge it with the
article's page, both named by the article's surrogate key). Each entry comes as the HTML the
article page renders for it (one template), so a reader without script who reloads sees
exactly what the script inserts:

    live       the coverage still runs (false: the script stops polling and shows `ended`)
    latest     the newest visible entry's id (the next poll's `since`)
    entries    visible entries newer than `since`, newest first: [{id, pinned, html}]
    edited     entries up to `since` edited since posting: [{id, edited, html}] (`edited` in
               Unix seconds; the script replaces those whose edit it has not shown)
    withdrawn  ids up to `since` readers no longer see (the script removes them)
    pinned     the pinned entry's id, or null

An article readers may not see answers 404 or 410 like its page (`article_gone`); `since`
that is not a whole number answers 400 with a message.
"""

from datetime import timedelta

from django.db.models import Q
from django.http import Http404, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, LiveEntry
from articles.models.live_entry import LIVE_ENTRIES_SHOWN
from newsroom.http.surrogate_keys import article_key, cache_publicly, cache_until

# How often the page's script asks, and how long a browser or a CDN may keep an answer
# without asking the server (a purge clears the server's and the CDN's copies at once).
LIVE_POLL_SECONDS = 15
LIVE_MAX_AGE_SECONDS = 10
# `since` is an entry id: a database id fits in 18 digits.
SINCE_MAX_DIGITS = 18


def page_entries(article):
    """The live blog's visible entries for the article page, pinned first then newest first
    (one query, none for an article without live coverage)."""
    if not article.has_live_coverage:
        return []
    return list(LiveEntry.objects.for_page(article.pk))


def entry_html(entry):
    return render_to_string("includes/live_entry.html", {"entry": entry})


def parse_since(value):
    """The `since` parameter as an entry id (0 when absent); ValueError with the reader's
    message when it is not a whole number."""
    if value is None or value == "":
        return 0
    if not (value.isascii() and value.isdigit()) or len(value) > SINCE_MAX_DIGITS:
        raise ValueError(_("“since” must be the id of an entry: a whole number, 0 or more."))
    return int(value)


def live_entries(request, pk):
    """The live blog's changes since the entry `since` (see the module's docstring)."""
    try:
        since = parse_since(request.GET.get("since"))
    except ValueError as error:
        return JsonResponse({"error": str(error)}, status=400)
    from articles.public.views import article_gone

    article = (
        Article.objects.published()
        .only("pk", "live_started_at", "live_ended_at", "expires_at")
        .filter(pk=pk)
        .first()
    )
    if article is None:
        return article_gone(request, pk)
    if not article.has_live_coverage:
        cache_publicly(request, article_key(pk))
        raise Http404(_("This article has no live coverage."))
    rows = list(
        LiveEntry.objects.filter(article_id=pk)
        .filter(
            Q(pk__gt=since)
            | Q(edited_at__isnull=False)
            | Q(withdrawn_at__isnull=False)
            | Q(pinned=True)
        )
        .select_related("author", "image")
        # The pinned entry first, so that the window always holds it however many entries
        # were edited or withdrawn after it (else `pinned` is null and the script unpins it).
        .order_by("-pinned", "-id")[:LIVE_ENTRIES_SHOWN]
    )
    rows.sort(key=lambda row: row.pk, reverse=True)
    visible = [row for row in rows if not row.is_withdrawn]
    new = [row for row in visible if row.pk > since]
    data = {
        "live": article.is_live,
        "latest": max((row.pk for row in new), default=since),
        "entries": [{"id": row.pk, "pinned": row.pinned, "html": entry_html(row)} for row in new],
        "edited": [
            # The time as the page's `data-edited` holds it (Unix seconds).
            {"id": row.pk, "edited": int(row.edited_at.timestamp()), "html": entry_html(row)}
            for row in visible
            if row.pk <= since and row.edited_at is not None
        ],
        "withdrawn": [row.pk for row in rows if row.is_withdrawn and row.pk <= since],
        "pinned": next((row.pk for row in visible if row.pinned), None),
    }
    cache_publicly(request, article_key(pk))
    cache_until(request, timezone.now() + timedelta(seconds=LIVE_MAX_AGE_SECONDS))
    cache_until(request, article.expires_at)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})

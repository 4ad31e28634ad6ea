"""The spam and abuse rules of readers' comments, without any third party.

`check` runs before a comment is stored and raises CommentRefused (with a message for the
reader and the HTTP status to answer) at the first rule broken; the rate limits count the
attempt there, before anything is stored, so simultaneous requests are bounded too. The rules, cheapest first:

- the honeypot: a field people never see (templates/includes/comments.html); programs fill it;
- the minimum time between the page's loading and the comment (the token carries it);
- a link limit (each http(s):// or www. address, and each bare domain name such as "a.ma");
- the site's banned words, matched as whole words after the search normaliser
  (newsroom/text.normalise_for_search: hamza forms, taa marbuta, diacritics, case);
- every rule compares text as `comparable` makes it: NFKC, zero-width characters and soft
  hyphens dropped, spacing collapsed, so "s\u200bpam" or full-width letters are no way around;
- the rate limits, per client address (IPv4) or /64 network (IPv6, where one subscriber gets a
  whole /64) and per article, counted atomically in Django's cache (add then incr) on the
  keyed hash (never the address) over a fixed window. The per-article limit (60 in 5 minutes
  by default) is shared by every reader: a flood from many addresses can close an article to
  readers for the rest of the window (docs/security.md);
- duplicates: the same text on the same article, or from the same address anywhere today
  (the database), and the same text sent at the same moment (claimed in the cache).
"""

import hashlib
import re
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.exceptions import CommentRefused
from articles.models import Comment
from newsroom.text import normalise_for_search

RATE_PREFIX = "newsroom:comments:rate:"
# A link: an http(s):// or www. address, or a bare domain name ("a.ma", "bit.ly/x"), not the
# domain of an e-mail address.
LINK = re.compile(
    r"https?://\S+|www\.\S+"
    r"|(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(?![\w@-])(?:/\S*)?",
    re.IGNORECASE,
)
# Characters that show nothing and only split words: zero-width space, non-joiner and joiner,
# soft hyphen, word joiner, byte-order mark.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u00ad\u2060\ufeff"))
# Duplicates of the same text on one article are looked for over this period.
DUPLICATE_WINDOW = timedelta(days=30)
# How long a text just accepted is held in the cache against the same text sent at the same
# moment (the database's duplicate check covers the time after it is stored).
DUPLICATE_CLAIM_SECONDS = 600


def _setting(name, default):
    return getattr(settings, name, default)


def comparable(text):
    """`text` as the rules compare it: NFKC (full-width and styled letters, ligatures and
    presentation forms become the plain ones), invisible characters dropped, every run of
    white space one space."""
    text = unicodedata.normalize("NFKC", text or "").translate(INVISIBLE)
    return " ".join(text.split())


def count_links(text):
    return len(LINK.findall(comparable(text)))


def check(*, article, submission, address_hash, form_seconds, honeypot, site_settings, now):
    """Raise CommentRefused when the submission breaks a rule; nothing is stored then."""
    if honeypot and honeypot.strip():
        raise CommentRefused(_("Your comment could not be accepted."), status=400)
    minimum = _setting("NEWSROOM_COMMENT_MIN_SECONDS", 5)
    if form_seconds is not None and form_seconds < minimum:
        raise CommentRefused(
            _("You sent your comment too quickly. Wait a few seconds and send it again."),
            status=400,
        )
    links = count_links(submission.body) + count_links(submission.name)
    limit = _setting("NEWSROOM_COMMENT_MAX_LINKS", 2)
    if links > limit:
        raise CommentRefused(
            ngettext(
                "A comment may contain at most %(limit)s link.",
                "A comment may contain at most %(limit)s links.",
                limit,
            )
            % {"limit": limit},
            status=400,
        )
    if contains_banned_word(
        f"{submission.name}\n{submission.body}", site_settings.comments_banned_words
    ):
        raise CommentRefused(
            _("Your comment contains words this newspaper does not publish."), status=403
        )
    _check_rates(article, address_hash)
    _check_duplicates(article, submission, address_hash, now)


def banned_words(text):
    """The site's banned words (one per line), normalised as comments are."""
    words = (normalise_for_search(comparable(line)) for line in (text or "").splitlines())
    return [word for word in words if word]


def contains_banned_word(text, banned):
    """Whether `text` holds one of the `banned` words or phrases as whole words."""
    words = banned_words(banned)
    if not words:
        return False
    haystack = f" {normalise_for_search(comparable(text))} "
    return any(f" {word} " in haystack for word in words)


def _count(key, window):
    """Count one more attempt under `key` and return the count, atomically: add() starts the
    window (only the first of simultaneous requests succeeds), incr() counts within it (atomic
    in Redis and locmem). Counted before the comment is stored, so requests arriving together
    cannot all read the same old count."""
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls (or the cache is down: not counted)
        cache.add(key, 1, timeout=window)
        return 1


def _check_rates(article, address_hash):
    """Count this attempt per address (the keyed hash of the address, or of its /64 network for
    IPv6: see comments.address_hash) and per article, and refuse once over a limit."""
    if address_hash:
        count = _count(
            f"{RATE_PREFIX}address:{address_hash}",
            _setting("NEWSROOM_COMMENT_RATE_ADDRESS_WINDOW", 600),
        )
        if count > _setting("NEWSROOM_COMMENT_RATE_PER_ADDRESS", 5):
            raise CommentRefused(
                _("You have sent several comments in a short time. Try again in a few minutes."),
                status=429,
            )
    count = _count(
        f"{RATE_PREFIX}article:{article.pk}",
        _setting("NEWSROOM_COMMENT_RATE_ARTICLE_WINDOW", 300),
    )
    if count > _setting("NEWSROOM_COMMENT_RATE_PER_ARTICLE", 60):
        raise CommentRefused(
            _("This article is receiving many comments right now. Try again in a few minutes."),
            status=429,
        )


def _check_duplicates(article, submission, address_hash, now):
    """The same text (as `comparable` makes it: invisible characters and spacing do not make a
    text new) on the article within DUPLICATE_WINDOW, or from the address within a day."""
    text = comparable(submission.body)
    on_article = Comment.objects.filter(
        article_id=article.pk, created_at__gte=now - DUPLICATE_WINDOW
    ).values_list("body", flat=True)
    if any(comparable(body) == text for body in on_article.iterator(chunk_size=500)):
        raise CommentRefused(_("This comment has already been sent."), status=400)
    if address_hash:
        from_address = Comment.objects.filter(
            address_hash=address_hash, created_at__gte=now - timedelta(days=1)
        ).values_list("body", flat=True)
        if any(comparable(body) == text for body in from_address.iterator(chunk_size=500)):
            raise CommentRefused(_("This comment has already been sent."), status=400)
    # The same text sent twice at once: neither is stored yet, so the queries above see
    # nothing; the first to claim the text in the cache (atomic add) goes on.
    digest = hashlib.sha256(text.encode()).hexdigest()
    claims = [f"{RATE_PREFIX}text:article:{article.pk}:{digest}"]
    if address_hash:
        claims.append(f"{RATE_PREFIX}text:address:{address_hash}:{digest}")
    for key in claims:
        if not cache.add(key, 1, timeout=DUPLICATE_CLAIM_SECONDS):
            raise CommentRefused(_("This comment has already been sent."), status=400)

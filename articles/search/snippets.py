"""Search results' snippets: the article's own text around the query's words, marked."""

import html

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from articles.search.document import TAGS
from newsroom.text import normalise_for_search

SNIPPET_WORDS = 30


def with_snippets(articles, query):
    """Set `article.snippet`: escaped HTML from the article's own text, query words in <mark>.

    Done in Python on both databases: the database's ts_headline could only mark words in the
    normalised text (ة shown as ه, no hamza), which readers would take for typos.
    """
    articles = list(articles)
    for article in articles:
        article.snippet = highlight(plain_text(article), query)
    return articles


def plain_text(article):
    return html.unescape(TAGS.sub(" ", f"{article.standfirst} {article.body}"))


def highlight(text, query):
    """A window of `text` around the first match, with every matching word marked.

    Words are normalised only up to the first match and inside the window: a long body is
    never normalised whole.
    """
    terms = query.split()
    words = text.split()

    def matches(word):
        normalised = normalise_for_search(word)
        return bool(normalised) and any(term in normalised for term in terms)

    first = next((i for i, word in enumerate(words) if matches(word)), 0)
    start = max(0, first - SNIPPET_WORDS // 3)
    window = range(start, min(len(words), start + SNIPPET_WORDS))
    # Each word is escaped on its own; only the <mark> tags added here are markup.
    pieces = [
        format_html("<mark>{}</mark>", words[i]) if matches(words[i]) else escape(words[i])
        for i in window
    ]
    # An ellipsis where the window cuts the text, so a reader sees the quote is partial.
    if window.start > 0:
        pieces.insert(0, "…")
    if window.stop < len(words):
        pieces.append("…")
    return mark_safe(" ".join(pieces))  # noqa: S308 — every piece is escaped above

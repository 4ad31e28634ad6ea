"""Arabic full-text search over public articles.

The searchable text lives in one generated column, `Article.search_document`, that the database
recomputes whenever a row is written. Its inputs are the headline and `Article.search_text`, the
already normalised standfirst and body text, which Python computes:

- `search_text` (`SearchTextField`) is `normalise_for_search` of the standfirst and of the
  body's text (tags stripped, entities unescaped). The field computes it in `pre_save` from the
  instance, so `save()`, `create()` and `bulk_create()` always write it, and `Article.save()`
  adds it to `update_fields` whenever the standfirst or the body is saved. Writes that bypass
  `pre_save` must set it themselves: `bulk_update` (give `search_text` with `body`), the
  importers' COPY (`articles/importers/bulk.py` refuses to leave it to its default) and
  `QuerySet.update` of the standfirst or the body.
- on PostgreSQL `search_document` is a `tsvector` built with the `arabic` text-search
  configuration: the headline folded inside the database (`lower(translate(...))` with the same
  table) weighted A, `search_text` weighted B, under a GIN index (migrations 0008 and 0015);
- on SQLite it is the normalised headline (the Python normaliser registered as an SQL
  function) followed by `search_text`, searched word by word with LIKE.

Why the split: PostgreSQL's `translate()` compares every character of its text with the whole
fold table, so folding the long standfirst and body in the database made imports far slower
than folding them in Python, which costs the importer little (docs/performance.md,
"Measurements behind the code").
The headline is short: folding it in the database costs little and keeps `search_text`
to the long text.

Documents and queries share `newsroom.text.SEARCH_FOLDS`: `normalise_for_search` applies it
to the reader's query and to `search_text`, the database applies it to the headline. Changing
the table needs a migration that refills `search_text` and re-creates the column (0015 shows
how). The documents are those the database computed before (tests/articles/search/test_document.py;
all 9,902 bench articles and 99,020 migrated ones compared equal), except where the body's
text differs from what PostgreSQL saw: entities (`&nbsp;`, `&quot;`, `&amp;`) are now the
characters they stand for rather than words ("nbsp"), and Python's NFC and lowercasing apply
(a hamza typed as a combining mark, as queries already had it; "İ").
"""

from articles.search.document import (
    ArticleSearchDocument,
    ArticleSearchDocument0008,
    SearchDocumentField,
    SearchTextField,
    article_search_text,
    register_sqlite_function,
    search_document_text_0008,
    search_headline_text,
)
from articles.search.query import clean_query, search_articles
from articles.search.snippets import highlight, with_snippets

__all__ = [
    "ArticleSearchDocument",
    "ArticleSearchDocument0008",
    "SearchDocumentField",
    "SearchTextField",
    "article_search_text",
    "clean_query",
    "highlight",
    "register_sqlite_function",
    "search_articles",
    "search_document_text_0008",
    "search_headline_text",
    "with_snippets",
]

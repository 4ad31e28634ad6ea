"""No code outside the services writes an article's content or status (issue 13).

The source of the project's apps is read (not imported) and every write to an article found:
a status, publish time or content attribute assigned, `save()` on an article, a write through
`Article.objects` or `Byline.objects`, an article's tags set, a bulk writer aimed at articles.
Only the services may do these; the few other places are listed in ALLOWED, each with why.
Tests and migrations are not scanned: they set up and convert data on purpose.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
APPS = ["articles", "authors", "newsroom"]
SERVICES = {
    "articles/services/workflow.py",
    "articles/services/content.py",
    # A comment has a status of its own, which only its services write.
    "articles/services/comments.py",
    # A page (about, the legal notice) has a status and a body of its own: only its service.
    "articles/services/pages.py",
    # An article's live coverage (its start and end times) and its live blog's entries.
    "articles/services/live.py",
}

# Attributes only an article has (status and publish time are guarded everywhere: no other
# model of the project writes attributes of those names).
ARTICLE_ATTRIBUTES = {
    "status",
    "publish_at",
    "headline",
    "standfirst",
    "body",
    "kicker",
    "dateline",
    "lead_image",
    "lead_image_id",
    "lead_image_caption",
    "section_id",
    "expires_at",
    "updated_at",
    "is_featured",
    "is_breaking",
    "breaking_until",
    "share_title",
    "share_description",
    "share_image",
    "share_image_id",
    "comment_policy",
    "version",
    "imported_version",
    "source_hash",
    "search_text",
}
MODEL_WRITES = {
    "update",
    "bulk_update",
    "bulk_create",
    "create",
    "get_or_create",
    "update_or_create",
    "delete",
}
RELATION_WRITES = {"set", "add", "remove", "clear"}

# (module, what) -> why it may write anyway. Keep this short.
ALLOWED = {
    ("articles/importers/loader.py", "BulkWriter(Article)"): (
        "the importers' creation fast path (COPY, ~1,000 posts/s): new articles only, each "
        "with its audit row naming the importer; updates go through the content service"
    ),
    ("articles/importers/loader.py", "BulkWriter(Byline)"): "the same: new articles' bylines",
    ("articles/importers/loader.py", "BulkWriter(Article.tags.through)"): (
        "the same: new articles' tags"
    ),
    ("articles/images/services.py", "locked.save"): "an Image row of the picture library",
}


def python_files():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative or relative in SERVICES:
                continue
            yield relative, path


def dotted(node):
    """`Article.objects.filter(...).update` -> "Article.objects.filter.update" (calls kept
    by their function's name); "" for anything else."""
    parts = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            return ".".join(reversed(parts))
        else:
            return ".".join(reversed(parts))


def names_an_article(expression):
    text = dotted(expression).lower()
    return "article" in text.split(".")[-1] or text in {"locked", "obj"}


def writes_in(source):
    """(line, what) for every article write in `source`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if not (isinstance(target, ast.Attribute) and target.attr in ARTICLE_ATTRIBUTES):
                    continue
                if target.attr in {"status", "publish_at"} or names_an_article(target.value):
                    found.append((node.lineno, f"{dotted(target)} ="))
        elif isinstance(node, ast.Call):
            func = dotted(node.func)
            parts = func.split(".")
            if parts[-1] == "save" and isinstance(node.func, ast.Attribute):
                if names_an_article(node.func.value):
                    found.append((node.lineno, func))
            elif parts[0] in {"Article", "Byline"} and parts[-1] in MODEL_WRITES:
                found.append((node.lineno, func))
            elif len(parts) >= 2 and parts[-2] in {"tags", "bylines"}:
                if parts[-1] in RELATION_WRITES | MODEL_WRITES:
                    found.append((node.lineno, func))
            elif parts[-1] == "setattr" and node.args and names_an_article(node.args[0]):
                found.append((node.lineno, "setattr(article, …)"))
            elif parts[-1] == "BulkWriter" and node.args:
                model = dotted(node.args[0])
                if model.split(".")[0] in {"Article", "Byline"}:
                    found.append((node.lineno, f"BulkWriter({model})"))
    return found


def test_only_the_services_write_articles():
    offenders, used = [], set()
    for relative, path in python_files():
        for line, what in writes_in(path.read_text(encoding="utf-8")):
            if (relative, what) in ALLOWED:
                used.add((relative, what))
            else:
                offenders.append(f"{relative}:{line}: {what}")
    assert offenders == [], "Article writes outside the services:\n" + "\n".join(offenders)
    # An entry nothing needs any more goes, so that the list stays short.
    assert set(ALLOWED) == used


def test_the_scan_finds_each_kind_of_write():
    """The scanner itself: each shape of write is found (else the test above proves nothing)."""
    source = """
article.status = "published"
obj.body = "<p>x</p>"
locked.version += 1
article.save(update_fields=["headline"])
Article.objects.filter(pk=1).update(headline="x")
Article.objects.bulk_update(changed, ["body", "search_text"])
Byline.objects.filter(article=a).delete()
article.tags.set(tags)
setattr(article, "headline", "x")
BulkWriter(Article, ("headline",))
"""
    assert len(writes_in(source)) == 10
    assert writes_in("section.slug = 'x'\nimage.caption = 'y'\nsession.save()") == []

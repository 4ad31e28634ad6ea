"""Plain data passed from the parsers to the loader: no database objects here."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class SectionRef:
    """A section named by the input: found again by its slug, created when missing."""

    name: str
    slug: str = ""
    parent_slug: str = ""


@dataclass
class ArticleRecord:
    """Everything the loader writes for one article."""

    headline: str
    body: str  # sanitised HTML
    status: str
    publish_at: datetime | None = None
    slug: str = ""
    dateline: str = ""
    kicker: str = ""
    standfirst: str = ""
    comment_policy: str = "default"
    is_featured: bool = False
    section: SectionRef | None = None
    author_names: list[str] = field(default_factory=list)
    tag_names: list[tuple[str, str]] = field(default_factory=list)  # (name, slug)
    redirect_paths: list[str] = field(default_factory=list)


@dataclass
class PendingItem:
    """One input item, identified and fingerprinted, whose record is built only when needed.

    The loader first compares `fingerprint` with what it stored last time; an unchanged item
    is never built (converting content is the costly part of an import).
    """

    source_id: str
    fingerprint: str
    location: str  # where the item is, for reports: "path" or "item 42 (line 310)"
    build: Callable[[], ArticleRecord]

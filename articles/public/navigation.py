"""What the header's menu and the footer's links show, read once and kept in the shared cache.

Every public page shows both, so they must cost no query per page: the whole structure (plain
labels and paths, no model instances) is kept under one cache key, forgotten by the services
that change it (articles/services/menu.py, articles/services/pages.py) after their commit.
A page whose cache entry expired or was forgotten pays three small queries, once.

The menu is the admin's menu items (`MenuItem`): top items in order, each with its children.
While no item exists (a new site, or one that never set a menu up), the sections ticked *in the
site's navigation* are the menu, in their order, so that the header is never empty on a site
with sections. An item pointing at a page shows only while that page is published.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction

from articles.models import MenuItem, Page, Section
from articles.models.page import PRIVACY_PAGE_SLUG

CACHE_KEY = "newsroom:navigation"
# At most five minutes, should a section be renamed in the admin (a change no service
# announces) or a row changed behind the models' back.
CACHE_SECONDS = 300


@dataclass(frozen=True)
class Link:
    label: str
    path: str
    # "section-<id>" or "page-<id>", to tell which item is the current page's section.
    target: str = ""
    children: tuple = field(default_factory=tuple)


@dataclass(frozen=True)
class Navigation:
    menu: tuple
    footer: tuple
    # The published privacy page's path when the footer links it, for the comment form.
    privacy_path: str = ""


def load():
    """The navigation, from the cache or (on a miss) from the database, then cached."""
    navigation = cache.get(CACHE_KEY)
    if navigation is None:
        navigation = build()
        cache.set(CACHE_KEY, navigation, timeout=CACHE_SECONDS)
    return navigation


def forget_cached():
    cache.delete(CACHE_KEY)


def forget_cached_after_commit(sender=None, **kwargs):
    """A receiver of a section's save or deletion."""
    transaction.on_commit(forget_cached, robust=True)


def build():
    """Read the menu and the footer's pages (two queries, three while the menu is empty)."""
    items = list(MenuItem.objects.select_related("section", "page").order_by("order", "pk"))
    if items:
        menu = _menu_from_items(items)
    else:
        sections = Section.objects.filter(in_navigation=True).only("pk", "name", "slug")
        menu = tuple(
            Link(section.name, section.get_absolute_url(), f"section-{section.pk}")
            for section in sections.order_by("order", "name")
        )
    footer_pages = list(Page.objects.in_footer().only("pk", "title", "slug"))
    footer = tuple(
        Link(page.title, page.get_absolute_url(), f"page-{page.pk}") for page in footer_pages
    )
    privacy_path = next(
        (page.get_absolute_url() for page in footer_pages if page.slug == PRIVACY_PAGE_SLUG), ""
    )
    return Navigation(menu=menu, footer=footer, privacy_path=privacy_path)


def _link(item, children=()):
    if item.section_id:
        section = item.section
        return Link(
            item.label or section.name,
            section.get_absolute_url(),
            f"section-{section.pk}",
            children,
        )
    if item.page_id:
        if not item.page.is_public:
            return None
        return Link(
            item.label or item.page.title,
            item.page.get_absolute_url(),
            f"page-{item.page_id}",
            children,
        )
    return Link(item.label or item.path, item.path, "", children)


def _menu_from_items(items):
    children = {}
    for item in items:
        if item.parent_id:
            link = _link(item)
            if link is not None:
                children.setdefault(item.parent_id, []).append(link)
    menu = []
    for item in items:
        if item.parent_id is None:
            link = _link(item, tuple(children.get(item.pk, ())))
            if link is not None:
                menu.append(link)
    return tuple(menu)


def request_navigation(request):
    """The navigation for this request, read from the cache at most once per request."""
    if request is None:
        return load()
    if not hasattr(request, "_newsroom_navigation"):
        request._newsroom_navigation = load()
    return request._newsroom_navigation

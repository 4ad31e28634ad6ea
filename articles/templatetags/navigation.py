"""The header's menu and the footer's links (articles/public/navigation.py), marked for the
page being shown: `aria-current="page"` on the link to this very address, `aria-current="true"`
on the section of the article, listing or page shown (the reader is inside it, not on it)."""

from urllib.parse import unquote

from django import template

from articles.models import Section
from articles.public.navigation import request_navigation

register = template.Library()


def _current_target(context):
    """The menu target ("section-3", "page-5") the shown page belongs to, if any."""
    article = context.get("article")
    if article is not None and getattr(article, "section_id", None):
        return f"section-{article.section_id}"
    owner = context.get("owner")
    if isinstance(owner, Section):
        return f"section-{owner.pk}"
    static_page = context.get("static_page")
    if static_page is not None:
        return f"page-{static_page.pk}"
    return ""


def _marked(link, path, target):
    # `request.path` is decoded; the links are percent-encoded (newsroom.paths).
    if unquote(link.path) == path:
        current = "page"
    elif target and link.target == target:
        current = "true"
    else:
        current = ""
    children = [_marked(child, path, target) for child in link.children]
    return {
        "label": link.label,
        "path": link.path,
        "current": current,
        "children": children,
        "holds_current": bool(current) or any(child["current"] for child in children),
    }


@register.inclusion_tag("includes/site_menu.html", takes_context=True)
def site_menu(context):
    request = context.get("request")
    path = request.path if request is not None else ""
    target = _current_target(context)
    links = request_navigation(request).menu
    return {"links": [_marked(link, path, target) for link in links]}


@register.inclusion_tag("includes/footer_pages.html", takes_context=True)
def footer_pages(context):
    request = context.get("request")
    path = request.path if request is not None else ""
    return {"links": [_marked(link, path, "") for link in request_navigation(request).footer]}


@register.simple_tag(takes_context=True)
def privacy_page_path(context):
    """The published privacy page's path, or "" (no query: read with the navigation)."""
    return request_navigation(context.get("request")).privacy_path

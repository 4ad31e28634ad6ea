import re

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from articles.public.pagination import page_address

register = template.Library()


@register.simple_tag(takes_context=True)
def hijri_date(context, moment=None):
    """The Moroccan Hijri date of `moment` (default: today), or "" when the site hides it."""
    site_settings = context.get("site_settings")
    if site_settings is None or not site_settings.show_hijri_date:
        return ""
    day = timezone.localdate(moment) if moment else timezone.localdate()
    hijri = site_settings.hijri_date(day)
    return str(hijri) if hijri else ""


@register.simple_tag
def today():
    return timezone.localdate()


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current URL's query string with `page` set to `number`, other parameters kept."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def list_page_url(context, params):
    """The address of another page of a list paged by cursor (articles/public/pagination.py):
    the current URL with its page parameters replaced by `params`, other parameters kept."""
    request = context["request"]
    return page_address(request.path, request.GET, params)


# Digits joined by hyphens, slashes, dots or colons (2025-2026, 20/11/2024, 1.5): inside
# right-to-left text the bidi algorithm would show their parts in reverse order.
_NUMBER_RUN = re.compile(r"\d+(?:[-‐–/.:]\d+)+")


@register.filter
def isolate_numbers(text):
    """Escape `text`, wrapping number runs in <bdi dir="ltr"> so they read in order."""
    escaped = conditional_escape(text)
    return mark_safe(_NUMBER_RUN.sub(r'<bdi dir="ltr">\g<0></bdi>', escaped))  # noqa: S308

from django import template
from django.utils import timezone

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

"""The desk dashboard on the admin's home page (templates/admin/index.html)."""

from django import template

from articles.admin.dashboard import desk_lists

register = template.Library()


@register.inclusion_tag("admin/articles/desk.html", takes_context=True)
def desk_dashboard(context):
    request = context["request"]
    return {"desk_lists": desk_lists(request), "request": request}

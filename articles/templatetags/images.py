from django import template

register = template.Library()


@register.simple_tag
def body_html(article):
    """The article's sanitised body, with library pictures as responsive <picture>s and
    embedded posts as placeholders (articles/public/embeds.py)."""
    return rich_body(article.body)


@register.filter
def rich_body(body):
    """A sanitised body (an article's, a page's, a live entry's) as readers see it: library
    pictures as responsive <picture>s, embedded posts as placeholders."""
    from articles.images.body import body_with_pictures
    from articles.public.embeds import body_with_embeds

    return body_with_embeds(body_with_pictures(body or ""))

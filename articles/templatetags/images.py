from django import template

register = template.Library()


@register.simple_tag
def body_html(article):
    """The article's sanitised body, with library pictures as responsive <picture>s and
    embedded posts as placeholders (articles/public/embeds.py)."""
    from articles.images.body import body_with_pictures
    from articles.public.embeds import body_with_embeds

    return body_with_embeds(body_with_pictures(article.body))

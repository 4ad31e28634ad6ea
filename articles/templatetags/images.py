from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def share_image_url(context, image):
    """The absolute URL of `image`'s 1200×630 share crop, for <meta property="og:image">."""
    return absolute_share_image_url(context["request"], image)


def absolute_share_image_url(request, image):
    """Python form of the tag, for views and metadata builders; "" when there is no image."""
    if image is None:
        return ""
    return request.build_absolute_uri(image.share_url)


@register.simple_tag
def body_html(article):
    """The article's sanitised body, with library pictures as responsive <picture>s and
    embedded posts as placeholders (articles/public/embeds.py)."""
    from articles.images.body import body_with_pictures
    from articles.public.embeds import body_with_embeds

    return body_with_embeds(body_with_pictures(article.body))

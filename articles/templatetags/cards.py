"""`{% article_card article %}`: one article card, rendered with every variable it reads set.

An `{% include %}` of the card left `lead`, `level`, `show_standfirst` and `article.snippet`
undefined on most pages; each undefined lookup raises and catches an exception and calls
`dir()` on the article, which was a third of the home page's rendering (57 cards). The
interface language is looked up once per card here instead of by two template tags.
"""

from django import template
from django.utils.translation import get_language, get_language_bidi

register = template.Library()

CARD_TEMPLATE = "includes/article_card.html"


@register.simple_tag(takes_context=True)
def article_card(context, article, *, lead=False, show_standfirst=False, level=3):
    cache = context.render_context
    card = cache.get(CARD_TEMPLATE)
    if card is None:
        card = cache[CARD_TEMPLATE] = context.template.engine.get_template(CARD_TEMPLATE)
    values = {
        "article": article,
        "lead": lead,
        "show_standfirst": show_standfirst,
        "level": level,
        "snippet": getattr(article, "snippet", ""),
        "ui_language": get_language(),
        "ui_direction": "rtl" if get_language_bidi() else "ltr",
    }
    with context.push(values):
        return card.render(context)

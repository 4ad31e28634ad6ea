"""Page titles without bidirectional control characters.

A headline or name holding U+202E (RIGHT-TO-LEFT OVERRIDE) or its relatives would show reversed
or reordered text in the browser tab, in bookmarks and in the previews of sharing sites, where
the page's own layout cannot contain it. Slugs and URLs already drop them (newsroom/text.py);
titles go through this filter: base.html's <title> and the og:/twitter: title tags.
"""

from django import template

from newsroom.text import strip_bidi_controls

register = template.Library()


@register.filter(is_safe=True)
def without_bidi_controls(value):
    """`value` with the bidi controls removed; escaping is unaffected (they are not markup)."""
    return strip_bidi_controls(str(value))

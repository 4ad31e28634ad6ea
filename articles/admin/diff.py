"""Word-level differences between two texts, as escaped HTML with <del> and <ins>.

The body is HTML typed by people: it is compared as text (its tags turned into line breaks
between blocks), and every word is escaped before it is wrapped, so nothing of it runs.
"""

import html
import re
from difflib import SequenceMatcher

from django.utils.html import conditional_escape, strip_tags
from django.utils.safestring import mark_safe

_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figcaption)>|<br\s*/?>|<hr\s*/?>", re.I)
_TOKENS = re.compile(r"\n|[^\S\n]+|[^\s]+")


def body_text(body_html):
    """The body's text, one block (paragraph, heading, list item, quote) per line."""
    text = html.unescape(strip_tags(_BLOCK_END.sub("\n", body_html or "")))
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def word_diff(old, new):
    """Safe HTML showing `new` against `old`: removed words in <del>, added ones in <ins>."""
    old_tokens, new_tokens = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    parts = []
    matcher = SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    for op, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if op == "equal":
            parts.append(_escape(new_tokens[b_start:b_end]))
            continue
        if a_end > a_start:
            parts.append(f"<del>{_escape(old_tokens[a_start:a_end])}</del>")
        if b_end > b_start:
            parts.append(f"<ins>{_escape(new_tokens[b_start:b_end])}</ins>")
    return mark_safe("".join(parts))  # every token went through _escape


def _escape(tokens):
    return "".join("<br>" if token == "\n" else str(conditional_escape(token)) for token in tokens)

"""A headline's leading label: "الرباط: …" gives a dateline, "عاجل: …" a kicker.

Both importers (plain text and WordPress) call `split_headline`. Newsrooms open headlines with
"<words>: …" for two different things: the place the story comes from (a dateline, kept in the
headline as the newspaper printed it) and a label such as "عاجل" or "فيديو" (a kicker, shown
above the headline, so it leaves the headline). Anything else before a colon ("بنكيران: …", a
quotation's speaker) is part of the headline and gives neither.
"""

import re
from dataclasses import dataclass

from articles.importers.places import (
    FOREIGN_PLACES,
    KICKERS,
    LATIN_PLACES,
    MOROCCAN_PLACES,
    names,
)
from newsroom.text import normalise_for_search

# At most three words, then a colon (Latin or full-width) and some text after it.
LEADING_LABEL = re.compile(
    r"^\s*(?P<label>[^\s:：.!؟?،,]+(?:\s+[^\s:：.!؟?،,]+){0,2})\s*[:：]\s*(?=\S)"
)
PLACES = frozenset(
    normalise_for_search(name) for name in names(MOROCCAN_PLACES + FOREIGN_PLACES + LATIN_PLACES)
)
KICKER_NAMES = frozenset(normalise_for_search(name) for name in names(KICKERS))


@dataclass(frozen=True)
class HeadlineParts:
    headline: str
    dateline: str = ""
    kicker: str = ""


def split_headline(headline):
    """The headline, its dateline and its kicker, read from the label before its first colon.

    "عاجل: الرباط: …" gives the kicker "عاجل", then the dateline "الرباط" of what remains.
    """
    kicker = dateline = ""
    match = LEADING_LABEL.match(headline)
    if match and normalise_for_search(match.group("label")) in KICKER_NAMES:
        kicker = " ".join(match.group("label").split())
        headline = headline[match.end() :]
        match = LEADING_LABEL.match(headline)
    if match and normalise_for_search(match.group("label")) in PLACES:
        dateline = " ".join(match.group("label").split())
    return HeadlineParts(headline=headline.strip(), dateline=dateline, kicker=kicker)

"""Arabic-aware text helpers shared by models, importers and (later) search."""

import re
import unicodedata

from django.utils.text import slugify

# Bidirectional controls (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM, ALM) can make a
# URL or a title read differently from what it is; they never belong in a slug.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
TATWEEL = "\u0640"


def strip_bidi_controls(text):
    return BIDI_CONTROLS.sub("", text)


def remove_diacritics(text):
    """Drop combining marks (harakat, shadda, sukun) but keep letters such as أ whole."""
    return "".join(
        ch for ch in unicodedata.normalize("NFC", text) if unicodedata.category(ch) != "Mn"
    )


def arabic_slugify(text, max_length=200):
    """A Unicode slug that keeps Arabic letters (Django's ASCII slugify would drop them all).

    Diacritics and tatweel are removed so that the same headline typed with or without them
    gives the same slug.
    """
    text = strip_bidi_controls(text).replace(TATWEEL, "")
    text = remove_diacritics(text)
    slug = slugify(text, allow_unicode=True)[:max_length].strip("-")
    return slug


def normalise_name(name):
    """A key for finding the same person again however the byline was typed."""
    name = strip_bidi_controls(name).replace(TATWEEL, "")
    name = remove_diacritics(name)
    name = re.sub("[إأآٱ]", "ا", name).replace("ى", "ي").replace("ة", "ه")
    return " ".join(name.casefold().split())

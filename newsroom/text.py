"""Arabic-aware text helpers shared by both apps: bidi controls, diacritics, names, slugs and
the folding search uses."""

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


# Characters that are no letter to a reader: every format character (Unicode category Cf: the
# bidi controls, zero-width space and joiners, soft hyphen, byte-order mark…). "الأمن\u200b"
# and "الأمن" look the same on screen and must be one tag, one byline.
def strip_invisible(text):
    """`text` in NFKC (presentation forms such as "ﻻ" become "لا", full-width letters ASCII)
    without format characters."""
    text = unicodedata.normalize("NFKC", text or "")
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def clean_name(text):
    """A tag's or a byline's name as stored: no invisible characters, runs of spaces folded."""
    return " ".join(strip_invisible(text).split())


# Persian keyboards type kaf and yeh as their Persian forms: "کرة" is "كرة" to a reader.
PERSIAN_FOLDS = str.maketrans({"\u06a9": "\u0643", "\u06cc": "\u064a"})


def normalise_name(name):
    """A key for finding the same person again however the byline was typed."""
    name = strip_invisible(name).replace(TATWEEL, "")
    name = remove_diacritics(name)
    name = re.sub("[إأآٱ]", "ا", name).replace("ى", "ي").replace("ة", "ه")
    return " ".join(name.translate(PERSIAN_FOLDS).casefold().split())


# The search normaliser, written as data so that Python (queries, SQLite) and the database
# (the generated search column, see articles/search/document.py) apply exactly the same folding.
# Each character on the left becomes the string on the right ("" drops it).
SEARCH_FOLDS = {
    # The hamza forms of alef, alef maqsura and ta marbuta, typed either way by everyone.
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    TATWEEL: "",
    # Eastern Arabic and Persian digits: readers type 0-9 or ٠-٩.
    **{chr(0x0660 + d): str(d) for d in range(10)},
    **{chr(0x06F0 + d): str(d) for d in range(10)},
    # Diacritics: tanween, harakat, shadda, sukun, superscript alef, Quranic marks.
    **{chr(c): "" for c in range(0x064B, 0x0660)},
    "\u0670": "",
    **{chr(c): "" for c in range(0x06D6, 0x06EE) if c not in (0x06DE, 0x06E5, 0x06E6, 0x06E9)},
    # Bidi controls never belong to a word.
    **dict.fromkeys("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e", ""),
    **dict.fromkeys("\u2066\u2067\u2068\u2069", ""),
    # Arabic and Latin punctuation become spaces so they never glue two words together.
    **dict.fromkeys("،؛؟٪٫٬۔«»“”‘’„…–—", " "),
    **dict.fromkeys("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", " "),
    "\u00a0": " ",
}
# Only the characters to fold are looked for: `str.translate` with the table looks every
# character up, three times slower on an article's text (docs/performance.md, "Measurements
# behind the code"); every article's text is folded when it is saved, by the thousand in an
# import.
_SEARCH_FOLDABLE = re.compile("[" + "".join(re.escape(c) for c in SEARCH_FOLDS) + "]")


def _fold(match):
    return SEARCH_FOLDS[match.group()]


def normalise_for_search(text):
    """The one spelling that documents and queries share for full-text search.

    Drops diacritics, tatweel and bidi controls, folds the alef forms, alef maqsura and ta
    marbuta, turns Eastern Arabic digits into 0-9 and punctuation into spaces, lowercases.
    """
    text = _SEARCH_FOLDABLE.sub(_fold, unicodedata.normalize("NFC", text or ""))
    return " ".join(text.lower().split())


def unique_slug(model, base, max_length=200):
    """`base`, or `base-2`, `base-3`… whichever `model` does not use yet."""
    base = base[: max_length - 6]
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# A tag's key folds what search folds except punctuation: "C", "C++" and "C#", "11/9" and
# "11 9" are different topics. Arabic punctuation reads as its Latin twin ("؟" is "?").
TAG_KEY_MAX_LENGTH = 100
_TAG_FOLDS = str.maketrans(
    {
        **{char: into for char, into in SEARCH_FOLDS.items() if into != " "},
        "\u00a0": " ",
        "،": ",",
        "؛": ";",
        "؟": "?",
        "٪": "%",
        "–": "-",
        "—": "-",
        "\u06a9": "\u0643",
        "\u06cc": "\u064a",
    }
)


def normalise_tag_name(name):
    """The key under which two spellings of a tag are one tag: the search's folding of letters
    (hamza forms, ta marbuta, alef maqsura, Persian kaf and yeh, diacritics, tatweel, case) with
    invisible characters dropped, presentation forms unfolded (NFKC) and every run of spaces
    folded to one; punctuation is kept. "الأمن", "الامن", "الأَمن", "الأمـــن" and "الأمن\u200b"
    give the same key, "C" and "C++" two. Cut to the column's length, as stored."""
    key = unicodedata.normalize("NFC", strip_invisible(name)).translate(_TAG_FOLDS)
    return " ".join(key.lower().split())[:TAG_KEY_MAX_LENGTH]


def tag_key(name, slug):
    """The tag's stored key: its name's, or for a name with nothing left to compare (only
    diacritics or tatweel, from before names were checked) one of its own. Keys are lowercase,
    so the uppercase marker never meets a real key."""
    return normalise_tag_name(name) or ("#NO-NAME " + slug)[:TAG_KEY_MAX_LENGTH]

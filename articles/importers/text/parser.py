"""The plain-text archive: bytes -> text -> the parts of one article (no database).

A file reads, top to bottom: the masthead tagline (and/or the newspaper's name), the headline
(often opening with the dateline city and a colon), the byline, spacer lines holding only
no-break spaces, body paragraphs separated by blank lines, and optionally WordPress's footer
"التعليقات مغلقة." (comments are closed).

Two or more bylines are written on the byline line separated by the Arabic comma "،" (or a
Latin comma): "سعاد بنعلي، يوسف الإدريسي". Splitting on " و " would break names such as
"عبد الله ولد…", so the conjunction is not a separator.
"""

import codecs
import re
import unicodedata
from dataclasses import dataclass

from articles.importers.errors import ItemError
from articles.importers.headlines import split_headline

NBSP = "\u00a0"
COMMENTS_CLOSED_FOOTERS = {"التعليقات مغلقة.", "التعليقات مغلقة"}
BYLINE_SEPARATORS = re.compile(r"\s*[،,]\s*")
# Share of letters that must be Arabic for a Windows-1256 reading to be believed.
MIN_ARABIC_SHARE = 0.5


@dataclass
class ParsedText:
    headline: str
    headline_line: int
    dateline: str
    bylines: list[str]
    paragraphs: list[str]
    comments_closed: bool
    kicker: str = ""


def decode_bytes(raw):
    """The text of `raw`: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1256.

    Raises ItemError when none of them reads the bytes as plausible text.
    """
    text = _decode(raw)
    if "\x00" in text:
        raise ItemError("the file holds NUL characters: it is not a text file")
    return text


def _decode(raw):
    if raw.startswith(codecs.BOM_UTF8):
        return _strict(raw[len(codecs.BOM_UTF8) :], "utf-8")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(raw, "utf-16")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw:
        raise ItemError("the encoding cannot be decided (NUL bytes, but no UTF-16 byte-order mark)")
    try:
        text = raw.decode("cp1256")
    except UnicodeDecodeError:
        text = None
    if text is None or not _looks_like_arabic_text(text):
        raise ItemError(
            "the encoding cannot be decided: not UTF-8, no UTF-16 byte-order mark, "
            "and it does not read as Windows-1256 Arabic"
        )
    return text


def _strict(raw, encoding):
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise ItemError(f"invalid {encoding.upper()} at byte {error.start}") from None


def _looks_like_arabic_text(text):
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f" for ch in text):
        return False
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    arabic = sum(1 for ch in letters if "\u0600" <= ch <= "\u06ff")
    return arabic / len(letters) >= MIN_ARABIC_SHARE


def split_lines(text):
    """Lines of `text` whatever its line endings (LF, CRLF or CR)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def is_spacer(line):
    return NBSP in line and not line.replace(NBSP, "").strip()


def parse_text(text, *, masthead_lines=()):
    """Split one article's text into its parts; raise ItemError naming the line when it can't.

    `masthead_lines` are the site's tagline and name: leading lines equal to one of them (spaces
    folded) are the masthead and are dropped.
    """
    masthead = {_fold(line) for line in masthead_lines if line.strip()}
    lines = list(enumerate(split_lines(text.lstrip("\ufeff")), start=1))

    # Header: the non-blank lines before the first spacer (or before the first blank-separated
    # paragraph run when the file has no spacer).
    position = 0
    while position < len(lines) and (
        not lines[position][1].strip() or _fold(lines[position][1]) in masthead
    ):
        position += 1
    header = []
    has_spacer = any(is_spacer(line) for _, line in lines)
    while position < len(lines):
        number, line = lines[position]
        if is_spacer(line):
            break
        if line.strip():
            header.append((number, line.strip()))
            if not has_spacer and len(header) == 2:
                position += 1
                break
        position += 1
    if not header:
        raise ItemError("no headline: the file is empty or holds only the masthead", line=1)
    if len(header) > 2:
        number, line = header[0]
        raise ItemError(
            f"expected the headline and the byline before the spacer lines, found {len(header)} "
            f"lines; if {line[:40]!r} is the masthead, set it as the site's tagline or name",
            line=number,
        )
    headline_line, headline = header[0]
    bylines = (
        [name for name in BYLINE_SEPARATORS.split(header[1][1]) if name] if len(header) > 1 else []
    )

    paragraphs, current = [], []
    for _number, line in lines[position:]:
        if not line.strip() or is_spacer(line):
            if current:
                paragraphs.append("\n".join(current))
                current = []
        else:
            current.append(line.strip())
    if current:
        paragraphs.append("\n".join(current))

    comments_closed = bool(paragraphs) and paragraphs[-1] in COMMENTS_CLOSED_FOOTERS
    if comments_closed:
        paragraphs.pop()
    if not paragraphs:
        raise ItemError("no body paragraphs after the headline and byline", line=headline_line)

    # "تطوان: …" gives a dateline, "عاجل: …" a kicker; see `headlines`.
    parts = split_headline(headline)
    return ParsedText(
        headline=parts.headline,
        headline_line=headline_line,
        dateline=parts.dateline,
        kicker=parts.kicker,
        bylines=bylines,
        paragraphs=paragraphs,
        comments_closed=comments_closed,
    )


def _fold(line):
    return " ".join(line.replace(NBSP, " ").split())

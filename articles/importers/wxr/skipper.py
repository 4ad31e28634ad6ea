"""The unchanged re-run's shortcut: leave out, before any parsing, the posts already imported.

`UnchangedItemFilter` is a file-like object the XML parser reads the export through. It finds
each `<item>…</item>` in the raw bytes and fingerprints those bytes (SHA-256); an item whose
fingerprint is among those stored for the export's site (asked for once, at the first item) is
replaced by as many newlines as it spanned (so every later line number stays true) and the
parser never sees it. Everything else reaches the parser byte for byte, so the XML checks and
the import of new or changed posts are exactly those of a full parse.

An item is left out only when all of these hold, otherwise it is simply passed on:
- it is an exact `<item>` … first `</item>` span that does not end inside a CDATA section or a
  comment (a post quoting "</item>" in its content is not cut there), and no span before it
  did (after such a span the filter can no longer be sure where items start, so it leaves
  the rest of the file to the parser);
- it names its `<wp:post_id>` and that id was not seen earlier in the file (a repeated id
  must reach the loader, which reports it);
- its comments are in: an item holding comments the importer keeps (approved or held) whose
  article has no comment from the export yet is passed on (it was imported before comments
  were; the loader leaves the unchanged post alone and its comments are written);
- its fingerprint is stored for the site. Equal fingerprints mean identical bytes, i.e. the
  item imported last time, `<wp:post_id>` included, so the stored article is that post's and
  leaving the item out changes nothing. (Items stored without a byte fingerprint carry the
  fingerprint of their parsed fields, the SHA-256 of other bytes: they never match.)

The same byte fingerprint is given to the items the parser does read (`fingerprint_of`, by
post id: the parser's line numbers stop at 65,535), so a re-run recognises them next time.
Items without a post id keep the fingerprint of their parsed fields.

Memory: one read of the file (1 MB at a time) and the item in progress, plus the site's
stored fingerprints, a 32-byte digest each and the set's own cost (docs/performance.md,
"Measurements behind the code").
"""

import hashlib
import re
from collections import deque

ITEM_OPEN = b"<item>"
ITEM_CLOSE = b"</item>"
POST_ID_TAG = b"<wp:post_id>"
POST_ID = re.compile(rb"<wp:post_id>(?:<!\[CDATA\[)?\s*(\d+)\s*(?:\]\]>)?</wp:post_id>")
SITE = re.compile(
    rb"<wp:base_site_url>(?:<!\[CDATA\[)?\s*([^<\]]*?)\s*(?:\]\]>)?</wp:base_site_url>"
)
# A comment the importer keeps (approved or held), in CDATA or not.
KEPT_COMMENT = re.compile(
    rb"<wp:comment_approved>(?:<!\[CDATA\[)?\s*[01]\s*(?:\]\]>)?</wp:comment_approved>"
)
# A non-empty password, in CDATA or not (an empty one is "<![CDATA[]]>", nothing, or "<…/>").
PROTECTED = re.compile(rb"<wp:post_password>(?:<!\[CDATA\[(?!\]\]>)|[^<\s])")
CHUNK = 1 << 20
# Text between passed-on items (whitespace, the newlines standing for left-out items) is handed
# to the parser in pieces of about this size rather than one small read per item.
TEXT_PIECE = 1 << 16


# Changed whenever the conversion of a post's content changes (shortcodes, embeds): every stored
# fingerprint then differs once, so the next run converts again the posts nobody has edited in
# the CMS since (the loader leaves edited ones alone, articles/importers/loader.py) instead of
# skipping them as unchanged with the old conversion's raw shortcodes or bare links.
CONVERSION_VERSION = b"newsroom-wxr-conversion-2\n"


def fingerprint_hash(span=b""):
    """The running SHA-256 of a post's bytes under the current conversion."""
    digest = hashlib.sha256(CONVERSION_VERSION)
    digest.update(span)
    return digest


def byte_fingerprint(span):
    return fingerprint_hash(span).hexdigest()


def site_from_header(header):
    """The export's base site address as `_site_info` reads it, or None if not found."""
    found = SITE.search(header)
    if found is None:
        return None
    return found.group(1).decode("utf-8", "replace").strip().rstrip("/")


def ends_outside_text(span):
    """Whether the closing `</item>` of `span` is markup: not inside a CDATA section or a comment.

    Searched from the end, so it usually reads only the item's last few hundred bytes.
    """
    return span.rfind(b"<![CDATA[") < span.rfind(b"]]>") + 1 and span.rfind(b"<!--") < (
        span.rfind(b"-->") + 1
    )


def post_id_of(span):
    start = span.find(POST_ID_TAG)
    found = POST_ID.match(span, start) if start != -1 else None
    return found.group(1).decode() if found else None


class UnchangedItemFilter:
    """Read like a binary file; see the module docstring.

    `stored(source_site)` returns the fingerprints (SHA-256 digests, 32 bytes) of the posts
    stored for that site, as a set; it is called once, at the first item, and not at all
    when the export names no site. `seen` is the set of post ids met so far, shared with
    the loader.
    """

    def __init__(self, path, *, stored, seen, commented=None):
        self.handle = open(path, "rb")  # noqa: SIM115 (closed by close(), as a file is)
        self.stored = stored
        # `commented(source_site)`: the post ids whose article has comments from this export
        # (asked for once, with `stored`). A post whose item holds comments the importer keeps
        # but whose article has none yet was imported before comments were: it is passed on,
        # so that its comments arrive (the loader leaves the unchanged post itself alone).
        self.commented_for = commented
        self.commented = frozenset()
        self.known = frozenset()  # the stored fingerprints, once asked for
        self.header = []  # the text before the first item, where the site address is
        self.seen = seen
        self.buffer = b""
        self.eof = False
        self.out = deque()
        self.text = []  # text waiting to be handed on, in pieces
        self.text_size = 0
        self.site = None
        self.pos = 0  # where the unsplit part of `buffer` begins
        self.fingerprints = {}  # post id of a passed-on item -> deque of their fingerprints
        self.ids_met = set()
        # Once an <item> span was found to end inside text, the spans after it may not start
        # where items start: nothing more is left out or fingerprinted by its bytes.
        self.in_step = True
        self.skipped = 0
        self.skipped_comments = 0
        # Left-out posts that had a password: imported before protected posts were kept from
        # the public, they may be public here (`protected` reports them).
        self.skipped_protected = []

    # The file-like side, for lxml.

    def read(self, size=-1):
        while not self.out and not (self.eof and self.pos >= len(self.buffer)):
            self._fill()
        if not self.out:
            self._hand_on_text()
        if not self.out:
            return b""
        data = self.out.popleft()
        if 0 <= size < len(data):
            self.out.appendleft(data[size:])
            data = data[:size]
        return data

    def close(self):
        self.handle.close()

    def fingerprint_of(self, post_id):
        """The byte fingerprint of the next passed-on item with this post id, or None."""
        queue = self.fingerprints.get(post_id)
        if not queue:
            return None
        value = queue.popleft()
        if not queue:
            del self.fingerprints[post_id]
        return value

    # Splitting the stream.

    def _more(self):
        """Read the next chunk, dropping what has been split off already."""
        data = self.handle.read(CHUNK)
        if not data:
            self.eof = True
        self.buffer = self.buffer[self.pos :] + data
        self.pos = 0

    def _find(self, marker):
        """Offset of `marker` at or after `self.pos`, reading more as needed; -1 at the end."""
        searched = self.pos
        while True:
            found = self.buffer.find(marker, searched)
            if found != -1 or self.eof:
                return found
            # Look again only where a marker cut in two by the chunk boundary may now be.
            searched = max(self.pos, len(self.buffer) - len(marker))
            before = self.pos
            self._more()
            searched -= before

    def _add_text(self, data):
        if not data:
            return
        if self.header is not None:
            self.header.append(data)
        self.text.append(data)
        self.text_size += len(data)
        if self.text_size >= TEXT_PIECE:
            self._hand_on_text()

    def _hand_on_text(self):
        if self.text:
            self.out.append(b"".join(self.text))
            self.text, self.text_size = [], 0

    def _fill(self):
        """Split off the text before the next item and that item; decide on the item."""
        start = self._find(ITEM_OPEN)
        if start != -1:
            self._add_text(self.buffer[self.pos : start])
            self.pos = start
            end = self._find(ITEM_CLOSE)
        if start == -1 or end == -1:
            self._add_text(self.buffer[self.pos :])
            self.buffer, self.pos = b"", 0
            self._hand_on_text()
            return
        end += len(ITEM_CLOSE)
        span = self.buffer[self.pos : end]
        self.pos = end
        if self.header is not None:
            # The channel's header is all read: the site address is in it, or nowhere.
            self.site = site_from_header(b"".join(self.header)) or ""
            self.header = None
            self.known = self.stored(self.site) if self.site else frozenset()
            if self.known and self.commented_for is not None:
                self.commented = self.commented_for(self.site)
        self.in_step = self.in_step and ends_outside_text(span)
        post_id = post_id_of(span) if self.in_step else None
        first_time = post_id not in self.ids_met
        self.ids_met.add(post_id)
        if post_id is None:
            self._pass_on(span)
            return
        digest = fingerprint_hash(span)
        if (
            first_time
            and digest.digest() in self.known
            and not self._comments_missing(post_id, span)
        ):
            self.seen.add(post_id)
            self.skipped += 1
            self.skipped_comments += span.count(b"<wp:comment>")
            if PROTECTED.search(span):
                self.skipped_protected.append(post_id)
            self._add_text(b"\n" * span.count(b"\n"))
        else:
            self.fingerprints.setdefault(post_id, deque()).append(digest.hexdigest())
            self._pass_on(span)

    def _comments_missing(self, post_id, span):
        """Whether the item holds comments to keep while its article has none from the export
        (imported before comments were: its bytes are unchanged, its comments never came)."""
        return (
            self.commented_for is not None
            and post_id not in self.commented
            and KEPT_COMMENT.search(span) is not None
        )

    def _pass_on(self, span):
        self._hand_on_text()
        self.out.append(span)

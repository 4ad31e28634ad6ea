"""The unchanged re-run's shortcut: leave out, before any parsing, the posts already imported.

`UnchangedItemFilter` is a file-like object the XML parser reads the export through. It finds
each `<item>…</item>` in the raw bytes, fingerprints those bytes (SHA-256) and asks, 1,000 items
at a time, which of them the database already holds with that very fingerprint; those items
are replaced by as many newlines as they spanned (so every later line number stays true) and
the parser never sees them. Everything else reaches the parser byte for byte, so the XML
checks and the import of new or changed posts are exactly those of a full parse.

An item is left out only when all of these hold, otherwise it is simply passed on:
- it is an exact `<item>` … first `</item>` span that does not end inside a CDATA section or a
  comment (a post quoting "</item>" in its content is not cut there), and no span before it
  did (after such a span the filter can no longer be sure where items start, so it leaves
  the rest of the file to the parser);
- it names its `<wp:post_id>` and that id was not seen earlier in the file (a repeated id
  must reach the loader, which reports it);
- the stored fingerprint of that post equals the SHA-256 of the span. Equal fingerprints mean
  identical bytes, i.e. the item imported last time, so leaving it out changes nothing.

The same byte fingerprint is given to the items the parser does read (`fingerprint_of`, by
post id: the parser's line numbers stop at 65,535), so a re-run recognises them next time.
Items without a post id keep the fingerprint of their parsed fields.
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
CHUNK = 1 << 20
LOOKUP_BATCH = 1000


def byte_fingerprint(span):
    return hashlib.sha256(span).hexdigest()


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

    `unchanged(source_site, [(post id, fingerprint), …])` returns the post ids stored with that
    fingerprint; `seen` is the set of post ids met so far, shared with the loader.
    """

    def __init__(self, path, *, unchanged, seen):
        self.handle = open(path, "rb")  # noqa: SIM115 (closed by close(), as a file is)
        self.unchanged = unchanged
        self.seen = seen
        self.buffer = b""
        self.eof = False
        self.out = deque()
        self.site = None
        self.pos = 0  # where the unsplit part of `buffer` begins
        self.fingerprints = {}  # post id of a passed-on item -> deque of their fingerprints
        self.ids_met = set()
        # Once an <item> span was found to end inside text, the spans after it may not start
        # where items start: nothing more is left out or fingerprinted by its bytes.
        self.in_step = True
        self.skipped = 0
        self.skipped_comments = 0

    # The file-like side, for lxml.

    def read(self, size=-1):
        while not self.out and not (self.eof and self.pos >= len(self.buffer)):
            self._fill()
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

    def _emit(self, data):
        if data:
            self.out.append(data)

    def _fill(self):
        """Split off the text before the next items and a batch of up to LOOKUP_BATCH items."""
        spans = []
        while len(spans) < LOOKUP_BATCH:
            start = self._find(ITEM_OPEN)
            if start == -1:
                spans.append(("text", self.buffer[self.pos :]))
                self.buffer, self.pos = b"", 0
                break
            if start > self.pos:
                spans.append(("text", self.buffer[self.pos : start]))
                self.pos = start
            end = self._find(ITEM_CLOSE)
            if end == -1:
                spans.append(("text", self.buffer[self.pos :]))
                self.buffer, self.pos = b"", 0
                break
            end += len(ITEM_CLOSE)
            spans.append(("item", self.buffer[self.pos : end]))
            self.pos = end
        self._emit_batch(spans)

    def _emit_batch(self, spans):
        if self.site is None:
            header = b"".join(span for kind, span in spans if kind == "text")
            self.site = site_from_header(header) or ""
        candidates = {}  # index in spans -> (post id, fingerprint)
        for index, (kind, span) in enumerate(spans):
            if kind == "item":
                self.in_step = self.in_step and ends_outside_text(span)
                post_id = post_id_of(span) if self.in_step else None
                candidates[index] = (post_id, byte_fingerprint(span) if post_id else None)
        asked = [pair for pair in candidates.values() if pair[0] is not None]
        known = self.unchanged(self.site, asked) if (asked and self.site) else set()
        for index, (kind, span) in enumerate(spans):
            if kind != "item":
                self._emit(span)
                continue
            post_id, fingerprint = candidates[index]
            first_time = post_id not in self.ids_met
            self.ids_met.add(post_id)
            if post_id in known and first_time:
                self.seen.add(post_id)
                self.skipped += 1
                self.skipped_comments += span.count(b"<wp:comment>")
                self._emit(b"\n" * span.count(b"\n"))
            else:
                if post_id is not None:
                    self.fingerprints.setdefault(post_id, deque()).append(fingerprint)
                self._emit(span)

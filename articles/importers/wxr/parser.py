"""WordPress exports (WXR 1.0, 1.1, 1.2) -> plain data, streamed (no database).

The file is read once, as a stream that frees each element once read, so memory stays flat
however many posts the file holds. `read_wxr` first refuses a DOCTYPE with entity
declarations (entity bombs, external entities) and a root other than <rss>, then yields
authors, categories and tags, the site's address and version (checked before the first item),
and the items, as plain data. XML found broken later in the stream raises ImportInputError:
the import runs in one transaction, so nothing from a broken file is kept.

lxml parses with entity resolution, DTD loading and network access off and without
`huge_tree`, so nothing in the file can make the parser fetch or expand anything.
"""

import re
from dataclasses import dataclass, field

from lxml import etree

from articles.importers.errors import ImportInputError
from articles.importers.wxr.skipper import fingerprint_hash

PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
}
SUPPORTED_VERSIONS = {"1.0", "1.1", "1.2"}
# Both the http:// and https:// spellings of the export namespaces are in use.
NAMESPACE_PREFIXES = [
    (re.compile(r"^https?://wordpress\.org/export/1\.[0-2]/excerpt/$"), "excerpt"),
    (re.compile(r"^https?://wordpress\.org/export/1\.[0-2]/$"), "wp"),
    (re.compile(r"^http://purl\.org/rss/1\.0/modules/content/$"), "content"),
    (re.compile(r"^http://purl\.org/dc/elements/1\.1/$"), "dc"),
]
STREAMED_TAGS = [
    "item",
    "{*}author",
    "{*}category",
    "{*}tag",
    "{*}term",
    "{*}wxr_version",
    "{*}base_site_url",
    "{*}base_blog_url",
    "link",
]


@dataclass
class WxrInfo:
    version: str
    base_url: str


@dataclass
class WxrItem:
    fields: dict
    categories: list  # (domain, nicename, name)
    comment_count: int
    line: int
    # Each <wp:comment> as {short key: text} (articles/importers/wxr/comments.py reads them).
    comments: list = field(default_factory=list)
    fingerprint: str = field(default="")
    # The postmeta the media import reads (MEDIA_META_KEYS), key -> value.
    meta: dict = field(default_factory=dict)


# Postmeta read for the media import; the rest (plugins' data) is not kept.
MEDIA_META_KEYS = {
    "_wp_attached_file",
    "_wp_attachment_image_alt",
    "_wp_attachment_metadata",
    "_thumbnail_id",
}

_keys = {}


def short_key(tag):
    """ "wp:post_id" for `{http(s)://wordpress.org/export/1.x/}post_id`; None for other namespaces."""
    try:
        return _keys[tag]
    except KeyError:
        pass
    key = None
    if not isinstance(tag, str):
        key = None
    elif not tag.startswith("{"):
        key = tag
    else:
        namespace, _, local = tag[1:].partition("}")
        for pattern, prefix in NAMESPACE_PREFIXES:
            if pattern.match(namespace):
                key = f"{prefix}:{local}"
                break
    _keys[tag] = key
    return key


def _iterparse(source, events, tag=None):
    if not hasattr(source, "read"):
        source = str(source)
    return etree.iterparse(source, events=events, tag=tag, **PARSER_OPTIONS)


def _release(element):
    """Free an element already read and the siblings before it: keeps memory flat."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _refuse_entity_declarations(element):
    dtd = element.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise ImportInputError(
            "the file declares XML entities in a DOCTYPE (a possible entity bomb or external "
            "entity); WordPress exports never do, so it is refused"
        )


def check_prolog(path):
    """Refuse, before reading further, a file with DTD entity declarations or no <rss> root."""
    try:
        for _event, element in _iterparse(path, ("start",)):
            _refuse_entity_declarations(element)
            if element.tag != "rss":
                raise ImportInputError(
                    f"not a WordPress export: the root element is <{element.tag}>, not <rss>"
                )
            return
    except etree.XMLSyntaxError as error:
        raise _syntax_error(error) from None
    except OSError as error:
        raise ImportInputError(f"cannot read the file: {error}") from None


def _syntax_error(error):
    line = error.position[0] if error.position else "?"
    return ImportInputError(f"not well-formed XML at line {line}: {error.msg}")


def _site_info(header):
    version = header.get("version")
    if version is None:
        raise ImportInputError(
            "no <wp:wxr_version>: this is not a WordPress export (WXR 1.0, 1.1 or 1.2)"
        )
    if version not in SUPPORTED_VERSIONS:
        raise ImportInputError(
            f"unsupported WXR version {version!r}: only 1.0, 1.1 and 1.2 are understood"
        )
    site = (header.get("base_url") or header.get("link") or "").rstrip("/")
    return WxrInfo(version=version, base_url=site)


def read_wxr(path, *, stream=None):
    """Yield ("author", dict), ("category", dict), ("tag", dict), then ("site", WxrInfo) once,
    before the first item, then ("item", WxrItem) for each item.

    Raises ImportInputError for unsafe XML, an unsupported version, or XML found broken at any
    point of the stream: callers run inside a transaction, so nothing of it is kept.

    `stream`: an `UnchangedItemFilter` over the same file (see `skipper`) to read through;
    items then carry the fingerprint of their bytes.
    """
    check_prolog(path)
    try:
        yield from _read_stream(stream or path, stream)
    except etree.XMLSyntaxError as error:
        raise _syntax_error(error) from None


def _read_stream(source, stream):
    header = {}
    site_sent = False
    for event, element in _iterparse(source, ("start", "end"), tag=STREAMED_TAGS):
        key = short_key(element.tag)
        if event == "start":
            if key == "item" and not site_sent:
                site_sent = True
                yield "site", _site_info(header)
            continue
        parent = element.getparent()
        at_channel_level = parent is not None and parent.tag == "channel"
        if key == "item":
            item = _read_item(element)
            if stream is not None:
                post_id = item.fields.get("wp:post_id", "").strip()
                item.fingerprint = stream.fingerprint_of(post_id) or item.fingerprint
            yield "item", item
            _release(element)
        elif not at_channel_level:
            continue
        elif key == "wp:wxr_version":
            header["version"] = (element.text or "").strip()
        elif key in ("wp:base_site_url", "wp:base_blog_url"):
            header.setdefault("base_url", (element.text or "").strip())
        elif key == "link":
            header.setdefault("link", (element.text or "").strip())
        elif key == "wp:author":
            yield "author", _children(element)
            _release(element)
        elif key == "wp:category":
            data = _children(element)
            yield (
                "category",
                {
                    "slug": data.get("wp:category_nicename", ""),
                    "name": data.get("wp:cat_name", ""),
                    "parent": data.get("wp:category_parent", ""),
                },
            )
            _release(element)
        elif key == "wp:tag":
            data = _children(element)
            yield "tag", {"slug": data.get("wp:tag_slug", ""), "name": data.get("wp:tag_name", "")}
            _release(element)
        elif key == "wp:term":
            data = _children(element)
            taxonomy = data.get("wp:term_taxonomy", "")
            term = {
                "slug": data.get("wp:term_slug", ""),
                "name": data.get("wp:term_name", ""),
                "parent": data.get("wp:term_parent", ""),
            }
            if taxonomy == "category":
                yield "category", term
            elif taxonomy == "post_tag":
                yield "tag", term
            _release(element)
    if not site_sent:
        yield "site", _site_info(header)


def count_items_roughly(path):
    """How many "<item>" the file holds, for a progress bar's total only (CDATA may fool it)."""
    count, tail = 0, b""
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            count += (tail + chunk).count(b"<item>")
            tail = chunk[-5:]
    return count


def _children(element):
    data = {}
    for child in element:
        key = short_key(child.tag)
        if key:
            data[key] = (child.text or "").strip()
    return data


def _read_item(element):
    fields, categories, comments, meta, comment_rows = {}, [], 0, {}, []
    for child in element:
        key = short_key(child.tag)
        if key is None:
            continue
        if key == "category":
            categories.append(
                (child.get("domain", "category"), child.get("nicename", ""), child.text or "")
            )
        elif key == "wp:comment":
            comments += 1
            comment_rows.append(_children(child))
        elif key == "wp:postmeta":
            pair = _children(child)
            if pair.get("wp:meta_key") in MEDIA_META_KEYS:
                meta[pair["wp:meta_key"]] = pair.get("wp:meta_value", "")
        else:
            fields[key] = child.text or ""
    item = WxrItem(
        fields=fields,
        categories=categories,
        comment_count=comments,
        line=element.sourceline,
        meta=meta,
        comments=comment_rows,
    )
    # What the item says, not where it sits in the file: the same post exported twice has the
    # same fingerprint.
    # Control characters cannot occur in XML 1.0 text, so they separate the parts unambiguously.
    canonical = "\x1e".join(f"{key}\x1f{value}" for key, value in sorted(fields.items()))
    canonical += "\x1d" + "\x1e".join("\x1f".join(category) for category in categories)
    item.fingerprint = fingerprint_hash(canonical.encode()).hexdigest()
    return item

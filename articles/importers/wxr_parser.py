"""WordPress exports (WXR 1.0, 1.1, 1.2) -> plain data, streamed (no database).

The file is read twice, both times as a stream that frees each element once read, so memory
stays flat however many posts the file holds:

1. `inspect_wxr` checks the whole file before anything is written: well-formed XML, no DTD
   entity declarations (entity bombs, external entities), a supported `wxr_version`; it also
   finds the site's address and counts the items for the progress bar.
2. `read_wxr` yields authors, categories, tags and items as plain data.

lxml parses with entity resolution, DTD loading and network access off and without
`huge_tree`, so nothing in the file can make the parser fetch or expand anything.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field

from lxml import etree

from articles.importers.errors import ImportInputError

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
    item_count: int


@dataclass
class WxrItem:
    fields: dict
    categories: list  # (domain, nicename, name)
    comment_count: int
    line: int
    fingerprint: str = field(default="")


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


def _iterparse(path, events, tag=None):
    return etree.iterparse(str(path), events=events, tag=tag, **PARSER_OPTIONS)


def _release(element):
    """Free an element already read and the siblings before it: keeps memory flat."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _parent_tag(element):
    parent = element.getparent()
    return parent.tag if parent is not None else None


def _refuse_entity_declarations(element):
    dtd = element.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise ImportInputError(
            "the file declares XML entities in a DOCTYPE (a possible entity bomb or external "
            "entity); WordPress exports never do, so it is refused"
        )


def inspect_wxr(path):
    """Check the whole file before anything is written; return its version, site and item count."""
    version = base_url = channel_link = None
    item_count = 0
    seen_root = False
    try:
        for event, element in _iterparse(path, ("start", "end")):
            if not seen_root:
                seen_root = True
                _refuse_entity_declarations(element)
                if element.tag != "rss":
                    raise ImportInputError(
                        f"not a WordPress export: the root element is <{element.tag}>, not <rss>"
                    )
            if event != "end":
                continue
            key = short_key(element.tag)
            if key == "item":
                item_count += 1
                _release(element)
            elif key == "wp:wxr_version":
                version = (element.text or "").strip()
            elif key in ("wp:base_site_url", "wp:base_blog_url") and not base_url:
                base_url = (element.text or "").strip()
            elif key == "link" and not channel_link and _parent_tag(element) == "channel":
                channel_link = (element.text or "").strip()
    except etree.XMLSyntaxError as error:
        line = error.position[0] if error.position else "?"
        raise ImportInputError(f"not well-formed XML at line {line}: {error.msg}") from None
    except OSError as error:
        raise ImportInputError(f"cannot read the file: {error}") from None
    if version is None:
        raise ImportInputError(
            "no <wp:wxr_version>: this is not a WordPress export (WXR 1.0, 1.1 or 1.2)"
        )
    if version not in SUPPORTED_VERSIONS:
        raise ImportInputError(
            f"unsupported WXR version {version!r}: only 1.0, 1.1 and 1.2 are understood"
        )
    site = (base_url or channel_link or "").rstrip("/")
    return WxrInfo(version=version, base_url=site, item_count=item_count)


def read_wxr(path):
    """Yield ("author", dict), ("category", dict), ("tag", dict) and ("item", WxrItem).

    Call `inspect_wxr` first: this reader assumes a well-formed, checked file.
    """
    for _event, element in _iterparse(path, ("end",), tag=STREAMED_TAGS):
        key = short_key(element.tag)
        parent = element.getparent()
        at_channel_level = parent is not None and parent.tag == "channel"
        if key == "item":
            yield "item", _read_item(element)
            _release(element)
        elif not at_channel_level:
            continue
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


def _children(element):
    data = {}
    for child in element:
        key = short_key(child.tag)
        if key:
            data[key] = (child.text or "").strip()
    return data


def _read_item(element):
    fields, categories, comments = {}, [], 0
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
        elif key == "wp:postmeta":
            continue
        else:
            fields[key] = child.text or ""
    item = WxrItem(
        fields=fields, categories=categories, comment_count=comments, line=element.sourceline
    )
    # What the item says, not where it sits in the file: the same post exported twice has the
    # same fingerprint.
    canonical = json.dumps([sorted(fields.items()), categories], ensure_ascii=False)
    item.fingerprint = hashlib.sha256(canonical.encode()).hexdigest()
    return item

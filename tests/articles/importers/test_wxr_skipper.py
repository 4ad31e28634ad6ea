from lxml import etree

from articles.importers.wxr.importer import import_wxr
from articles.importers.wxr.skipper import UnchangedItemFilter, byte_fingerprint
from tests.articles.importers.conftest import FIXTURES

EXPORT = FIXTURES / "arabic-export.xml"
HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"'
    ' xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>\n'
    "<wp:base_site_url>https://old.example.ma/</wp:base_site_url>\n"
)


def item(post_id, content="نص"):
    return (
        f"<item>\n<title>عنوان {post_id}</title>\n"
        f"<content:encoded><![CDATA[{content}]]></content:encoded>\n"
        f"<wp:post_id>{post_id}</wp:post_id>\n</item>\n"
    )


def export(tmp_path, *items):
    path = tmp_path / "export.xml"
    path.write_text(HEAD + "".join(items) + "</channel>\n</rss>\n", encoding="utf-8")
    return path


def read_all(path, known, seen=None):
    """What the parser is given when the database knows the (post id, fingerprint)s `known`."""
    asked = []

    def stored(site):
        asked.append(site)
        return {bytes.fromhex(fingerprint) for _post_id, fingerprint in known}

    stream = UnchangedItemFilter(path, stored=stored, seen=set() if seen is None else seen)
    chunks = []
    while chunk := stream.read(7):  # small reads: items cut across reads must still work
        chunks.append(chunk)
    stream.close()
    return b"".join(chunks), stream, asked


def test_a_known_item_is_left_out_and_every_line_keeps_its_number(tmp_path):
    path = export(tmp_path, item(1), item(2), item(3))
    raw = path.read_bytes()
    second = item(2).rstrip("\n").encode()
    out, stream, asked = read_all(path, {("2", byte_fingerprint(second))})
    assert asked == ["https://old.example.ma"]
    assert out == raw.replace(second, b"\n" * second.count(b"\n"))
    assert stream.skipped == 1
    titles = [e.text for e in etree.fromstring(out).iter("title")]
    assert titles == ["عنوان 1", "عنوان 3"]
    assert (
        etree.fromstring(out).find("channel/item[2]").sourceline
        == raw[: raw.index(item(3).encode())].count(b"\n") + 1
    )


def test_an_item_whose_bytes_changed_is_passed_on_with_its_new_fingerprint(tmp_path):
    old = item(2).rstrip("\n").encode()
    path = export(tmp_path, item(1), item(2, content="نص جديد"))
    out, stream, _asked = read_all(path, {("2", byte_fingerprint(old))})
    assert out == path.read_bytes()
    new = item(2, content="نص جديد").rstrip("\n").encode()
    assert stream.fingerprint_of("2") == byte_fingerprint(new)
    assert stream.fingerprint_of("2") is None


def test_a_post_quoting_a_closing_item_tag_stops_all_leaving_out(tmp_path):
    quoting = item(1, content="<code>&lt;/item&gt;</code> and raw </item> in text")
    path = export(tmp_path, quoting, item(2), item(3))
    everything = {(str(n), byte_fingerprint(item(n).rstrip("\n").encode())) for n in (1, 2, 3)}
    out, stream, _asked = read_all(path, everything)
    assert out == path.read_bytes()
    assert stream.skipped == 0


def test_a_repeated_post_id_is_passed_on_for_the_loader_to_report(tmp_path):
    path = export(tmp_path, item(1), item(1))
    same = byte_fingerprint(item(1).rstrip("\n").encode())
    out, stream, _asked = read_all(path, {("1", same)})
    assert stream.skipped == 1
    assert out.count(b"<item>") == 1


def test_an_export_without_site_address_is_read_whole(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(
        HEAD.replace("<wp:base_site_url>https://old.example.ma/</wp:base_site_url>\n", "")
        + item(1)
        + "</channel>\n</rss>\n",
        encoding="utf-8",
    )
    out, stream, asked = read_all(path, {("1", byte_fingerprint(item(1).rstrip("\n").encode()))})
    assert out == path.read_bytes() and asked == [] and stream.skipped == 0


def test_a_rerun_reports_unchanged_posts_and_their_comments(db):
    first = import_wxr(EXPORT)
    again = import_wxr(EXPORT)
    assert again.unchanged == 5
    assert again.counts["comments"] == first.counts["comments"] == 3


def test_a_failure_after_left_out_posts_names_its_true_line(db, tmp_path):
    import_wxr(EXPORT)
    broken = tmp_path / "export.xml"
    broken.write_text(
        EXPORT.read_text(encoding="utf-8").replace("2021-03-16 11:00:00", "16/03/2021"),
        encoding="utf-8",
    )
    report = import_wxr(broken)
    assert report.unchanged == 4 and report.failed == 1
    line = next(
        number
        for number, text in enumerate(broken.read_text(encoding="utf-8").splitlines(), 1)
        if "<wp:post_id>104</wp:post_id>" in text
    )
    opening = max(
        number
        for number, text in enumerate(broken.read_text(encoding="utf-8").splitlines(), 1)
        if number < line and text.strip() == "<item>"
    )
    assert str(report.failures[0]).startswith(f"item 104 (line {opening})")


def declaring_export(tmp_path, *, terms, posts):
    """An export that declares `terms` categories, tags and authors and holds `posts` posts."""
    head = (
        HEAD.replace("<channel>\n", "<channel>\n<wp:wxr_version>1.2</wp:wxr_version>\n")
        .replace('xmlns:wp="', 'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="')
        .replace("old.example.ma", f"site{terms}.example.ma")
    )
    declared = "".join(
        f"<wp:author><wp:author_login>login{n}</wp:author_login>"
        f"<wp:author_display_name>كاتب {n}</wp:author_display_name></wp:author>\n"
        f"<wp:category><wp:category_nicename>qism-{n}</wp:category_nicename>"
        f"<wp:category_parent>{'qism-0' if n else ''}</wp:category_parent>"
        f"<wp:cat_name>قسم {n}</wp:cat_name></wp:category>\n"
        f"<wp:tag><wp:tag_slug>wasm-{n}</wp:tag_slug><wp:tag_name>وسم {n}</wp:tag_name></wp:tag>\n"
        for n in range(terms)
    )
    items = "".join(
        f"<item>\n<title>عنوان {n}</title>\n<dc:creator>login{n % terms}</dc:creator>\n"
        f"<content:encoded><![CDATA[نص {n}]]></content:encoded>\n"
        f"<wp:post_id>{n}</wp:post_id>\n<wp:post_date_gmt>2024-01-01 10:00:00</wp:post_date_gmt>\n"
        f"<wp:status>publish</wp:status>\n<wp:post_type>post</wp:post_type>\n"
        f'<category domain="category" nicename="qism-{n % terms}">قسم {n % terms}</category>\n'
        f'<category domain="post_tag" nicename="wasm-{n % terms}">وسم {n % terms}</category>\n'
        "</item>\n"
        for n in range(1, posts + 1)
    )
    path = tmp_path / f"export-{terms}-{posts}.xml"
    path.write_text(head + declared + items + "</channel>\n</rss>\n", encoding="utf-8")
    return path


def queries_of_a_rerun(path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = import_wxr(path)
    assert first.failed == 0 and first.created > 0
    with CaptureQueriesContext(connection) as queries:
        again = import_wxr(path)
    assert (again.created, again.updated, again.failed) == (0, 0, 0)
    assert again.unchanged == first.created
    return len(queries)


def test_a_rerun_asks_the_same_few_questions_however_many_posts_and_terms(db, tmp_path):
    # Before: one look-up per 500 posts, and one per declared category, tag and author.
    small = queries_of_a_rerun(declaring_export(tmp_path, terms=2, posts=3))
    large = queries_of_a_rerun(declaring_export(tmp_path, terms=60, posts=1200))
    assert large == small
    assert small <= 8

"""Write a WordPress export (WXR 1.2) of N posts with realistic Arabic text, for benchmarks.

    python bench/generate_wxr.py 10000 /tmp/bench-10k.xml

Sentences come from ../shared/fixtures/arabic-text/ar_pud_sentences.tsv (UD Arabic PUD,
CC BY-SA 3.0). The output is deterministic for a given N (seeded), streamed to disk, and
shaped like a real export: authors, a category hierarchy, tags, Gutenberg paragraphs, a
caption every 10th post, percent-encoded Arabic post names, a few drafts and trashed posts.
"""

import csv
import os
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape

# ../shared beside the checkout; NEWSROOM_SHARED_DIR names it for a checkout elsewhere (a git
# worktree), as in the tests.
SHARED = Path(
    os.environ.get("NEWSROOM_SHARED_DIR") or Path(__file__).resolve().parents[1] / ".." / "shared"
)
SENTENCES = SHARED / "fixtures" / "arabic-text" / "ar_pud_sentences.tsv"
AUTHORS = [("amina", "أمينة الصقلي"), ("driss", "إدريس بنشقرون"), ("salma", "سلمى العمراني")]
CATEGORIES = [
    ("jihat", "جهات", ""),
    ("shamal", "الشمال", "jihat"),
    ("iqtisad", "اقتصاد", ""),
    ("riyada", "رياضة", ""),
]
TAGS = [f"وسم {n}" for n in range(30)]


def load_sentences():
    with SENTENCES.open(encoding="utf-8") as handle:
        return [
            row["text"] for row in csv.DictReader(handle, delimiter="\t") if row["text"].strip()
        ]


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def post(n, rng, sentences, start):
    words = rng.choice(sentences).split()[:8]
    title = " ".join(words)
    slug = quote("-".join(words[:5]) + f"-{n}").lower()
    paragraphs = []
    for _ in range(rng.randint(4, 8)):
        text = " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 4)))
        paragraphs.append(f"<!-- wp:paragraph -->\n<p>{escape(text)}</p>\n<!-- /wp:paragraph -->")
    if n % 10 == 0:
        paragraphs.insert(
            1,
            f'[caption id="attachment_{n}" width="600"]<img src="https://old.example.ma/u/{n}.jpg" '
            f'alt="صورة" width="600" height="400" /> {escape(rng.choice(sentences)[:80])}[/caption]',
        )
    when = start + timedelta(minutes=17 * n)
    status = "publish"
    if n % 97 == 0:
        status = "draft"
    elif n % 101 == 0:
        status = "trash"
    login = AUTHORS[n % len(AUTHORS)][0]
    category = CATEGORIES[n % len(CATEGORIES)]
    tags = rng.sample(TAGS, 2)
    tag_xml = "".join(
        f'<category domain="post_tag" nicename="{quote(t.replace(" ", "-")).lower()}">{cdata(t)}</category>'
        for t in tags
    )
    return f"""
	<item>
		<title>{cdata(title)}</title>
		<link>https://old.example.ma/{when:%Y/%m}/{slug}/</link>
		<dc:creator>{cdata(login)}</dc:creator>
		<guid isPermaLink="false">https://old.example.ma/?p={n}</guid>
		<content:encoded>{cdata(chr(10).join(paragraphs))}</content:encoded>
		<excerpt:encoded>{cdata(rng.choice(sentences))}</excerpt:encoded>
		<wp:post_id>{n}</wp:post_id>
		<wp:post_date>{cdata((when + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S"))}</wp:post_date>
		<wp:post_date_gmt>{cdata(when.strftime("%Y-%m-%d %H:%M:%S"))}</wp:post_date_gmt>
		<wp:comment_status>{cdata("closed" if n % 3 else "open")}</wp:comment_status>
		<wp:post_name>{cdata(slug)}</wp:post_name>
		<wp:status>{cdata(status)}</wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:post_type>{cdata("post")}</wp:post_type>
		<wp:is_sticky>{1 if n % 500 == 0 else 0}</wp:is_sticky>
		<category domain="category" nicename="{category[0]}">{cdata(category[1])}</category>{tag_xml}
	</item>"""


def generate(count, out):
    rng = random.Random(count)
    sentences = load_sentences()
    start = datetime(2015, 1, 1, tzinfo=UTC)
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "\t<title>جريدة الاختبار</title>\n\t<link>https://old.example.ma</link>\n"
            "\t<wp:wxr_version>1.2</wp:wxr_version>\n"
            "\t<wp:base_site_url>https://old.example.ma</wp:base_site_url>\n"
        )
        for login, name in AUTHORS:
            handle.write(
                f"\t<wp:author><wp:author_login>{cdata(login)}</wp:author_login>"
                f"<wp:author_display_name>{cdata(name)}</wp:author_display_name></wp:author>\n"
            )
        for slug, name, parent in CATEGORIES:
            handle.write(
                f"\t<wp:category><wp:category_nicename>{slug}</wp:category_nicename>"
                f"<wp:category_parent>{parent}</wp:category_parent>"
                f"<wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>\n"
            )
        for n in range(1, count + 1):
            handle.write(post(n, rng, sentences, start))
        handle.write("\n</channel>\n</rss>\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python bench/generate_wxr.py N OUTPUT.xml")
    generate(int(sys.argv[1]), sys.argv[2])

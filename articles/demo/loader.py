"""What `load_demo_content` loads, so that a newcomer's `make run` shows the product.

1. The text files under `articles/demo/<section>/`, through the text importer (the sport
   article carries a YouTube address alone on its line: the importer makes it an embed).
2. Pictures drawn here (articles/demo/pictures.py), added to the library through the upload
   gate (`image_create_from_file`) with alternative text and a credit; each article gets its
   lead picture, the port article one picture in its body, the Fès article a gallery (the
   WordPress importer's storage shape, `gallery_figure`), every article its tags, all in one
   `article_update_content` per article.
3. A correction (port), the Fès article pinned as the home page's top story, a finished live
   coverage of the derby with three entries, and the legal notice and privacy pages filled in
   with clearly fake values and published.

Every write goes through the services, as the demo desk: an account that cannot sign in
(unusable password, not staff) in the editors' role, so the services check it as they would
an editor. Each step first looks for what it would add: a second run adds nothing.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction

from articles.demo import pictures
from articles.images.services import image_create_from_file
from articles.importers.text.importer import import_text
from articles.importers.wxr.wp_shortcodes import gallery_figure, picture_figure
from articles.models import (
    Article,
    CorrectionKind,
    HomePin,
    HomeSlot,
    Image,
    Page,
    PageStatus,
    Section,
)
from articles.sanitize import sanitize_body_html
from articles.services import roles
from articles.services.content import article_update_content
from articles.services.home import home_pin
from articles.services.live import live_coverage_end, live_coverage_start, live_entry_post
from articles.services.pages import page_publish, page_update
from articles.services.tags import tag_create
from articles.services.workflow import article_add_correction

DEMO_DIR = Path(__file__).resolve().parent
# directory -> (section name, order)
SECTIONS = {"society": ("مجتمع", 1), "economy": ("اقتصاد", 2), "sport": ("رياضة", 3)}
HOURS_BETWEEN_ARTICLES = 5
DESK_USERNAME = "demo-desk"
CREDIT = "هيئة التحرير، رسم تجريبي"
PORT, ARGAN, RAIN, BOOKS, DERBY = (
    "economy/01-tanger-port.txt",
    "economy/02-agadir-argan.txt",
    "society/01-fes-rain.txt",
    "society/02-marrakech-books.txt",
    "sport/01-casablanca-derby.txt",
)


@dataclass(frozen=True)
class DemoPicture:
    draw: object  # a function of articles/demo/pictures.py
    alt_text: str  # unique among the demo's pictures: how a second run finds it
    caption: str


LEAD_PICTURES = {
    PORT: DemoPicture(
        pictures.port,
        "حاويات ملونة مكدسة على رصيف ميناء ورافعة برتقالية أمام البحر",
        "أرصفة الحاويات بميناء طنجة المتوسط.",
    ),
    ARGAN: DemoPicture(
        pictures.argan,
        "أشجار أركان خضراء على تلال جافة تحت سماء برتقالية",
        "أشجار الأركان في سهل سوس.",
    ),
    RAIN: DemoPicture(
        pictures.rain,
        "مطر يتساقط على أسوار المدينة العتيقة وباب مقوس",
        "زخات المطر على أسوار فاس العتيقة.",
    ),
    BOOKS: DemoPicture(
        pictures.books,
        "أكوام من الكتب المدرسية الملونة أمام جدار أحمر",
        "كتب مدرسية جمعها المتطوعون بمراكش.",
    ),
    DERBY: DemoPicture(
        pictures.stadium,
        "ملعب كرة قدم أخضر تحت الأضواء ومدرجات ممتلئة بالأحمر والأخضر",
        "ملعب الديربي البيضاوي.",
    ),
}
# The port article's picture inside its body, after its first paragraph.
BODY_PICTURE = DemoPicture(
    pictures.ship,
    "سفينة حاويات في عرض البحر عند غروب الشمس",
    "سفينة حاويات تقترب من الميناء.",
)
# The Fès article's gallery, after its second paragraph.
GALLERY = (
    DemoPicture(
        pictures.copper,
        "صوان نحاسية معلقة على جدار في سوق تقليدي",
        "محلات النحاس في سوق الصفارين.",
    ),
    DemoPicture(
        pictures.tannery,
        "أحواض دباغة دائرية بألوان مختلفة مصورة من الأعلى",
        "أحواض دار الدباغة.",
    ),
    DemoPicture(
        pictures.alley,
        "زقاق ضيق بين جدران بيضاء وأبواب زرقاء",
        "زقاق من أزقة المدينة العتيقة.",
    ),
)
TAGS = {
    PORT: ["ميناء طنجة المتوسط", "التجارة الخارجية"],
    ARGAN: ["الأركان", "التعاونيات", "التجارة الإلكترونية"],
    RAIN: ["فاس", "الطقس", "الصناعة التقليدية"],
    BOOKS: ["مراكش", "التعليم", "العمل التطوعي"],
    DERBY: ["الدار البيضاء", "البطولة الوطنية"],
}
CORRECTION = (
    PORT,
    CorrectionKind.CORRECTION,
    "ورد في نسخة سابقة من هذا المقال أن الأرقام تخص السنة كاملة، والصحيح أنها تخص الأشهر "
    "التسعة الأولى منها. (تصحيح تجريبي)",
)
TOP_STORY = RAIN
LIVE = (
    DERBY,
    [
        (100, "<p>صافرة البداية: الجمهور يملأ المدرجات قبل ساعة من انطلاق المباراة.</p>"),
        (60, "<p>هدف للفريق الزائر قبل نهاية الشوط الأول بدقيقتين.</p>"),
        (15, "<p>التعادل! ضربة رأسية في الدقيقة 78 تعيد المباراة إلى نقطة البداية.</p>"),
    ],
)
# What the demo writes in the bracketed «يُملأ» placeholders of the pages created by
# migrations 0029 (legal notice) and 0037 (privacy); anything not named gets FAKE_VALUE.
PLACEHOLDER = "[يُملأ: "
FAKE_VALUE = "قيمة تجريبية"
FAKE_VALUES = {
    "الاسم القانوني للمقاولة الصحفية الناشرة وشكلها القانوني ورأسمالها": (
        "شركة الجريدة التجريبية، شركة ذات مسؤولية محدودة (مثال متخيل)"
    ),
    "الاسم الكامل لمدير النشر": "فلان الفلاني (اسم متخيل)",
    "عنوان المقر الاجتماعي، المدينة": "00 شارع المثال، الرباط (عنوان متخيل)",
    "عنوان البريد الإلكتروني": "contact@example.ma",
    "رقم الهاتف": "0500-000000",
}
DEMO_NOTICE = "<p><strong>محتوى تجريبي: كل القيم في هذه الصفحة متخيلة.</strong></p>"
PAGES = ("البيانات-القانونية", "سياسة-الخصوصية")


@dataclass
class DemoReport:
    """What one run added; `failures` are the text importer's."""

    counts: dict = field(default_factory=dict)
    failures: list = field(default_factory=list)

    def add(self, what, number=1):
        if number:
            self.counts[what] = self.counts.get(what, 0) + number

    @property
    def changed(self):
        return bool(self.counts)


def load_demo_content(*, now):
    """Load the demo; return a DemoReport of what was added (empty on a second run)."""
    report = DemoReport()
    _import_articles(now, report)
    with transaction.atomic():
        desk = _demo_desk(report)
        articles = {
            article.source_id: article
            for article in Article.objects.filter(source="text", source_id__in=list(TAGS))
        }
        _dress_articles(articles, desk, report)
        _add_correction(articles, desk, now, report)
        _pin_top_story(articles, desk, report)
        _cover_live(articles, desk, report)
        _publish_pages(desk, report)
    return report


def _import_articles(now, report):
    files = sorted(DEMO_DIR.glob("*/*.txt"))
    for position, path in enumerate(files):
        name, order = SECTIONS[path.parent.name]
        # In the site's navigation: the header's menu lists them while no menu is made in the
        # admin (articles/public/navigation.py).
        section = Section.objects.filter(name=name).first() or Section.objects.create(
            name=name, order=order, in_navigation=True
        )
        result = import_text(
            [path],
            section=section.slug,
            status="published",
            published_at=now - timedelta(hours=1 + position * HOURS_BETWEEN_ARTICLES),
            root=DEMO_DIR,
        )
        report.add("articles", result.created)
        report.failures.extend(str(failure) for failure in result.failures)


def _demo_desk(report):
    """The account the demo acts as: an editor who cannot sign in."""
    desk = get_user_model().objects.filter(username=DESK_USERNAME).first()
    if desk is None:
        desk = get_user_model()(
            username=DESK_USERNAME,
            first_name="هيئة التحرير",
            last_name="(محتوى تجريبي)",
            is_staff=False,
            is_superuser=False,
        )
        desk.set_unusable_password()
        desk.save()
        desk.groups.add(Group.objects.get(name=roles.EDITOR))
        report.add("demo desk account")
    return desk


def _picture(demo, desk, report):
    image = Image.objects.filter(alt_text=demo.alt_text, credit=CREDIT).first()
    if image is None:
        image = _create_picture(demo, desk)
        report.add("pictures")
    return image


def _create_picture(demo, desk):
    return image_create_from_file(
        file=ContentFile(pictures.png_bytes(demo.draw()), name="demo.png"),
        filename=f"{demo.draw.__name__}.png",
        alt_text=demo.alt_text,
        caption=demo.caption,
        credit=CREDIT,
        uploaded_by=desk,
    )


def _figure(image):
    return picture_figure((image.fallback_url, image.alt_text, image.caption, image.credit))


def _after_paragraph(body, number, html):
    """`body` with `html` inserted after its `number`th paragraph (at the end if fewer)."""
    position = 0
    for _paragraph in range(number):
        found = body.find("</p>", position)
        if found < 0:
            return body + html
        position = found + len("</p>")
    return body[:position] + html + body[position:]


def _dress_articles(articles, desk, report):
    for source_id, article in articles.items():
        changes = {"lead_image": _picture(LEAD_PICTURES[source_id], desk, report)}
        body = article.body
        if source_id == PORT:
            image = _picture(BODY_PICTURE, desk, report)
            if str(image.key) not in body:
                body = _after_paragraph(body, 1, _figure(image))
        if source_id == RAIN:
            images = [_picture(demo, desk, report) for demo in GALLERY]
            if str(images[0].key) not in body:
                body = _after_paragraph(body, 2, gallery_figure([_figure(i) for i in images]))
        if body != article.body:
            changes["body"] = sanitize_body_html(body)
        tags = []
        for name in TAGS[source_id]:
            tag, created = tag_create(name=name, actor=desk)
            report.add("tags", int(created))
            tags.append(tag)
        changes["tags"] = tags
        change = article_update_content(
            article=article, actor=desk, changes=changes, note="محتوى تجريبي"
        )
        report.add("articles given pictures and tags", int(bool(change.changed)))


def _add_correction(articles, desk, now, report):
    source_id, kind, text = CORRECTION
    article = articles[source_id]
    if not article.corrections.exists():
        article_add_correction(
            article=article, actor=desk, kind=kind, text=text, now=article.publish_at
        )
        report.add("corrections")


def _pin_top_story(articles, desk, report):
    if not HomePin.objects.filter(slot=HomeSlot.TOP).exists():
        home_pin(article=articles[TOP_STORY], slot=HomeSlot.TOP, actor=desk)
        report.add("home page pins")


def _cover_live(articles, desk, report):
    source_id, entries = LIVE
    article = articles[source_id]
    if article.live_started_at is not None:
        return
    end = article.publish_at
    live_coverage_start(article=article, actor=desk, now=end - timedelta(minutes=120))
    for minutes_before, body in entries:
        live_entry_post(
            article=article, actor=desk, body=body, now=end - timedelta(minutes=minutes_before)
        )
    live_coverage_end(article=article, actor=desk, now=end)
    report.add("live entries", len(entries))


def _publish_pages(desk, report):
    """Fill in the placeholders of the pages the migrations created, and publish them; a page
    someone has already changed or published is left as it is."""
    for page in Page.objects.filter(slug__in=PAGES, status=PageStatus.DRAFT):
        if PLACEHOLDER not in page.body:
            continue
        page = page_update(page=page, actor=desk, changes={"body": _filled(page.body)})
        page_publish(page=page, actor=desk)
        report.add("pages published")


def _filled(body):
    parts = body.split(PLACEHOLDER)
    out = [DEMO_NOTICE, parts[0]]
    for part in parts[1:]:
        label, _bracket, rest = part.partition("]")
        out.append(FAKE_VALUES.get(label, FAKE_VALUE) + rest)
    return "".join(out)

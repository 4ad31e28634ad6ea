"""The privacy page to fill in (issue 20): what the site keeps about its readers, and why.

Morocco's law 09-08 on personal data asks whoever processes readers' data to tell them what is
kept, for what, for how long, who is responsible and how to have it corrected or deleted. The
page states what the code keeps (docs/security.md, "Readers' comments: what is kept"); what only the newspaper knows
(its name, address, contact, its declaration to the CNDP, how long its servers keep their logs)
is a placeholder in brackets starting with «يُملأ», and the page is created as a draft, to be
published by an editor once filled in (docs/public-site.md, "Pages"). Once published it is
linked from the footer and from the comment form.
"""

from django.db import migrations

PRIVACY_PAGE_SLUG = "سياسة-الخصوصية"
PRIVACY_PAGE_TITLE = "سياسة الخصوصية"
PRIVACY_PAGE_BODY = (
    "<p>تشرح هذه الصفحة ما تحفظه الجريدة عن قرائها، ولماذا، وإلى متى، وكيف تطلبون حذفه، "
    "طبقا للقانون رقم 09.08 المتعلق بحماية الأشخاص الذاتيين تجاه معالجة المعطيات ذات الطابع "
    "الشخصي.</p>"
    "<h2>المسؤول عن المعالجة</h2>"
    "<p>[يُملأ: الاسم القانوني للمقاولة الصحفية الناشرة وعنوانها]</p>"
    "<p>رقم التصريح لدى اللجنة الوطنية لمراقبة حماية المعطيات ذات الطابع الشخصي: "
    "[يُملأ: رقم التصريح]</p>"
    "<h2>قراءة الموقع</h2>"
    "<p>لا يضع الموقع أي ملف تعريف ارتباط (كوكي) عند القراءة، ولا يحمّل أي أداة تتبع أو إعلان "
    "من جهة أخرى. تسجل خوادم الموقع، ككل خادم، عنوان الإنترنت (IP) لكل طلب في سجلاتها، "
    "وتحتفظ بها مدة [يُملأ: مدة الاحتفاظ بسجلات الخادم] ثم تحذفها.</p>"
    "<h2>التعليقات</h2>"
    "<ul>"
    "<li>الاسم ونص التعليق: يُنشران تحت المقال بعد أن يقرأهما محرر.</li>"
    "<li>البريد الإلكتروني: اختياري، لا يُنشر أبدا في أي صفحة، ويراه المحررون وحدهم.</li>"
    "<li>عنوان الإنترنت: لا يُحفظ مع التعليق إلا في صورة بصمة مشفرة بمفتاح سري، لمكافحة "
    "الرسائل المزعجة، وتُمحى بعد 30 يوما.</li>"
    "</ul>"
    "<h2>حقوقكم</h2>"
    "<p>لكم حق الاطلاع على معطياتكم وتصحيحها والتعرض على معالجتها وحذفها. راسلونا على "
    "[يُملأ: عنوان البريد الإلكتروني] من العنوان الذي كتبتم به تعليقاتكم، فنحذفها كلها. "
    "ولكم أن تتقدموا بشكوى إلى اللجنة الوطنية لمراقبة حماية المعطيات ذات الطابع الشخصي.</p>"
)


def forwards(apps, schema_editor):
    Page = apps.get_model("articles", "Page")
    if not Page.objects.filter(slug=PRIVACY_PAGE_SLUG).exists():
        Page.objects.create(
            title=PRIVACY_PAGE_TITLE,
            slug=PRIVACY_PAGE_SLUG,
            description="ما تحفظه الجريدة عن قرائها ولماذا وكيف تطلبون حذفه.",
            body=PRIVACY_PAGE_BODY,
            status="draft",
            in_footer=True,
            footer_order=90,
        )


def backwards(apps, schema_editor):
    # Kept: by then an editor may have filled it in and published it.
    pass


class Migration(migrations.Migration):
    dependencies = [("articles", "0036_article_read_counts")]

    operations = [migrations.RunPython(forwards, backwards)]

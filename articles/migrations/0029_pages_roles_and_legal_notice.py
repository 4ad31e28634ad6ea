"""Pages and the menu (issue 18): the roles' permissions, and the legal notice to fill in.

Reporters draft pages (add, change and view: the admin narrows changing to drafts); editors
publish and unpublish them (`publish_page`) and read their audit trail; the editor-in-chief
also deletes pages, manages their old addresses and the site's menu. Frozen here, as a
migration must be; the roles test checks the result against ROLE_PERMISSIONS.

The legal notice (law 88-13 on the press asks an electronic newspaper to name its publisher,
its director of publication, its registration and its address) is created as a draft whose
every value is a placeholder in brackets: it is published by an editor once filled in
(docs/public-site.md, "Pages").
"""

import importlib

from django.db import migrations

GRANTS = {
    "مراسل": ["articles.add_page", "articles.change_page", "articles.view_page"],
    "محرر": [
        "articles.add_page",
        "articles.change_page",
        "articles.view_page",
        "articles.publish_page",
        "articles.view_pagechange",
    ],
    "رئيس التحرير": [
        "articles.add_page",
        "articles.change_page",
        "articles.view_page",
        "articles.publish_page",
        "articles.view_pagechange",
        "articles.delete_page",
        "articles.add_pageredirect",
        "articles.change_pageredirect",
        "articles.delete_pageredirect",
        "articles.view_pageredirect",
        "articles.add_menuitem",
        "articles.change_menuitem",
        "articles.delete_menuitem",
        "articles.view_menuitem",
    ],
}

LEGAL_NOTICE_SLUG = "البيانات-القانونية"
LEGAL_NOTICE_TITLE = "البيانات القانونية"
# Every value to fill in is in square brackets and starts with «يُملأ».
LEGAL_NOTICE_BODY = (
    "<p>تنشر هذه الجريدة الإلكترونية طبقا للقانون رقم 88.13 المتعلق بالصحافة والنشر.</p>"
    "<h2>الناشر</h2>"
    "<p>[يُملأ: الاسم القانوني للمقاولة الصحفية الناشرة وشكلها القانوني ورأسمالها]</p>"
    "<h2>مدير النشر</h2>"
    "<p>[يُملأ: الاسم الكامل لمدير النشر]</p>"
    "<h2>التصريح والإيداع القانوني</h2>"
    "<ul>"
    "<li>رقم ملف التصريح لدى النيابة العامة: [يُملأ: رقم الملف القانوني]</li>"
    "<li>رقم الإيداع القانوني: [يُملأ: رقم الإيداع]</li>"
    "<li>رقم السجل التجاري: [يُملأ: رقم السجل التجاري]</li>"
    "<li>رقم بطاقة الملاءمة أو الاعتماد لدى المجلس الوطني للصحافة: [يُملأ: الرقم]</li>"
    "</ul>"
    "<h2>العنوان</h2>"
    "<p>[يُملأ: عنوان المقر الاجتماعي، المدينة]</p>"
    "<h2>الاتصال</h2>"
    "<ul>"
    "<li>الهاتف: [يُملأ: رقم الهاتف]</li>"
    "<li>البريد الإلكتروني: [يُملأ: عنوان البريد الإلكتروني]</li>"
    "</ul>"
    "<h2>الاستضافة</h2>"
    "<p>[يُملأ: اسم مزود الاستضافة وعنوانه]</p>"
)


def permissions_by_role(apps):
    # Permissions are created after the whole `migrate` run; 0004's helper makes them now.
    importlib.import_module("articles.migrations.0004_editorial_roles").ensure_permissions(apps)
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for name, codes in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        permissions = []
        for code in codes:
            app_label, codename = code.split(".")
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        yield group, permissions


def forwards(apps, schema_editor):
    for group, permissions in permissions_by_role(apps):
        group.permissions.add(*permissions)
    Page = apps.get_model("articles", "Page")
    if not Page.objects.filter(slug=LEGAL_NOTICE_SLUG).exists():
        Page.objects.create(
            title=LEGAL_NOTICE_TITLE,
            slug=LEGAL_NOTICE_SLUG,
            description="الناشر ومدير النشر والتصريح والعنوان ووسائل الاتصال.",
            body=LEGAL_NOTICE_BODY,
            status="draft",
            in_footer=True,
            footer_order=100,
        )


def backwards(apps, schema_editor):
    for group, permissions in permissions_by_role(apps):
        group.permissions.remove(*permissions)
    # The page goes with the table when 0028 is reversed.


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0028_pages_and_menu"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

"""Pages in the admin: saved through the service, published by editors only."""

from django.urls import reverse

from articles.models import Page, PageStatus
from articles.services.pages import page_create, page_publish
from tests.sign_in import sign_in


def draft(actor):
    return page_create(actor=actor, title="اتصل بنا", slug="اتصل-بنا", body="<p>هاتف.</p>")


def form_data(**fields):
    data = {
        "title": "اتصل بنا",
        "slug": "اتصل-بنا",
        "description": "",
        "body": "<p>هاتف.</p>",
        "in_footer": "on",
        "footer_order": "0",
        "changes-TOTAL_FORMS": "0",
        "changes-INITIAL_FORMS": "0",
    }
    data.update(fields)
    return data


def test_a_reporter_drafts_a_page_in_the_admin_sanitised(client, staff):
    sign_in(client, staff["reporter"])
    response = client.post(
        reverse("admin:articles_page_add"),
        form_data(body='<p onmouseover="x()">هاتف.</p><script>y()</script>'),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = Page.objects.get(slug="اتصل-بنا")
    assert (page.status, page.created_by) == (PageStatus.DRAFT, staff["reporter"])
    assert "script" not in page.body and "onmouseover" not in page.body


def test_a_reporter_is_not_offered_publishing_and_cannot_publish(client, staff):
    page = draft(staff["reporter"])
    sign_in(client, staff["reporter"])
    changelist = reverse("admin:articles_page_changelist")
    assert "publish_pages" not in client.get(changelist).content.decode()
    client.post(changelist, {"action": "publish_pages", "_selected_action": [page.pk]})
    page.refresh_from_db()
    assert page.status == PageStatus.DRAFT


def test_an_editor_publishes_with_the_action(client, staff):
    page = draft(staff["reporter"])
    sign_in(client, staff["editor"])
    response = client.post(
        reverse("admin:articles_page_changelist"),
        {"action": "publish_pages", "_selected_action": [page.pk]},
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.status == PageStatus.PUBLISHED


def test_a_reporter_cannot_change_a_published_page_in_the_admin(client, staff):
    page = page_publish(page=draft(staff["reporter"]), actor=staff["editor"])
    sign_in(client, staff["reporter"])
    url = reverse("admin:articles_page_change", args=[page.pk])
    client.post(url, form_data(title="عنوان آخر"))
    page.refresh_from_db()
    assert page.title == "اتصل بنا"


def test_the_forms_render_with_the_body_editor(client, staff):
    page = draft(staff["reporter"])
    sign_in(client, staff["chief"])
    for url in [
        reverse("admin:articles_page_add"),
        reverse("admin:articles_page_change", args=[page.pk]),
        reverse("admin:articles_page_changelist"),
        reverse("admin:articles_menuitem_add"),
        reverse("admin:articles_menuitem_changelist"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    body = client.get(reverse("admin:articles_page_change", args=[page.pk])).content.decode()
    assert "data-body-editor" in body
    assert "أُنشئت" in body  # the audit trail, in Arabic

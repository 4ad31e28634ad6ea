"""The tag admin and the article form's lookups: creating tags and guest bylines while
writing, spelling variants offered as the existing tag, merging tags in the admin."""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.test import Client

from articles.models import Tag, TagChange, TagRedirect
from articles.services.tags import tag_merge
from authors.models import Author
from tests.articles.admin.test_workflow import admin_url
from tests.newsroom.http import test_page_cache
from tests.sign_in import sign_in

ROLES = ["reporter", "editor", "chief"]


def lookup(client, term, model="articles_tag"):
    return client.get(admin_url(f"{model}_lookup"), {"term": term}).json()


@pytest.mark.parametrize("role", ROLES)
def test_a_variant_is_offered_as_the_existing_tag_without_a_create_choice(
    client, staff, make_tag, role
):
    existing = make_tag("الأمن")
    make_tag("الأمن الغذائي")
    sign_in(client, staff[role])
    for typed in ["الامن", "الأَمن", "الأمـــن", " الأمن  "]:
        answer = lookup(client, typed)
        assert answer["results"][0] == {"id": str(existing.pk), "text": "الأمن"}
        assert answer["create"] is None


def test_a_new_name_is_offered_for_creation_in_arabic(client, staff, make_tag, settings):
    make_tag("الأمن")
    sign_in(client, staff["reporter"])
    answer = lookup(client, "الهجرة  السرية")
    assert answer["results"] == []
    assert answer["create"] == {"name": "الهجرة السرية", "label": "إنشاء «الهجرة السرية»"}


def test_staff_who_may_not_create_are_not_offered_it(client, make_staff, make_tag):
    user = make_staff()
    user.user_permissions.add(Permission.objects.get(codename="view_tag"))
    sign_in(client, user)
    assert lookup(client, "جديد")["create"] is None
    response = client.post(admin_url("articles_tag_lookup_create"), {"name": "جديد"})
    assert response.status_code == 403
    assert not Tag.objects.filter(name="جديد").exists()


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("reporter", 201), ("editor", 201), ("chief", 201)]
)
def test_permission_matrix_of_creating_a_tag_from_the_form(client, staff, role, status):
    if role != "anonymous":
        sign_in(client, staff[role])
    response = client.post(admin_url("articles_tag_lookup_create"), {"name": "الهجرة"})
    assert response.status_code == status
    if status == 201:
        tag = Tag.objects.get()
        assert response.json() == {"id": str(tag.pk), "text": "الهجرة", "created": True}
        assert TagChange.objects.get().actor == staff[role]
    else:
        assert not Tag.objects.exists()


def test_creating_a_variant_gives_the_existing_tag_and_bad_names_are_refused(
    client, staff, make_tag
):
    existing = make_tag("كرة القدم")
    sign_in(client, staff["reporter"])
    url = admin_url("articles_tag_lookup_create")
    response = client.post(url, {"name": "كره القدم"})
    assert (response.status_code, response.json()["id"]) == (200, str(existing.pk))
    response = client.post(url, {"name": "؟؟"})
    assert response.status_code == 400
    assert response.json()["error"]
    assert client.get(url).status_code == 405
    assert Tag.objects.count() == 1


def test_the_article_form_offers_the_creatable_tags_and_bylines_fields(client, staff):
    sign_in(client, staff["reporter"])
    page = client.get(admin_url("articles_article_add")).content.decode()
    assert 'class="creatable-autocomplete"' in page
    assert f'data-create-url="{admin_url("articles_tag_lookup_create")}"' in page
    assert f'data-create-url="{admin_url("authors_author_lookup_create")}"' in page
    assert "articles/js/creatable-autocomplete.js" in page
    assert "//cdn" not in page


def test_the_add_pop_up_creates_through_the_service_and_refuses_a_variant(client, staff, make_tag):
    make_tag("إسرائيل")
    sign_in(client, staff["reporter"])
    url = admin_url("articles_tag_add", query="?_popup=1")
    response = client.post(url, {"name": "اسرائيل", "_popup": "1"})
    assert response.status_code == 200
    assert "«إسرائيل»" in response.content.decode() or "إسرائيل" in str(
        response.context["adminform"].form.errors
    )
    assert Tag.objects.count() == 1
    response = client.post(url, {"name": "الجهوية", "_popup": "1"})
    assert response.status_code == 200  # the pop-up's closing page
    tag = Tag.objects.get(name="الجهوية")
    assert TagChange.objects.get(tag=tag).actor == staff["reporter"]


def test_the_chief_cannot_rename_a_tag_to_another_s_variant(client, staff, make_tag):
    make_tag("الأمن")
    other = make_tag("الاقتصاد")
    sign_in(client, staff["chief"])
    response = client.post(
        admin_url("articles_tag_change", other.pk), {"name": "الامن", "slug": other.slug}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"]
    other.refresh_from_db()
    assert other.name == "الاقتصاد"


def changelist_action(client, tags, **extra):
    data = {"action": "merge_selected", "_selected_action": [t.pk for t in tags], **extra}
    return client.post(admin_url("articles_tag_changelist"), data)


@pytest.mark.parametrize("role", ["editor", "chief"])
def test_editors_merge_tags_after_a_confirmation_page(client, staff, make_tag, make_article, role):
    kept, merged = make_tag("المملكة المغربية"), make_tag("المغرب")
    make_article(tags=[merged])
    sign_in(client, staff[role])

    page = changelist_action(client, [kept, merged])
    assert page.status_code == 200
    assert page.templates[0].name == "admin/articles/tag/merge_selected.html"
    assert Tag.objects.count() == 2

    done = changelist_action(client, [kept, merged], apply="1", kept=kept.pk)
    assert done.status_code == 302
    assert list(Tag.objects.all()) == [kept]
    assert TagRedirect.objects.get().tag == kept
    messages = [str(m) for m in get_messages(done.wsgi_request)]
    assert messages == ["دُمج الوسم «المغرب» في «المملكة المغربية»: نُقل 1 من المقالات."]


def test_merging_needs_two_tags_and_reporters_never_merge(client, staff, make_tag):
    one, two = make_tag(), make_tag()
    sign_in(client, staff["editor"])
    response = changelist_action(client, [one])
    assert response.status_code == 302
    sign_in(client, staff["reporter"])
    assert changelist_action(client, [one, two], apply="1", kept=one.pk).status_code == 403
    assert Tag.objects.count() == 2


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("reporter", 403), ("editor", 201), ("chief", 201)]
)
def test_permission_matrix_of_adding_a_guest_byline(client, staff, role, status):
    if role != "anonymous":
        sign_in(client, staff[role])
    response = client.post(admin_url("authors_author_lookup_create"), {"name": "وكالة الأنباء"})
    assert response.status_code == status
    if status == 201:
        author = Author.objects.get()
        assert (author.name, author.user) == ("وكالة الأنباء", None)
        entry = LogEntry.objects.get(object_id=str(author.pk))
        assert (entry.user, entry.action_flag) == (staff[role], ADDITION)
    else:
        assert not Author.objects.exists()


def test_a_byline_variant_gives_the_existing_author(client, staff, make_author):
    existing = make_author("أحمد المنصوري")
    sign_in(client, staff["editor"])
    answer = lookup(client, "احمد المنصورى", model="authors_author")
    assert answer["results"][0]["id"] == str(existing.pk)
    assert answer["create"] is None
    response = client.post(admin_url("authors_author_lookup_create"), {"name": "احمد  المنصوري"})
    assert (response.status_code, response.json()["id"]) == (200, str(existing.pk))
    assert Author.objects.count() == 1


# Issue 22 review: NUL and invisible names on the create endpoints; renaming and deleting in
# the admin go through the services (audit row, redirect, purge of the cached pages).


@pytest.mark.parametrize("model", ["articles_tag", "authors_author"])
@pytest.mark.parametrize("name", ["الأمن\x00", "\u200b"])
def test_nul_and_invisible_only_names_are_refused_with_a_message(client, staff, model, name):
    sign_in(client, staff["editor"])
    response = client.post(admin_url(f"{model}_lookup_create"), {"name": name})
    assert response.status_code == 400
    assert response.json()["error"]
    assert not Tag.objects.exists() and not Author.objects.exists()


def test_a_byline_with_an_invisible_character_gives_the_existing_author(client, staff, make_author):
    existing = make_author("أحمد المنصوري")
    sign_in(client, staff["editor"])
    url = admin_url("authors_author_lookup_create")
    for variant in ("أحمد\u200b المنصوري", "\ufeffأحمد المنصوری"):
        response = client.post(url, {"name": variant})
        assert (response.status_code, response.json()["id"]) == (200, str(existing.pk))
    assert Author.objects.count() == 1


@pytest.fixture
def cdn(settings):
    """The page cache on, and the purge hook recording what the CDN is asked to purge."""
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_PURGE_HOOK = "tests.newsroom.http.test_page_cache.record_purge"
    cache.clear()
    test_page_cache.purged_at_cdn.clear()
    yield test_page_cache.purged_at_cdn
    cache.clear()


def test_renaming_in_the_admin_records_redirects_and_purges_the_cached_pages(
    client, staff, make_tag, make_article, site_settings, cdn, django_capture_on_commit_callbacks
):
    tag = make_tag("الامن")
    article = make_article(tags=[tag])
    old_url = tag.get_absolute_url()
    reader = Client()
    assert reader.get(old_url)["X-Cache"] == "MISS"
    assert reader.get(old_url)["X-Cache"] == "HIT"
    sign_in(client, staff["chief"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            admin_url("articles_tag_change", tag.pk), {"name": "الأمن", "slug": "الأمن-الوطني"}
        )
    assert response.status_code == 302
    tag.refresh_from_db()
    assert (tag.name, tag.slug) == ("الأمن", "الأمن-الوطني")
    assert TagChange.objects.get().action == "renamed"
    assert {f"tag-{tag.pk}", f"tag-{tag.pk}-list", f"article-{article.pk}"} <= set(cdn[-1])
    moved = reader.get(old_url)
    assert moved.status_code == 301
    assert moved["Location"] == tag.get_absolute_url()
    assert "الأمن" in reader.get(moved["Location"]).content.decode()


def test_deleting_in_the_admin_records_and_purges(
    client, staff, make_tag, make_article, site_settings, cdn, django_capture_on_commit_callbacks
):
    tag = make_tag("الأمن")
    make_article(tags=[tag])
    tag_id = tag.pk
    sign_in(client, staff["chief"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(admin_url("articles_tag_delete", tag.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Tag.objects.exists()
    assert TagChange.objects.get().action == "deleted"
    assert {f"tag-{tag_id}", f"tag-{tag_id}-list"} <= set(cdn[-1])


def test_the_bulk_delete_action_goes_through_the_service(
    client, staff, make_tag, django_capture_on_commit_callbacks
):
    tags = [make_tag(), make_tag()]
    sign_in(client, staff["chief"])
    data = {"action": "delete_selected", "_selected_action": [t.pk for t in tags], "post": "yes"}
    client.post(admin_url("articles_tag_changelist"), data)
    assert not Tag.objects.exists()
    assert TagChange.objects.filter(action="deleted").count() == 2


def test_the_chief_cannot_give_a_tag_a_slug_that_redirects(client, staff, make_tag):
    merged, kept, other = make_tag("المغرب"), make_tag("المملكة"), make_tag("الرباط")
    old_slug = merged.slug
    tag_merge(source=merged, target=kept, actor=staff["editor"])
    sign_in(client, staff["chief"])
    response = client.post(
        admin_url("articles_tag_change", other.pk), {"name": other.name, "slug": old_slug}
    )
    assert response.status_code == 200
    assert "المملكة" in str(response.context["adminform"].form.errors["slug"])
    other.refresh_from_db()
    assert other.slug != old_slug

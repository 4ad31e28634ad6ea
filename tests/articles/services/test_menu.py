"""The menu's write path (articles/services/menu.py): the editor-in-chief only; one target,
one level; every change forgets the cached menu and purges every cached page."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.exceptions import PageNotPermitted
from articles.models import MenuItem
from articles.public import navigation
from articles.services.menu import menu_item_delete, menu_item_save
from tests.sign_in import sign_in


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("anonymous", False), ("reporter", False), ("editor", False), ("chief", True)],
)
def test_only_the_editor_in_chief_changes_the_menu(role, allowed, staff, make_section):
    item = MenuItem(section=make_section(name="رياضة"))
    if allowed:
        menu_item_save(item=item, actor=staff[role])
    else:
        with pytest.raises(PageNotPermitted):
            menu_item_save(item=item, actor=staff[role])
    assert MenuItem.objects.exists() is allowed
    assert LogEntry.objects.exists() is allowed


@pytest.mark.parametrize(
    "targets",
    [
        {},
        {"path": "/search/", "section": True},
        {"path": "https://evil.example/"},
        {"path": "//x"},
        # A browser reads "/\\" as "//" and drops tabs: both lead to another host.
        {"path": "/\\evil.example/"},
        {"path": "/\t/evil.example/"},
    ],
)
def test_an_item_needs_exactly_one_target_on_this_site(targets, staff, make_section):
    if targets.get("section"):
        targets = {**targets, "section": make_section()}
    with pytest.raises(ValidationError):
        menu_item_save(item=MenuItem(label="رابط", **targets), actor=staff["chief"])
    assert not MenuItem.objects.exists()


def test_the_menu_has_one_level(staff, make_section):
    top = menu_item_save(item=MenuItem(section=make_section()), actor=staff["chief"])
    child = menu_item_save(item=MenuItem(section=make_section(), parent=top), actor=staff["chief"])
    with pytest.raises(ValidationError):
        menu_item_save(item=MenuItem(path="/2025/", parent=child), actor=staff["chief"])
    top.parent = menu_item_save(item=MenuItem(path="/search/"), actor=staff["chief"])
    with pytest.raises(ValidationError):  # it has children: it stays a top item
        menu_item_save(item=top, actor=staff["chief"])


def test_a_change_forgets_the_cached_menu(staff, make_section, django_capture_on_commit_callbacks):
    section = make_section(name="اقتصاد")
    assert navigation.load().menu == ()
    with django_capture_on_commit_callbacks(execute=True):
        item = menu_item_save(item=MenuItem(section=section), actor=staff["chief"])
    assert [link.label for link in navigation.load().menu] == ["اقتصاد"]
    with django_capture_on_commit_callbacks(execute=True):
        menu_item_delete(item=item, actor=staff["chief"])
    assert cache.get(navigation.CACHE_KEY) is None
    assert navigation.load().menu == ()


def test_the_admin_saves_through_the_service(
    client, staff, make_section, django_capture_on_commit_callbacks
):
    section = make_section(name="مجتمع")
    sign_in(client, staff["chief"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:articles_menuitem_add"),
            {"label": "", "section": section.pk, "path": "", "order": "1"},
        )
    assert response.status_code == 302
    assert [link.label for link in navigation.load().menu] == ["مجتمع"]
    assert LogEntry.objects.count() == 1  # the service's entry, not a second one


def test_an_editor_cannot_reach_the_menu_in_the_admin(client, staff, make_section):
    sign_in(client, staff["editor"])
    response = client.post(
        reverse("admin:articles_menuitem_add"),
        {"section": make_section().pk, "path": "", "order": "1"},
    )
    assert response.status_code == 403
    assert not MenuItem.objects.exists()

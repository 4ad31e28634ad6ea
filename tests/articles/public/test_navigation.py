"""The header's menu and the footer's links on every public page: marked for the page shown,
kept in the cache (no query per page), and purged from cached pages when changed."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import MenuItem, SiteSettings
from articles.public import navigation
from articles.services.menu import menu_item_save
from articles.services.pages import page_create, page_publish


def menu_html(response):
    html = response.content.decode()
    found = re.search(r'<nav class="site-nav".*?</nav>', html, re.S)
    return found.group(0) if found else ""


@pytest.fixture
def sections(make_section):
    return {
        "sport": make_section(name="رياضة", order=2),
        "economy": make_section(name="اقتصاد", order=1),
    }


def test_without_menu_items_the_sections_in_navigation_are_the_menu(client, sections, make_section):
    make_section(name="قسم مخفي")
    for section in sections.values():
        section.in_navigation = True
        section.save()
    nav = menu_html(client.get("/"))
    assert 'aria-label="القائمة الرئيسية"' in nav
    assert nav.index("اقتصاد") < nav.index("رياضة")
    assert "قسم مخفي" not in nav


def test_an_empty_site_shows_no_menu(client, site_settings):
    assert menu_html(client.get("/")) == ""


def test_menu_items_nest_one_level_and_mark_the_current_section(
    client, staff, sections, make_article
):
    chief = staff["chief"]
    top = menu_item_save(item=MenuItem(section=sections["economy"], order=1), actor=chief)
    menu_item_save(item=MenuItem(section=sections["sport"], parent=top), actor=chief)
    menu_item_save(item=MenuItem(label="بحث", path="/search/", order=2), actor=chief)
    nav = menu_html(client.get(sections["sport"].get_absolute_url()))
    assert '<ul class="site-nav__sub">' in nav
    assert f'href="{sections["sport"].get_absolute_url()}" aria-current="page"' in nav
    assert nav.count("aria-current") == 1
    article = make_article(section=sections["sport"])
    nav = menu_html(client.get(article.get_absolute_url()))
    # On an article the reader is inside its section, not on the section's page.
    assert f'href="{sections["sport"].get_absolute_url()}" aria-current="true"' in nav
    assert "is-current" in nav


def test_an_item_for_a_draft_page_is_not_shown(client, staff, sections):
    page = page_create(actor=staff["editor"], title="اتصل بنا", slug="اتصل-بنا")
    menu_item_save(item=MenuItem(page=page), actor=staff["chief"])
    menu_item_save(item=MenuItem(section=sections["sport"]), actor=staff["chief"])
    assert "اتصل بنا" not in menu_html(client.get("/"))
    page_publish(page=page, actor=staff["editor"])
    navigation.forget_cached()  # the commit's callback, which this test's transaction never runs
    assert "اتصل بنا" in menu_html(client.get("/"))


def test_the_footer_links_published_pages_in_their_order(client, staff, site_settings):
    editor = staff["editor"]
    for title, slug, order in [("من نحن", "من-نحن", 2), ("اتصل بنا", "اتصل-بنا", 1)]:
        page_publish(
            page=page_create(actor=editor, title=title, slug=slug, footer_order=order),
            actor=editor,
        )
    page_create(actor=editor, title="مسودة", slug="مسودة")
    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert footer.index("اتصل بنا") < footer.index("من نحن")
    assert "مسودة" not in footer
    assert "البيانات القانونية" not in footer  # a draft until filled in


@pytest.mark.parametrize("with_items", [False, True])
def test_a_cold_menu_costs_a_few_queries_once_then_none(with_items, client, staff, sections):
    if with_items:
        menu_item_save(item=MenuItem(section=sections["sport"]), actor=staff["chief"])
    SiteSettings.load()
    client.get("/")  # warms the menu, the templates and the URL patterns
    with CaptureQueriesContext(connection) as warm:
        client.get("/")
    navigation.forget_cached()
    with CaptureQueriesContext(connection) as cold:
        client.get("/")
    # The menu (and the sections in navigation while it is empty), and the footer's pages.
    assert len(cold) - len(warm) == (2 if with_items else 3)
    assert not any("menuitem" in query["sql"] for query in warm.captured_queries)
    assert cache.get(navigation.CACHE_KEY) is not None


def test_changing_the_menu_purges_every_cached_page(
    settings, client, staff, sections, make_article, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PAGE_CACHE = True
    cache.clear()
    article = make_article(section=sections["sport"])
    urls = ["/", article.get_absolute_url(), sections["sport"].get_absolute_url()]
    for url in urls:
        assert "site" in client.get(url)["Surrogate-Key"].split()
    with django_capture_on_commit_callbacks(execute=True):
        menu_item_save(item=MenuItem(label="ملفات", path="/2025/"), actor=staff["chief"])
    for url in urls:
        assert "ملفات" in menu_html(client.get(url)), url
    cache.clear()


def test_a_section_renamed_in_the_admin_reaches_the_cached_menu(
    client, sections, django_capture_on_commit_callbacks
):
    for section in sections.values():
        section.in_navigation = True
        section.save()
    assert "رياضة" in menu_html(client.get("/"))  # the menu is cached now
    sections["sport"].name = "الرياضة الوطنية"
    with django_capture_on_commit_callbacks(execute=True):
        sections["sport"].save()
    assert "الرياضة الوطنية" in menu_html(client.get("/"))

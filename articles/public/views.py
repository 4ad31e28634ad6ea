from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from articles.embeds.providers import embeds_in
from articles.models import (
    HOME_BAND_PLACES,
    Article,
    HomeSlot,
    Redirect,
    ScheduledUpdate,
    Section,
    SiteSettings,
    Tag,
)
from articles.public.article_page import page_relations, related_articles
from articles.public.cards import cards_for
from articles.public.comments import comment_thread
from articles.public.embeds import allow_embed_frames
from articles.public.feeds import merged_tag_target, with_query
from articles.public.live import LIVE_POLL_SECONDS, page_entries
from articles.public.most_read import most_read_articles, show_most_read
from articles.public.pages import page_redirect_target, redirect_to_page
from articles.public.pagination import DeepPageNumber, keyset_page, page_address
from articles.public.pins import pin_rows
from articles.public.seo import article_metadata
from articles.public.wordpress_links import has_short_link_parameter, short_link_target
from articles.services.scheduled_updates import next_update_time, scheduled_updates_apply_due
from authors.models import Author
from newsroom.http.surrogate_keys import (
    HOME,
    archive_page_key,
    article_key,
    article_page_keys,
    cache_publicly,
    cache_until,
    list_key,
    object_key,
)

# How many articles each part of the home page shows.
# The band under the top story: its places are the ones editors pin to.
HOME_LATEST_COUNT = HOME_BAND_PLACES
HOME_BREAKING_COUNT = 3
HOME_SECTION_COUNT = 4
# The home page looks at this many newest articles for its top story, breaking-news band
# and section blocks: bounded work however large the archive grows.
HOME_WINDOW = 300
PAGE_SIZE = 20
ARCHIVE_DATE_FORMATS = {"day": "j F Y", "month": "F Y", "year": "Y"}


class PublishedArticlesMixin:
    """Every public view starts from `Article.objects.published()` and nothing else."""

    def published_articles(self):
        return Article.objects.published()


class HomeView(PublishedArticlesMixin, TemplateView):
    template_name = "articles/home.html"

    def get(self, request, *args, **kwargs):
        # WordPress short links (/?p=<id>): one lookup, and only when such a parameter is there.
        self.short_link = has_short_link_parameter(request.GET)
        if self.short_link:
            target = short_link_target(request.GET)
            if target:
                return redirect(target, permanent=True)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        settle_scheduled_updates(self.request)
        context.update(home_page_articles(self.published_articles()))
        context["most_read"] = most_read_articles()
        # Not stored for a short link that named nothing (yet): once its post is imported or
        # published, the redirect must win over a home page cached under that address.
        if not self.short_link:
            cache_publicly(self.request, HOME)
            shown = [context["top_story"], *context["latest_articles"], *context["breaking"]]
            shown += [card for _section, cards in context["section_blocks"] for card in cards]
            cache_until_first_expiry(self.request, shown)
            # Nor past the moment a pin starts or ends, or a breaking label shown ends.
            cache_until(self.request, context["next_change"])
            show_most_read(self.request, context["most_read"])
        return context


def settle_scheduled_updates(request):
    """Lists show the headlines and pictures of many articles: a scheduled update whose time
    has come goes live before one is drawn (as on the article page, so readers see it without
    waiting for the scheduler), and no cache keeps a list past the next one. The next one's time
    comes from the shared cache (articles/services/scheduled_updates.py `next_update_time`); a
    write only when one is due and nothing applied it yet."""
    next_update = next_update_time()
    if next_update is not None and next_update <= timezone.now():
        scheduled_updates_apply_due()
        next_update = next_update_time(refresh=True)
    cache_until(request, next_update)


def cache_until_first_expiry(request, cards):
    """No cache keeps a list past the expiry of an article it shows (nothing purges then)."""
    expiries = [card.expires_at for card in cards if card is not None and card.expires_at]
    if expiries:
        cache_until(request, min(expiries))


def home_page_articles(published, now=None):
    """The home page's top story, latest articles (the band), breaking band and section blocks.

    Everything is chosen among the `HOME_WINDOW` newest public articles and the editors' pins
    (articles/services/home.py), so the work stays the same however large the archive grows:
    one short walk of the publish index reads those rows' ids and flags, the pins come from the
    shared cache (`pin_rows`), Python picks what goes where, and one query (plus the bylines)
    loads the chosen cards. A pinned place shows its pin (the newest, when several share it);
    the others fill by time: the top story is the newest featured article in the window, else
    the newest (a story featured long ago does not stay on top). A pinned article shows in its
    pinned place only: it leaves the places filled by time. A section silent for the whole
    window gets no block unless a pin leads it. `next_change` is when a pin starts or ends, or
    a breaking label shown ends: the home page is cached no longer.

    A pinned article that is not public (a draft pinned for later, one taken down) has no card:
    its pin is set aside and the places are chosen again, the new cards loaded (two more
    queries, only then).
    """
    now = now or timezone.now()
    window = list(
        published.order_by("-publish_at", "-id").values_list(
            "pk", "section_id", "is_featured", "is_breaking", "breaking_until"
        )[:HOME_WINDOW]
    )
    rows = pin_rows()
    pins = home_pins(rows, now)
    places = home_places(window, pins, now)
    # Every pin showing now, not only each place's newest: one of them hidden may uncover an
    # older one, whose article must be known too (the same query).
    cards = {
        card.pk: card for card in cards_for(published.filter(pk__in=places.wanted | pins.showing))
    }
    hidden = pins.showing - cards.keys()
    if hidden:
        pins = home_pins(rows, now, hidden=hidden)
        places = home_places(window, pins, now)
        if missing := places.wanted - cards.keys():
            cards |= {card.pk: card for card in cards_for(published.filter(pk__in=missing))}
    if not cards:
        return {
            "top_story": None,
            "latest_articles": [],
            "breaking": [],
            "section_blocks": [],
            "next_change": pins.next_change,
        }
    ends = [end for pk, end in places.breaking_ends if pk in cards]
    return {
        "top_story": cards.get(places.top),
        "latest_articles": [cards[pk] for pk in places.latest if pk in cards],
        "breaking": [cards[pk] for pk in places.breaking if pk in cards],
        "section_blocks": group_by_section(cards[pk] for pk in places.blocks if pk in cards),
        "next_change": min([pins.next_change, *ends], default=None, key=_sooner),
    }


@dataclass
class HomePlaces:
    """Which article (id) goes where on the home page."""

    top: int | None
    latest: list
    breaking: list
    blocks: list
    breaking_ends: list  # (article id, end of its breaking label)

    @property
    def wanted(self):
        return {self.top, *self.latest, *self.breaking, *self.blocks} - {None}


def home_places(window, pins, now):
    """The places of `pins` (HomePins) and of the `window`'s rows (newest first)."""
    # A pinned article shows in its pinned place only; places filled by time repeat each
    # other as they always did (a section's block lists its newest, the band's included).
    pinned = set(pins.articles)
    top_id = pins.top
    if top_id is None:
        unpinned = [row for row in window if row[0] not in pinned]
        top_id = next((row[0] for row in unpinned if row[2]), unpinned[0][0] if unpinned else None)
    fill = (row[0] for row in window if row[0] not in pinned and row[0] != top_id)
    latest_ids = []
    for place in range(1, HOME_LATEST_COUNT + 1):
        pk = pins.band.get(place) or next(fill, None)
        if pk is not None:
            latest_ids.append(pk)
    breaking_rows = [row for row in window if row[3] and row[4] and row[4] > now]
    per_section = {section_id: [pk] for section_id, pk in pins.section_leads.items()}
    for pk, section_id, *_flags in window:
        ids = per_section.setdefault(section_id, [])
        if section_id is not None and pk not in pinned and len(ids) < HOME_SECTION_COUNT:
            ids.append(pk)
    return HomePlaces(
        top=top_id,
        latest=latest_ids,
        breaking=[row[0] for row in breaking_rows][:HOME_BREAKING_COUNT],
        blocks=[pk for ids in per_section.values() for pk in ids],
        breaking_ends=[(row[0], row[4]) for row in breaking_rows],
    )


def _sooner(moment):
    return moment.timestamp() if moment else float("inf")


@dataclass
class HomePins:
    """The pins showing now, by place (article ids), and when the next one starts or ends."""

    top: int | None = None
    band: dict = field(default_factory=dict)  # position -> article id
    section_leads: dict = field(default_factory=dict)  # section id -> article id
    next_change: datetime | None = None
    # The articles of every pin showing now, whatever its place (not only each place's newest).
    showing: set = field(default_factory=set)

    @property
    def articles(self):
        """The pinned article ids, each once, in the order of their places."""
        ids = [self.top] if self.top else []
        ids += [self.band[place] for place in sorted(self.band)]
        ids += list(self.section_leads.values())
        return list(dict.fromkeys(ids))


def home_pins(rows, now, *, hidden=()):
    """The home page's pins from `rows` (`pin_rows()`): those showing now, newest first on
    each place, but for the articles in `hidden` (not public); an article pinned twice keeps
    its first place (the top story, then the band, then its section's block). Pins still to
    start give only the time of their start."""
    pins = HomePins()
    seen = set()
    changes = []
    by_rank = {HomeSlot.TOP: 0, HomeSlot.BAND: 1, HomeSlot.SECTION: 2}
    showing = []
    for slot, position, article_id, section_id, starts_at, ends_at in rows:
        if ends_at and ends_at <= now:
            continue
        if starts_at and starts_at > now:
            changes.append(starts_at)
            continue
        if ends_at:
            changes.append(ends_at)
        pins.showing.add(article_id)
        if article_id not in hidden:
            showing.append((by_rank[slot], slot, position, article_id, section_id))
    # Stable: the newest pin first within each rank.
    for _rank, slot, position, article_id, section_id in sorted(showing, key=lambda row: row[0]):
        if article_id in seen:
            continue
        if slot == HomeSlot.TOP and pins.top is None:
            pins.top = article_id
        elif slot == HomeSlot.BAND and position not in pins.band:
            pins.band[position] = article_id
        elif (
            slot == HomeSlot.SECTION
            and section_id is not None
            and section_id not in pins.section_leads
        ):
            pins.section_leads[section_id] = article_id
        else:
            continue
        seen.add(article_id)
    pins.next_change = min(changes, default=None)
    return pins


def group_by_section(articles):
    """[(section, [articles…]), …] in section order, keeping each section's newest first."""
    groups = {}
    for article in articles:
        if article.section is not None:
            groups.setdefault(article.section, []).append(article)
    return sorted(groups.items(), key=lambda item: (item[0].order, item[0].name))


class ArticleDetailView(PublishedArticlesMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return self.published_articles().for_article_page()

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
            next_update = self.apply_due_updates(request)
        except Http404:
            return article_gone(request, kwargs["pk"])
        # No cache keeps the page (or its redirect) past the next scheduled update's time.
        cache_until(request, next_update)
        # The id decides; a missing or outdated slug is sent to the canonical address.
        if kwargs.get("slug") != self.object.slug:
            return article_redirect(request, self.object)
        # Only here, not in the previews: the page's script counts the read (most-read.js).
        response = render_article_page(
            request, self.object, template_name=self.template_name, count_read=True
        )
        shown = response.context_data
        keys = article_page_keys(
            self.object,
            tags=shown["tags"],
            authors=shown["authors"],
            related=shown["related_articles"],
        )
        cache_publicly(request, *keys)
        show_most_read(request, shown["most_read"])
        # No cache keeps the page past its expiry, whether or not the scheduler has run.
        cache_until(request, self.object.expires_at)
        # Nor shows the breaking-news label past its end.
        if shown["breaking"]:
            cache_until(request, self.object.breaking_until)
        # Nor shows the comment form once the site's auto-close rule has closed it.
        if shown["comments_open"]:
            cache_until(request, self.object.comments_close_at(request.site_settings))
        return response

    def apply_due_updates(self, request):
        """Apply the article's scheduled updates whose time has come (no process need have
        run: articles/services/scheduled_updates.py) and return a time no cache may keep the
        page past. The next pending update of any article comes from the shared cache: while
        none is due, no query, and the page is kept no longer than that update's time (an
        earlier bound than the article's own when another article's update comes first, which
        costs only a shorter cache life). Once one is due, one indexed query for this article's."""
        now = timezone.now()
        next_anywhere = next_update_time()
        if next_anywhere is None or next_anywhere > now:
            return next_anywhere
        next_update = ScheduledUpdate.objects.next_time_for(self.object.pk)
        if next_update is None or next_update > now:
            return next_update
        scheduled_updates_apply_due(article_id=self.object.pk)
        self.object = self.get_object()
        return ScheduledUpdate.objects.next_time_for(self.object.pk)


def render_article_page(request, article, *, template_name, **context):
    """The reader's article page: the public view and the previews (articles/public/preview.py)
    both render through here, so a preview shows exactly what readers will see."""
    site_settings = SiteSettings.load()
    request.site_settings = site_settings
    relations = page_relations(article)
    tag_ids = [tag.pk for tag in relations.tags]
    comments, comment_count = comment_thread(article)
    live_entries = page_entries(article)
    embeds = embeds_in(article.body)
    for entry in live_entries:
        embeds += embeds_in(entry.body)
    response = TemplateResponse(
        request,
        template_name,
        {
            "article": article,
            "object": article,
            "authors": relations.authors,
            "tags": relations.tags,
            "corrections": relations.corrections,
            "comments_open": article.comments_open(site_settings),
            "breaking": article.is_breaking_now(),
            "comments": comments,
            "comment_count": comment_count,
            "related_articles": related_articles(article, tag_ids),
            "live_entries": live_entries,
            "live_latest": max((entry.pk for entry in live_entries), default=0),
            "live_poll_seconds": LIVE_POLL_SECONDS,
            "most_read": most_read_articles(),
            "metadata": article_metadata(
                request,
                article,
                site_settings,
                authors=relations.authors,
                live_entries=live_entries,
            ),
            "embeds": embeds,
            **context,
        },
    )
    # Frames only on a page with embeds, and only from their providers (any of them while a
    # live blog runs: its next entry arrives without a reload).
    return allow_embed_frames(response, embeds, every_provider=article.is_live)


def short_link(request, pk):
    """`/a/<id>/`: the short address shared on social networks, 301 to the article."""
    article = Article.objects.published().only("pk", "slug", "expires_at").filter(pk=pk).first()
    if article is None:
        return article_gone(request, pk)
    return article_redirect(request, article)


def article_redirect(request, article):
    """301 to the article's address, named by its surrogate key: purging the article (a slug
    change, a take-down) purges the redirects to it in every cache too."""
    cache_publicly(request, article_key(article.pk))
    cache_until(request, article.expires_at)
    return redirect(article.get_absolute_url(), permanent=True)


def article_gone(request, pk):
    """The answer of every address of an article readers may no longer see: 410 Gone once it
    was taken down or expired (search engines drop it), 404 for an id never public
    (docs/decisions/takedown-410.md). Either names the article's surrogate key, so the purge
    that publishes it again clears the answer from the caches."""
    cache_publicly(request, article_key(pk))
    if not Article.objects.taken_down().filter(pk=pk).exists():
        raise Http404(_("No article at this address."))
    return TemplateResponse(request, "410.html", status=410)


class PaginatedListMixin:
    """Numbered pages with a count: the search page ("N articles match"). The other lists are
    paged by cursor (KeysetListMixin)."""

    paginate_by = PAGE_SIZE

    def empty_list_shown(self):
        """Whether the list's page exists with nothing in it."""
        return True

    def paginate_queryset(self, queryset, page_size):
        settle_scheduled_updates(self.request)
        paginator = Paginator(queryset, page_size)
        try:
            number = int(self.request.GET.get("page", 1))
        except ValueError:
            raise Http404(_("That page number is not valid.")) from None
        if number < 1 or (number > 1 and number > paginator.num_pages):
            raise Http404(_("That page does not exist."))
        # The paginator's count is a query the page makes anyway: the check adds none.
        if paginator.count == 0 and not self.empty_list_shown():
            raise Http404(_("That page does not exist."))
        page = paginator.page(number)
        return paginator, page, page.object_list, page.has_other_pages()


class KeysetListMixin:
    """A list of cards newest first (-publish_at, -id), paged by cursor: `?before=` and
    `?after=` name the card a page starts from, old `?page=N` links are served shallowly
    (articles/public/pagination.py). No COUNT and no growing OFFSET: page 5,000 costs what
    page 1 costs."""

    paginate_by = PAGE_SIZE

    def empty_list_shown(self):
        """Whether the list's first page exists with nothing in it."""
        return True

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except DeepPageNumber:
            # Named by the list's surrogate keys (set with the queryset) like the page itself.
            return redirect(page_address(request.path, request.GET, {}), permanent=True)

    def paginate_queryset(self, queryset, page_size):
        settle_scheduled_updates(self.request)
        page = keyset_page(queryset, self.request.GET, to_cards=cards_for, page_size=page_size)
        # The first page's rows tell whether the list is empty: no COUNT.
        if not page.object_list and not self.empty_list_shown():
            raise Http404(_("That page does not exist."))
        cache_until_first_expiry(self.request, page.object_list)
        return None, page, page.object_list, page.has_other_pages()


class PaginatedArticlesView(KeysetListMixin, PublishedArticlesMixin, ListView):
    """A paginated list of public articles filtered by one object (section, tag, author)."""

    context_object_name = "articles"
    owner_model = None  # the model the list belongs to, found by its slug
    owner_lookup = None  # how an article refers to it, e.g. "section"
    owner_kind = None  # its name in surrogate keys: section, tag or author

    def empty_list_shown(self):
        # A page naming an object no public article uses would tell readers about unpublished
        # topics and bylines (its name, an author's bio): it does not exist for them.
        return False

    def get_queryset(self):
        self.owner = get_object_or_404(self.owner_model, slug=self.kwargs["slug"])
        cache_publicly(
            self.request,
            object_key(self.owner_kind, self.owner.pk),
            list_key(self.owner_kind, self.owner.pk),
        )
        articles = self.published_articles().filter(**{self.owner_lookup: self.owner})
        return articles.order_by("-publish_at", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["owner"] = self.owner
        return context


class SectionView(PaginatedArticlesView):
    template_name = "articles/section_detail.html"
    owner_model = Section
    owner_lookup = "section"
    owner_kind = "section"

    def empty_list_shown(self):
        # A section the site's navigation links to answers even before its first article.
        return self.owner.in_navigation

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["most_read"] = most_read_articles(section=self.owner)
        show_most_read(self.request, context["most_read"])
        return context


class TagView(PaginatedArticlesView):
    template_name = "articles/tag_detail.html"
    owner_model = Tag
    owner_lookup = "tags"
    owner_kind = "tag"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A tag merged into another: its page answers 301 to the kept tag's while that one
            # has a public article (two queries, only when the page is not found).
            kept = merged_tag_target(kwargs["slug"])
            if kept is None:
                raise
            return redirect(with_query(kept.get_absolute_url(), request), permanent=True)


class AuthorView(PaginatedArticlesView):
    template_name = "authors/author_detail.html"
    owner_model = Author
    owner_lookup = "bylines__author"
    owner_kind = "author"


class DateArchiveView(KeysetListMixin, PublishedArticlesMixin, ListView):
    """Articles of one year, month or day (Moroccan time), WordPress's /2024/05/17/ paths."""

    template_name = "articles/date_archive.html"
    context_object_name = "articles"

    def get_queryset(self):
        year, month, day = (self.kwargs.get(part) for part in ("year", "month", "day"))
        try:
            self.archive_date = date(year, month or 1, day or 1)
        except (ValueError, OverflowError):
            raise Http404(_("There is no such date.")) from None
        self.archive_level = "day" if day else "month" if month else "year"
        cache_publicly(self.request, archive_page_key(year, month, day))
        # A range of publish times, from the period's first local midnight to the next period's:
        # the publish index's range, where __month and __day extract parts of every row's time.
        articles = self.published_articles().filter(
            publish_at__gte=local_midnight(self.archive_date)
        )
        end = archive_end(self.archive_date, self.archive_level)
        if end is not None:
            articles = articles.filter(publish_at__lt=local_midnight(end))
        return articles.order_by("-publish_at", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["archive_date"] = self.archive_date
        context["archive_level"] = self.archive_level
        # The page's heading is also its title: "Archive" alone named every year, month and day.
        shown = date_format(self.archive_date, ARCHIVE_DATE_FORMATS[self.archive_level])
        context["archive_heading"] = _("Archive: %(date)s") % {"date": shown}
        return context


def archive_end(start, level):
    """The first day after the archive's year, month or day; None past the year 9999."""
    try:
        if level == "day":
            return start + timedelta(days=1)
        if level == "month":
            return date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return date(start.year + 1, 1, 1)
    except (ValueError, OverflowError):
        return None


def local_midnight(day):
    """The first moment of `day` in the site's time zone (Moroccan time), in UTC."""
    try:
        return timezone.make_aware(datetime.combine(day, time.min)).astimezone(UTC)
    except OverflowError:
        # The year 1's first hours in Moroccan time fall before the first UTC moment.
        return datetime.min.replace(tzinfo=UTC)


def old_path_redirect(request, path):
    """Old WordPress permalinks and former slugs answer 301 to the article, if it is public;
    a WordPress page's old permalink to the page, if it is published."""
    # Stored with or without the trailing slash, the old path matches either way.
    bare = "/" + path.rstrip("/")
    target = (
        Redirect.objects.filter(old_path__in=[bare, bare + "/"]).select_related("article").first()
    )
    if target is None:
        # Else a WordPress page's old permalink (articles/public/pages.py).
        page_target = page_redirect_target(bare)
        if page_target is None:
            raise Http404(_("No page at this address."))
        return redirect_to_page(request, page_target)
    if not target.article.is_public():
        return article_gone(request, target.article_id)
    return article_redirect(request, target.article)

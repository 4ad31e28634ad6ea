from django.urls import path

from articles.public import comments, feeds, live, pages, reads, robots, sitemaps, views
from articles.public import preview as views_preview
from articles.search import views as search_views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("article/<int:pk>/", views.ArticleDetailView.as_view(), name="detail-short"),
    path("article/<int:pk>/<str:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("a/<int:pk>/", views.short_link, name="short-link"),
    # Readers' comments: the form's token, then the comment (articles/public/comments.py).
    path("comments/<int:pk>/token/", comments.comment_token, name="comment-token"),
    path("comments/<int:pk>/", comments.comment_post, name="comment-post"),
    # A live blog's new, edited and withdrawn entries, polled by the article page's script.
    path("live/<int:pk>/entries/", live.live_entries, name="live-entries"),
    # The beacon that counts a read for the "most read" block (articles/public/reads.py).
    path("r/<int:pk>", reads.read_beacon, name="read"),
    path("search/", search_views.SearchView.as_view(), name="search"),
    # WordPress's paths, so that the old site's links and subscriptions keep working.
    path("category/<str:slug>/", views.SectionView.as_view(), name="section"),
    path("category/<str:slug>/feed/", feeds.section_feed, name="section-feed"),
    path("tag/<str:slug>/", views.TagView.as_view(), name="tag"),
    path("tag/<str:slug>/feed/", feeds.tag_feed, name="tag-feed"),
    path("feed/", feeds.site_feed, name="feed"),
    # The newspaper's pages: about, contact, the legal notice (articles/public/pages.py).
    path("page/<str:slug>/", pages.page_detail, name="page"),
    path("<int:year>/", views.DateArchiveView.as_view(), name="archive-year"),
    path("<int:year>/<int:month>/", views.DateArchiveView.as_view(), name="archive-month"),
    path(
        "<int:year>/<int:month>/<int:day>/",
        views.DateArchiveView.as_view(),
        name="archive-day",
    ),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-<str:section>.xml", sitemaps.sitemap_section, name="sitemap-section"),
    path("news-sitemap.xml", sitemaps.news_sitemap, name="news-sitemap"),
    path("robots.txt", robots.robots_txt, name="robots"),
    # Previews of any state (staff) and signed preview links (anyone holding one).
    path("preview/<int:pk>/", views_preview.article_preview, name="preview"),
    path("preview/link/<str:token>/", views_preview.article_preview_link, name="preview-link"),
]

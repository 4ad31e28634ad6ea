"""The author pages and their feeds: public pages of the newspaper like the section pages,
named under their own namespace (`authors:detail`, `authors:feed`) since the authors app owns
the profiles they show."""

from django.urls import path

from articles.public.feeds import author_feed
from articles.public.views import AuthorView

app_name = "authors"

urlpatterns = [
    path("author/<str:slug>/", AuthorView.as_view(), name="detail"),
    path("author/<str:slug>/feed/", author_feed, name="feed"),
]

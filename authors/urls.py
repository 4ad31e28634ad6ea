from django.urls import path

from articles.public.feeds import author_feed
from authors import views

app_name = "authors"

urlpatterns = [
    path("author/<str:slug>/", views.AuthorView.as_view(), name="detail"),
    path("author/<str:slug>/feed/", author_feed, name="feed"),
]

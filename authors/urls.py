from django.urls import path

from authors import views

app_name = "authors"

urlpatterns = [
    path("author/<str:slug>/", views.AuthorView.as_view(), name="detail"),
]

from django.urls import path

from articles import views, views_preview

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("article/<int:pk>/", views.ArticleDetailView.as_view(), name="detail-short"),
    path("article/<int:pk>/<str:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    # WordPress's paths, so that the old site's links keep working.
    path("category/<str:slug>/", views.SectionView.as_view(), name="section"),
    path("tag/<str:slug>/", views.TagView.as_view(), name="tag"),
    # Previews of any state (staff) and signed preview links (anyone holding one).
    path("preview/<int:pk>/", views_preview.article_preview, name="preview"),
    path("preview/link/<str:token>/", views_preview.article_preview_link, name="preview-link"),
]

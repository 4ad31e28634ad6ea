from .article import Article, Byline, CommentPolicy, Language, Status
from .image import Image
from .redirect import Redirect
from .site_settings import SiteSettings
from .taxonomy import Section, Tag

__all__ = [
    "Article",
    "Byline",
    "CommentPolicy",
    "Image",
    "Language",
    "Redirect",
    "Section",
    "SiteSettings",
    "Status",
    "Tag",
]

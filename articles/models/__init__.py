from .article import Article, Byline, CommentPolicy, Language, Status
from .imported_attachment import ImportedAttachment
from .redirect import Redirect
from .site_settings import SiteSettings
from .taxonomy import Section, Tag

__all__ = [
    "Article",
    "Byline",
    "CommentPolicy",
    "ImportedAttachment",
    "Language",
    "Redirect",
    "Section",
    "SiteSettings",
    "Status",
    "Tag",
]

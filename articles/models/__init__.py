from .article import Article, Byline, CommentPolicy, Language, Status
from .correction import Correction, CorrectionKind
from .image import Image
from .imported_attachment import ImportedAttachment
from .redirect import Redirect
from .site_settings import SiteSettings
from .status_change import StatusChange
from .taxonomy import Section, Tag

__all__ = [
    "Article",
    "Byline",
    "CommentPolicy",
    "Correction",
    "CorrectionKind",
    "Image",
    "ImportedAttachment",
    "Language",
    "Redirect",
    "Section",
    "SiteSettings",
    "Status",
    "StatusChange",
    "Tag",
]

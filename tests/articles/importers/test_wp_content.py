import pytest
from django.utils import translation

from articles.importers.wxr.wp_content import autop, wp_content_to_html
from articles.importers.wxr.wp_shortcodes import GalleryPictures


def convert(content, **options):
    return wp_content_to_html(content, **options).html


def test_blank_lines_make_paragraphs_and_single_newlines_line_breaks():
    assert autop("سطر أول\nسطر ثان\n\nفقرة ثانية") == (
        "<p>سطر أول<br>\nسطر ثان</p>\n<p>فقرة ثانية</p>"
    )


def test_block_elements_are_not_wrapped_in_paragraphs():
    html = convert("<h2>عنوان فرعي</h2>\nنص\n<ul>\n<li>بند</li>\n</ul>")
    assert html == "<h2>عنوان فرعي</h2>\n<p>نص</p>\n<ul>\n<li>بند</li>\n</ul>"


def test_a_caption_becomes_a_figure_with_its_caption():
    converted = wp_content_to_html(
        '[caption id="attachment_3" width="300"]<img src="https://x.ma/a.jpg" alt="مرفأ"> '
        "مرفأ الصيد في الصباح[/caption]"
    )
    assert converted.html == (
        '<figure><img src="https://x.ma/a.jpg" alt="مرفأ">\n'
        "<figcaption>مرفأ الصيد في الصباح</figcaption>\n</figure>"
    )
    assert not converted.unknown_shortcodes


def test_the_old_caption_attribute_is_used_when_the_text_is_empty():
    html = convert('[caption caption="قارب"]<img src="https://x.ma/b.jpg">[/caption]')
    assert "<figcaption>قارب</figcaption>" in html


def test_gutenberg_block_comments_are_removed():
    html = convert('<!-- wp:paragraph {"align":"right"} -->\n<p>فقرة</p>\n<!-- /wp:paragraph -->')
    assert html == "<p>فقرة</p>"


def test_scripts_and_handlers_are_removed_by_the_sanitiser():
    html = convert('<p onclick="x()">نص</p><script>alert(1)</script>')
    assert html == "<p>نص</p>"


LIBRARY = GalleryPictures(
    [
        ("41", "101", "/media/images/renditions/a/w960.jpg", "القناة", "عمال الورش", "حميد"),
        ("42", "101", "/media/images/renditions/b/w960.jpg", "الأنابيب", "", ""),
        ("43", "", "/media/images/renditions/c/w960.jpg", "سد", "سد الوحدة", "و م ع"),
    ]
)


def test_a_gallery_becomes_a_group_of_the_library_pictures_it_names():
    with translation.override("ar-ma"):
        converted = wp_content_to_html('قبل\n\n[gallery ids="43,41"]\n\nبعد', pictures=LIBRARY)
    assert converted.html == (
        "<p>قبل</p>\n"
        '<figure class="gallery">\n'
        '<figure><img src="/media/images/renditions/c/w960.jpg" alt="سد">\n'
        '<figcaption>سد الوحدة <span class="credit">الصورة: و م ع</span></figcaption>\n'
        "</figure>\n"
        '<figure><img src="/media/images/renditions/a/w960.jpg" alt="القناة">\n'
        '<figcaption>عمال الورش <span class="credit">الصورة: حميد</span></figcaption>\n'
        "</figure>\n"
        "</figure>\n"
        "<p>بعد</p>"
    )
    assert (converted.conversion.galleries, converted.conversion.gallery_pictures) == (1, 2)
    assert not converted.unknown_shortcodes and not converted.conversion.missing_attachments


def test_gallery_ids_not_in_the_library_are_dropped_and_named():
    converted = wp_content_to_html('[gallery columns="2" ids="42, 99"]', pictures=LIBRARY)
    assert converted.html.count("<img") == 1 and "w960.jpg" in converted.html
    assert converted.conversion.missing_attachments == ["99"]


def test_a_gallery_without_ids_shows_the_post_s_own_attachments():
    html = convert("[gallery]", pictures=LIBRARY, post_id="101")
    assert html.index("/a/w960.jpg") < html.index("/b/w960.jpg") and "/c/" not in html


def test_a_gallery_with_no_library_picture_disappears():
    converted = wp_content_to_html('نص\n\n[gallery ids="7,8"]')
    assert converted.html == "<p>نص</p>"
    assert converted.conversion.missing_attachments == ["7", "8"]
    assert converted.conversion.empty_galleries == 1


EMBED_SHAPES = [
    "[embed]{url}[/embed]",
    '[embed width="500"]{url}[/embed]',
    "{url}",
    "<p>{url}</p>",
    '<!-- wp:embed {{"url":"{url}","type":"video",'
    '"providerNameSlug":"youtube"}} -->\n<figure class="wp-block-embed is-type-video">'
    '<div class="wp-block-embed__wrapper">\n{url}\n'
    "</div></figure>\n<!-- /wp:embed -->",
    '<!-- wp:core-embed/youtube {{"url":"{url}"}} -->\n'
    '<figure class="wp-block-embed-youtube"><div class="wp-block-embed__wrapper">\n'
    "{url}\n</div></figure>\n<!-- /wp:core-embed/youtube -->",
    # The block as WordPress rendered it, without its comments.
    '<figure class="wp-block-embed is-type-video is-provider-youtube">'
    '<div class="wp-block-embed__wrapper">\n{url}\n</div></figure>',
]
VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.mark.parametrize("shape", EMBED_SHAPES)
def test_every_embed_shape_becomes_the_embed_marker(shape):
    converted = wp_content_to_html(f"فقرة.\n\n{shape.format(url=VIDEO)}\n\nفقرة أخرى.")
    assert converted.html == (
        "<p>فقرة.</p>\n"
        '<figure class="embed" data-provider="youtube" data-id="dQw4w9WgXcQ">'
        f'<a href="{VIDEO}" rel="noopener noreferrer nofollow">{VIDEO}</a></figure>\n'
        "<p>فقرة أخرى.</p>"
    )
    assert converted.conversion.embeds == 1 and not converted.unknown_shortcodes
    assert converted.conversion.embed_links == 0


@pytest.mark.parametrize("shape", EMBED_SHAPES[:2] + EMBED_SHAPES[4:])
def test_an_embed_of_an_address_the_site_does_not_embed_stays_a_link(shape):
    # A channel page: on YouTube's host, but no video of the allowed shapes.
    url = "https://www.youtube.com/channel/UCabc"
    converted = wp_content_to_html(f"فقرة.\n\n{shape.format(url=url)}\n\nفقرة أخرى.")
    assert converted.html == (
        "<p>فقرة.</p>\n"
        f'<p class="embed"><a href="{url}" rel="noopener noreferrer nofollow">{url}</a></p>\n'
        "<p>فقرة أخرى.</p>"
    )
    assert converted.conversion.embed_links == 1 and converted.conversion.embeds == 0


@pytest.mark.parametrize(
    ("url", "provider", "embed_id"),
    [
        ("https://youtu.be/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://x.com/user/status/1", "x", "user/1"),
        ("https://twitter.com/user/status/1", "x", "user/1"),
        ("https://www.facebook.com/page/posts/1", "facebook", "page/posts/1"),
        ("https://www.instagram.com/p/abcde/", "instagram", "p/abcde"),
        ("https://www.tiktok.com/@user/video/1", "tiktok", "user/1"),
    ],
)
def test_bare_urls_of_each_provider_on_their_own_line_are_embeds(url, provider, embed_id):
    html = convert(f"قبل\n{url}\nبعد")
    assert html.count('class="embed"') == 1
    assert f'data-provider="{provider}" data-id="{embed_id}"' in html


def test_other_bare_urls_and_urls_inside_sentences_stay_text():
    html = convert("https://www.hespress.com/x\n\nشاهد https://youtu.be/abc123 الآن")
    assert 'class="embed"' not in html
    assert "https://www.hespress.com/x" in html and "شاهد https://youtu.be/abc123 الآن" in html


def test_unknown_shortcodes_are_removed_keeping_their_text_and_counted():
    converted = wp_content_to_html(
        'قبل [su_note color="#fff"]ملاحظة مهمة[/su_note]\n\n[contact-form-7 id="5" /]\n\n'
        '[audio mp3="https://x.ma/a.mp3"][/audio] بعد [/vc_row] وكالة [AFP]'
    )
    assert converted.html == "<p>قبل ملاحظة مهمة</p>\n<p>بعد  وكالة [AFP]</p>"
    assert converted.unknown_shortcodes == {
        "su_note": 1,
        "contact-form-7": 1,
        "audio": 1,
        "vc_row": 1,
    }
    assert "[" not in converted.html.replace("[AFP]", "")


def test_an_embed_that_names_no_address_is_removed_and_counted():
    converted = wp_content_to_html("[embed]ليس رابطا[/embed]")
    assert converted.html == "" and converted.unknown_shortcodes == {"embed": 1}


def test_prose_in_brackets_is_not_a_shortcode_and_stays():
    converted = wp_content_to_html(
        'coracles [simple boat]. كما قال [sic]\n\n<p><a href="#top">[top]</a></p>\n\n'
        "[toc]\n\n<p>[related-posts]</p>"
    )
    assert converted.html == (
        "<p>coracles [simple boat]. كما قال [sic]</p>\n"
        '<p><a href="#top" rel="noopener noreferrer nofollow">[top]</a></p>'
    )
    assert converted.unknown_shortcodes == {"toc": 1, "related-posts": 1}

from articles.importers.wp_content import autop, wp_content_to_html


def test_blank_lines_make_paragraphs_and_single_newlines_line_breaks():
    assert autop("سطر أول\nسطر ثان\n\nفقرة ثانية") == (
        "<p>سطر أول<br>\nسطر ثان</p>\n<p>فقرة ثانية</p>"
    )


def test_block_elements_are_not_wrapped_in_paragraphs():
    html, _ = wp_content_to_html("<h2>عنوان فرعي</h2>\nنص\n<ul>\n<li>بند</li>\n</ul>")
    assert html == "<h2>عنوان فرعي</h2>\n<p>نص</p>\n<ul>\n<li>بند</li>\n</ul>"


def test_a_caption_becomes_a_figure_with_its_caption():
    html, unknown = wp_content_to_html(
        '[caption id="attachment_3" width="300"]<img src="https://x.ma/a.jpg" alt="مرفأ"> '
        "مرفأ الصيد في الصباح[/caption]"
    )
    assert html == (
        '<figure><img src="https://x.ma/a.jpg" alt="مرفأ">\n'
        "<figcaption>مرفأ الصيد في الصباح</figcaption>\n</figure>"
    )
    assert not unknown


def test_the_old_caption_attribute_is_used_when_the_text_is_empty():
    html, _ = wp_content_to_html('[caption caption="قارب"]<img src="https://x.ma/b.jpg">[/caption]')
    assert "<figcaption>قارب</figcaption>" in html


def test_gutenberg_block_comments_are_removed():
    html, _ = wp_content_to_html(
        '<!-- wp:paragraph {"align":"right"} -->\n<p>فقرة</p>\n<!-- /wp:paragraph -->'
    )
    assert html == "<p>فقرة</p>"


def test_unknown_shortcodes_are_kept_as_text_and_counted():
    html, unknown = wp_content_to_html('قبل\n\n[gallery ids="1,2"]\n\n[embed]https://x.ma[/embed]')
    assert '[gallery ids="1,2"]' in html
    assert "[embed]https://x.ma[/embed]" in html
    assert unknown == {"gallery": 1, "embed": 1}


def test_scripts_and_handlers_are_removed_by_the_sanitiser():
    html, _ = wp_content_to_html('<p onclick="x()">نص</p><script>alert(1)</script>')
    assert html == "<p>نص</p>"

from articles.sanitize import sanitize_body_html


def test_scripts_handlers_and_javascript_links_are_removed():
    html = sanitize_body_html(
        '<p onclick="steal()">نص<script>alert(1)</script>'
        '<a href="javascript:alert(1)">رابط</a><img src=x onerror=alert(1)></p>'
    )

    assert "script" not in html
    assert "onclick" not in html
    assert "onerror" not in html
    assert "javascript:" not in html
    assert "نص" in html


def test_allowed_structure_is_kept():
    html = sanitize_body_html(
        "<h2>عنوان</h2><p><strong>مهم</strong> و<em>مائل</em></p><ul><li>أ</li></ul>"
        '<blockquote>قول</blockquote><p><a href="https://example.ma/x">رابط</a></p>'
    )

    for fragment in ("<h2>", "<strong>", "<em>", "<ul>", "<li>", "<blockquote>"):
        assert fragment in html
    assert 'href="https://example.ma/x"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_word_processor_styles_and_classes_are_dropped():
    html = sanitize_body_html(
        '<p class="MsoNormal" style="font-family:Calibri"><span style="color:red">نص</span></p>'
        "<!--[if gte mso 9]><xml></xml><![endif]-->"
    )

    assert html == "<p><span>نص</span></p>"

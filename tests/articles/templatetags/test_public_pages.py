from articles.templatetags.public_pages import isolate_numbers


def test_number_runs_are_isolated_left_to_right_and_text_is_escaped():
    html = isolate_numbers("<b>موسم 2025-2026 يوم 20/11/2024")
    assert html == (
        '&lt;b&gt;موسم <bdi dir="ltr">2025-2026</bdi> يوم <bdi dir="ltr">20/11/2024</bdi>'
    )


def test_single_numbers_are_left_alone():
    assert isolate_numbers("ارتفاع بنسبة 12%") == "ارتفاع بنسبة 12%"

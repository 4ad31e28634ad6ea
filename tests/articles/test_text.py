from articles.text import arabic_slugify, normalise_name, strip_bidi_controls


def test_slug_keeps_arabic_letters_and_drops_diacritics_and_tatweel():
    assert arabic_slugify("الـمـغرب يَفوز") == "المغرب-يفوز"


def test_slug_drops_bidi_controls():
    assert arabic_slugify("\u202eخبر\u202c عاجل") == "خبر-عاجل"


def test_slug_keeps_hamza_letters_whole():
    assert arabic_slugify("أمن إقليمي") == "أمن-إقليمي"


def test_slug_is_cut_to_the_maximum_length_without_a_trailing_dash():
    slug = arabic_slugify("كلمة " * 50, max_length=12)

    assert len(slug) <= 12
    assert not slug.endswith("-")


def test_normalised_name_folds_spelling_variants():
    assert normalise_name("أحمد  الإدريسيّ") == normalise_name("احمد الادريسي")
    assert normalise_name("مصطفى") == normalise_name("مصطفي")


def test_strip_bidi_controls_removes_overrides_and_isolates():
    assert strip_bidi_controls("a\u202eb\u2066c\u200fd") == "abcd"

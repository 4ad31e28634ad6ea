import sys
import unicodedata

import pytest

from newsroom.text import (
    SEARCH_FOLDS,
    arabic_slugify,
    clean_name,
    normalise_for_search,
    normalise_name,
    strip_bidi_controls,
)


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


@pytest.mark.parametrize(
    "variant", ["أحمد\u200b", "أح\u200cمد", "أحمد\u00ad", "\ufeffأحمد", "احمد\u200f"]
)
def test_normalised_name_drops_invisible_characters(variant):
    assert normalise_name(variant) == normalise_name("أحمد")


def test_normalised_name_unfolds_presentation_forms_and_folds_persian_letters():
    assert normalise_name("\ufefbمين") == normalise_name("لامين")
    assert normalise_name("کریم") == normalise_name("كريم")


def test_clean_name_keeps_the_letters_and_drops_what_cannot_be_seen():
    assert clean_name("  الأمن\u200b  الوطني\ufeff ") == "الأمن الوطني"
    assert clean_name("\u200b\u00ad") == ""


def test_strip_bidi_controls_removes_overrides_and_isolates():
    assert strip_bidi_controls("a\u202eb\u2066c\u200fd") == "abcd"


def test_diacritics_and_tatweel_are_dropped():
    assert normalise_for_search("المَغْرِبُ ـــ") == normalise_for_search("المغرب")


def test_alef_forms_fold_to_bare_alef():
    assert normalise_for_search("أحمد إسلام آمال ٱلله") == "احمد اسلام امال الله"


def test_ta_marbuta_and_alef_maqsura_fold():
    assert normalise_for_search("مدرسة على") == normalise_for_search("مدرسه علي")


def test_eastern_arabic_digits_become_western():
    assert normalise_for_search("سنة ٢٠٢٤ و۱۹") == "سنه 2024 و19"


def test_arabic_and_latin_punctuation_become_spaces():
    assert normalise_for_search("الرباط،فاس؛طنجة؟«مراكش»") == "الرباط فاس طنجه مراكش"


def test_bidi_controls_and_case_are_normalised():
    assert normalise_for_search("\u202bRabat\u202c CASA") == "rabat casa"


def test_empty_and_none_give_empty_string():
    assert normalise_for_search("") == ""
    assert normalise_for_search(None) == ""


def test_search_folding_is_the_table_applied_to_every_character():
    # Every code point, alone between spaces and run together: the result is that of
    # str.translate() with SEARCH_FOLDS (what the database's translate() applies too).
    every = [chr(c) for c in range(1, sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    table = str.maketrans(SEARCH_FOLDS)
    for text in (" ".join(every), "".join(every)):
        expected = unicodedata.normalize("NFC", text).translate(table)
        assert normalise_for_search(text) == " ".join(expected.lower().split())

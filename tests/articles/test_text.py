from articles.text import normalise_for_search


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

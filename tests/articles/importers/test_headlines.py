import pytest

from articles.importers.headlines import split_headline
from articles.importers.places import FOREIGN_PLACES, KICKERS, MOROCCAN_PLACES, names


@pytest.mark.parametrize(
    ("headline", "dateline"),
    [
        ("تطوان: افتتاح سوق جديد", "تطوان"),
        ("الدار البيضاء: أمطار غزيرة", "الدار البيضاء"),
        # Hamza-insensitive: typed without the hamza, or with it below.
        ("اكادير: مهرجان السينما", "اكادير"),
        ("إنزكان أيت ملول: مشروع جديد", "إنزكان أيت ملول"),
        ("باريس: قمة المناخ", "باريس"),
        # Case-insensitive for Latin spellings.
        ("RABAT: réunion du conseil", "RABAT"),
    ],
)
def test_a_place_before_the_colon_is_the_dateline_and_stays_in_the_headline(headline, dateline):
    parts = split_headline(headline)
    assert (parts.dateline, parts.kicker, parts.headline) == (dateline, "", headline)


@pytest.mark.parametrize(
    "headline",
    [
        "بنكيران: الحكومة لم تف بوعودها",
        "وزير الصحة: لا داعي للقلق",
        "سؤال اليوم: من يدفع الثمن؟",
        "افتتاح سوق جديد في تطوان",
    ],
)
def test_a_person_or_any_other_word_before_the_colon_gives_no_dateline(headline):
    parts = split_headline(headline)
    assert (parts.dateline, parts.kicker, parts.headline) == ("", "", headline)


@pytest.mark.parametrize(
    ("headline", "kicker", "rest"),
    [
        ("عاجل: زلزال يضرب إقليم الحوز", "عاجل", "زلزال يضرب إقليم الحوز"),
        ("فيديو: لحظة وصول المنتخب", "فيديو", "لحظة وصول المنتخب"),
        ("بالصور: معرض الفلاحة", "بالصور", "معرض الفلاحة"),
        ("حصري : تفاصيل الاتفاق", "حصري", "تفاصيل الاتفاق"),
        ("رسمياً: تأجيل المباراة", "رسمياً", "تأجيل المباراة"),
        ("بالفيديو: لقطات الهدف", "بالفيديو", "لقطات الهدف"),
    ],
)
def test_a_known_kicker_leaves_the_headline_for_the_kicker_field(headline, kicker, rest):
    parts = split_headline(headline)
    assert (parts.kicker, parts.headline, parts.dateline) == (kicker, rest, "")


def test_a_kicker_then_a_place_gives_both():
    parts = split_headline("عاجل: الرباط: اجتماع طارئ للحكومة")
    assert (parts.kicker, parts.dateline, parts.headline) == (
        "عاجل",
        "الرباط",
        "الرباط: اجتماع طارئ للحكومة",
    )


def test_a_colon_with_nothing_after_it_is_no_label():
    parts = split_headline("عاجل:")
    assert (parts.headline, parts.kicker, parts.dateline) == ("عاجل:", "", "")


def test_the_lists_hold_every_kind_of_name_and_no_kicker_is_a_place():
    places = names(MOROCCAN_PLACES + FOREIGN_PLACES)
    assert {"الرباط", "العيون", "الداخلة", "وجدة", "شفشاون", "مدريد"} <= set(places)
    assert not set(names(KICKERS)) & set(places)

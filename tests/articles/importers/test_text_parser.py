import codecs

import pytest

from articles.importers.errors import ItemError
from articles.importers.text.parser import decode_bytes, parse_text, split_lines

NBSP = "\u00a0"
TAGLINE = "أول جريدة إلكترونية مغربية تتجدد على مدار الساعة"
ARTICLE = (
    f"{TAGLINE}\n\n"
    "أكادير: مهرجان للسينما الإفريقية يفتح أبوابه للجمهور مجانا\n\n"
    "ياسين العلوي\n\n"
    f"{NBSP}\n\n{NBSP}\n\n"
    "تنطلق الدورة الجديدة من المهرجان مساء الجمعة، بمشاركة أفلام من اثني عشر بلدا.\n\n"
    "وقالت اللجنة المنظمة إن “العروض ستقام في الهواء الطلق” بساحة الأمل.\n\n"
    f"{NBSP}\n\n"
    "التعليقات مغلقة.\n"
)


def test_utf8_with_and_without_bom_decodes_to_the_same_text():
    raw = ARTICLE.encode("utf-8")
    assert decode_bytes(raw) == ARTICLE
    assert decode_bytes(codecs.BOM_UTF8 + raw) == ARTICLE


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_decoded(encoding):
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    assert decode_bytes(bom + ARTICLE.encode(encoding)) == ARTICLE


def test_windows_1256_arabic_is_recognised():
    text = ARTICLE.replace("“", '"').replace("”", '"').replace(NBSP, " ")
    assert decode_bytes(text.encode("cp1256")) == text


def test_bytes_that_are_no_known_encoding_are_refused():
    with pytest.raises(ItemError, match="encoding cannot be decided"):
        decode_bytes("Ünïcödé façade résumé".encode("latin-1"))


def test_utf16_without_a_byte_order_mark_is_refused():
    with pytest.raises(ItemError, match="encoding cannot be decided"):
        decode_bytes(ARTICLE.encode("utf-16-le"))


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_every_line_ending_gives_the_same_article(newline):
    parsed = parse_text(ARTICLE.replace("\n", newline), masthead_lines=[TAGLINE])
    assert parsed.headline == "أكادير: مهرجان للسينما الإفريقية يفتح أبوابه للجمهور مجانا"
    assert len(parsed.paragraphs) == 2


def test_the_parts_are_found_and_no_body_text_is_lost_or_reordered():
    parsed = parse_text(ARTICLE, masthead_lines=[TAGLINE])
    assert parsed.headline.startswith("أكادير:")
    assert parsed.headline_line == 3
    assert parsed.dateline == "أكادير"
    assert parsed.bylines == ["ياسين العلوي"]
    assert parsed.paragraphs == [
        "تنطلق الدورة الجديدة من المهرجان مساء الجمعة، بمشاركة أفلام من اثني عشر بلدا.",
        "وقالت اللجنة المنظمة إن “العروض ستقام في الهواء الطلق” بساحة الأمل.",
    ]
    assert parsed.comments_closed is True


def test_the_site_name_as_masthead_is_dropped_too():
    text = ARTICLE.replace(TAGLINE, "جريدة الغد")
    parsed = parse_text(text, masthead_lines=[TAGLINE, "جريدة الغد"])
    assert parsed.headline.startswith("أكادير:")


def test_a_masthead_that_is_not_the_site_s_is_an_error_naming_its_line():
    with pytest.raises(ItemError, match="masthead") as error:
        parse_text(ARTICLE, masthead_lines=["جريدة أخرى"])
    assert error.value.line == 1


def test_bylines_separated_by_the_arabic_comma_are_several_authors():
    text = ARTICLE.replace("ياسين العلوي", "ياسين العلوي، هند الفاسي")
    assert parse_text(text, masthead_lines=[TAGLINE]).bylines == ["ياسين العلوي", "هند الفاسي"]


def test_a_headline_without_a_city_has_no_dateline():
    text = ARTICLE.replace("أكادير: ", "")
    assert parse_text(text, masthead_lines=[TAGLINE]).dateline == ""


def test_comments_stay_at_the_site_default_without_the_footer():
    text = ARTICLE.replace("التعليقات مغلقة.\n", "")
    assert parse_text(text, masthead_lines=[TAGLINE]).comments_closed is False


def test_consecutive_lines_stay_together_in_one_paragraph():
    text = ARTICLE.replace("مساء الجمعة، ", "مساء الجمعة،\n")
    parsed = parse_text(text, masthead_lines=[TAGLINE])
    assert parsed.paragraphs[0].split("\n") == [
        "تنطلق الدورة الجديدة من المهرجان مساء الجمعة،",
        "بمشاركة أفلام من اثني عشر بلدا.",
    ]


def test_a_file_with_only_a_headline_is_refused():
    with pytest.raises(ItemError, match="no body paragraphs"):
        parse_text("عنوان وحيد\n", masthead_lines=[])


def test_split_lines_accepts_mixed_endings():
    assert split_lines("a\r\nb\rc\nd") == ["a", "b", "c", "d"]


def test_nul_characters_mean_it_is_not_a_text_file():
    with pytest.raises(ItemError, match="NUL"):
        decode_bytes("عنوان\x00".encode())


@pytest.mark.parametrize("label", ["عاجل", "فيديو"])
def test_a_kicker_before_the_colon_is_no_dateline(label):
    text = ARTICLE.replace("أكادير: ", f"{label}: ")
    parsed = parse_text(text, masthead_lines=[TAGLINE])
    assert (parsed.dateline, parsed.kicker) == ("", label)
    assert parsed.headline == "مهرجان للسينما الإفريقية يفتح أبوابه للجمهور مجانا"


def test_a_name_before_the_colon_is_no_dateline_and_stays_in_the_headline():
    text = ARTICLE.replace("أكادير: ", "بنكيران: ")
    parsed = parse_text(text, masthead_lines=[TAGLINE])
    assert (parsed.dateline, parsed.kicker) == ("", "")
    assert parsed.headline.startswith("بنكيران: ")

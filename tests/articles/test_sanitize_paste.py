"""What a word processor puts on the clipboard comes out of the sanitiser clean."""

from articles.sanitize import sanitize_body_html

# The HTML that Microsoft Word (Windows) copies for two Arabic paragraphs, a bold phrase, a
# heading and a list, trimmed of its longest style rules but with all its kinds of clutter.
MS_WORD_PASTE = """<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=ProgId content=Word.Document><meta name=Generator content="Microsoft Word 15">
<link rel=File-List href="file:///C:/Users/x/AppData/Local/Temp/msohtmlclip1/01/clip_filelist.xml">
<!--[if gte mso 9]><xml><o:OfficeDocumentSettings><o:AllowPNG/></o:OfficeDocumentSettings></xml><![endif]-->
<style><!-- p.MsoNormal {margin:0cm; font-family:"Calibri",sans-serif;} --></style>
</head>
<body lang=AR-MA style='tab-interval:36.0pt;word-wrap:break-word'>
<!--StartFragment-->
<h2 dir=RTL style='mso-margin-top-alt:auto'><span lang=AR-MA style='font-family:"Simplified Arabic"'>عنوان فرعي</span></h2>
<p class=MsoNormal dir=RTL style='text-align:right;direction:rtl;unicode-bidi:embed'><b><span
lang=AR-MA style='font-size:14.0pt;font-family:"Simplified Arabic",serif;mso-bidi-language:AR-MA'>قال
الوزير</span></b><span lang=AR-MA style='font-size:14.0pt'> إن المشروع سينطلق قريبا.<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpFirst dir=RTL style='margin-right:36.0pt;text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]><span
lang=AR-MA>البند الأول</span></p>
<p class=MsoNormal dir=RTL><a href="https://www.example.ma/rapport" target="_blank" onclick="track()"><span
lang=AR-MA>التقرير</span></a><span lang=AR-MA><o:p>&nbsp;</o:p></span></p>
<!--EndFragment-->
</body></html>"""

# LibreOffice Writer's clipboard: <font> tags, align attributes, a generator meta.
LIBREOFFICE_PASTE = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN">
<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"/>
<meta name="generator" content="LibreOffice 7.4.7.2 (Linux)"/>
<style type="text/css">p { margin-bottom: 0.25cm; line-height: 115%; background: transparent }</style>
</head><body lang="ar-MA" dir="rtl">
<p align="right" style="margin-bottom: 0cm; line-height: 100%"><font face="Arial"><font size="3" style="font-size: 12pt"><b>الرباط</b></font></font><font face="Arial"> — أعلنت الحكومة اليوم.</font></p>
<p dir="rtl" align="right" style="margin-bottom: 0cm"><i>جملة مائلة</i></p>
</body></html>"""


def test_a_word_paste_keeps_text_and_structure_and_loses_the_clutter():
    html = sanitize_body_html(MS_WORD_PASTE)

    for clutter in ("style", "class=", "Mso", "<o:p", "mso-", "xml", "<!--", "onclick", "target"):
        assert clutter not in html, clutter
    assert "font-family" not in html and "Calibri" not in html  # the <style> block's content
    assert "<h2>" in html and "عنوان فرعي" in html
    assert "<b>" in html and "قال\nالوزير" in html
    assert "البند الأول" in html
    assert '<a href="https://www.example.ma/rapport" rel="noopener noreferrer nofollow">' in html
    assert '<p dir="RTL">' in html  # the paragraph's direction is kept


def test_a_libreoffice_paste_loses_fonts_alignment_and_styles():
    html = sanitize_body_html(LIBREOFFICE_PASTE)

    assert html == (
        '<p><b>الرباط</b> — أعلنت الحكومة اليوم.</p>\n<p dir="rtl"><i>جملة مائلة</i></p>'
    )

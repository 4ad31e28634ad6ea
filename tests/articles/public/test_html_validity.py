"""Every page type passes the Nu HTML Checker (npm `vnu-jar`, run with the machine's Java)."""

import json
import shutil
import subprocess
from pathlib import Path

from articles.models import Language, Status
from articles.services.live import live_coverage_start, live_entry_edit, live_entry_post

VNU_JAR = Path(__file__).resolve().parents[3] / "node_modules" / "vnu-jar" / "build" / "dist"


def run_vnu(files):
    jar = VNU_JAR / "vnu.jar"
    assert jar.is_file(), f"{jar} is missing: run `npm ci` (make test does it)"
    java = shutil.which("java")
    assert java, "Java is missing: install default-jre-headless (`make test` does it as root)"
    result = subprocess.run(
        [java, "-jar", str(jar), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    return json.loads(result.stdout)["messages"]


def test_public_pages_have_no_html_errors(client, make_article, make_author, make_staff, tmp_path):
    author = make_author(name="Karim Ait Lahcen", bio="صحافي في الرباط.")
    article = make_article(
        authors=[author],
        kicker="عاجل",
        standfirst="ملخص المقال.",
        dateline="الرباط",
        is_featured=True,
        is_breaking=True,
        body="<p>فقرة <strong>أولى</strong>.</p><blockquote><p>اقتباس</p></blockquote>",
    )
    make_article(language=Language.TAMAZIGHT, headline="ⴰⵣⵓⵍ", section=article.section)
    taken_down = make_article(status=Status.ARCHIVED)
    editor = make_staff("editor")
    live = live_coverage_start(article=make_article(), actor=editor)
    entry = live_entry_post(article=live, actor=editor, body="<p>أول مداخلة.</p>", pinned=True)
    live_entry_edit(entry=entry, actor=editor, body="<p>أول مداخلة، مصححة.</p>")
    live_entry_post(article=live, actor=editor, body="<p>ثانية.</p><ul><li>نقطة</li></ul>")
    pages = {
        "home": "/",
        "article": article.get_absolute_url(),
        "live": live.get_absolute_url(),
        "section": article.section.get_absolute_url(),
        "author": author.get_absolute_url(),
        "search": "/search/?q=فقرة",
        "empty-search": "/search/?q=",
        "archive": f"/{article.publish_at.year}/",
        "404": "/لا-توجد-صفحة-هنا/",
        "410": taken_down.get_absolute_url(),
    }
    files = []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == (int(name) if name.isdigit() else 200), url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(path)
    errors = [
        f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}"
        for m in run_vnu(files)
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    assert errors == []

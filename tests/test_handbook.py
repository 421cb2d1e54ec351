"""The course handbook: what a learner and a trainer find in it, and hostile packs stay text."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from canvas_tutor.cli import main
from canvas_tutor.course.loader import load_course
from canvas_tutor.course.model import Course
from canvas_tutor.export.handbook import BMC_CREDIT, build_handbook
from canvas_tutor.export.handbook_html import handbook_to_html
from canvas_tutor.export.handbook_md import handbook_to_markdown, inert_markdown

FIXTURES = Path(__file__).parent / "fixtures"


class Page(HTMLParser):
    """Collects what a browser would act on: tags, attributes, scripts, text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.text).append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


@pytest.fixture(scope="module")
def builtin() -> Course:
    return load_course()


def test_learner_edition_has_every_lesson_and_worksheet_but_no_answers(builtin: Course) -> None:
    html = handbook_to_html(build_handbook(builtin))
    page = parse(html)
    h1 = [t for t, _ in page.tags if t == "h1"]
    assert len(h1) == 1
    articles = [a for t, a in page.tags if t == "article"]
    assert [a["id"] for a in articles] == [f"lesson-{x.id}" for x in builtin.lessons]
    sheets = [a for t, a in page.tags if t == "section" and "worksheet" in (a.get("class") or "")]
    assert len(sheets) == sum(len(x.exercises) for x in builtin.lessons)
    text = " ".join(page.text)
    assert BMC_CREDIT in text
    assert "Answer key" not in text and "For the trainer" not in text
    # No feedback of a choice option (it gives the answer away) reaches the learner edition.
    feedback = [o.feedback for x in builtin.lessons for e in x.exercises if e.kind == "choice"
                for o in e.options]
    assert feedback and not any(" ".join(f.split()) in " ".join(text.split()) for f in feedback)


def test_trainer_edition_adds_notes_and_the_right_answers(builtin: Course) -> None:
    html = handbook_to_html(build_handbook(builtin, trainer=True))
    text = " ".join(" ".join(parse(html).text).split())
    assert "Answer key" in text
    assert text.count("For the trainer") >= sum(1 for x in builtin.lessons if x.facilitator)
    for lesson in builtin.lessons:
        for ex in lesson.exercises:
            if ex.kind == "choice":
                for opt in ex.options:
                    if opt.correct:
                        assert " ".join(opt.feedback.split()) in text, ex.id


def test_json_ld_metadata(builtin: Course) -> None:
    page = parse(handbook_to_html(build_handbook(builtin)))
    scripts = [a for t, a in page.tags if t == "script"]
    assert scripts == [{"type": "application/ld+json"}]  # data only, nothing to run
    data = json.loads(page.scripts[0])
    assert data["@type"] == "Course" and data["name"] == builtin.title
    assert data["inLanguage"] == "en"
    assert data["license"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert data["timeRequired"] == f"PT{sum(x.minutes for x in builtin.lessons)}M"
    assert data["teaches"] and data["author"][0]["name"] == builtin.authors[0]
    assert data["isBasedOn"]["creditText"] == BMC_CREDIT
    assert "educationalLevel" in data


def test_self_contained_and_printable(builtin: Course) -> None:
    html = handbook_to_html(build_handbook(builtin, trainer=True))
    page = parse(html)
    assert not [a for t, a in page.tags if t in ("link", "img", "iframe", "object")]
    assert not re.search(r"@import|url\(|@font-face", html)
    assert "default-src &#x27;none&#x27;" in html
    css = html[html.index("<style>"):html.index("</style>")]
    assert ".lesson" in css and "break-before: page" in css
    assert "break-inside: avoid" in css


def hostile_pack(tmp_path: Path) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURES / "mini-pack", pack)
    manifest = pack / "course" / "course.toml"
    manifest.write_text(manifest.read_text("utf-8").replace(
        'title = "Mini course"', 'title = "</title><script>alert(1)</script>\\u001b[2J"'),
        "utf-8")
    lesson = pack / "lessons" / "en" / "01-intro.md"
    text = lesson.read_text("utf-8")
    text = text.replace("Welcome to the **mini** course.",
                        "Welcome <script>alert(2)</script> <img src=x onerror=alert(3)> "
                        "[click](javascript:alert(4)) [file](file:///etc/passwd) "
                        "![pic](http://evil.example/x.png) <https://evil.example/auto>\n\n"
                        "# Top heading")
    text = text.replace('prompt = "Where is your work saved?"',
                        'prompt = "<marquee onmouseover=alert(5)>Where</marquee> ]] '
                        '--> \\u001b[31m"')
    text = text.replace("Naima has an idea.", "Naima <iframe src=//evil.example></iframe>")
    lesson.write_text(text, "utf-8")
    return pack


def test_hostile_pack_stays_text_in_html(tmp_path: Path) -> None:
    course = load_course(hostile_pack(tmp_path))
    html = handbook_to_html(build_handbook(course, trainer=True))
    page = parse(html)
    tags = {t for t, _ in page.tags}
    assert not tags & {"img", "iframe", "marquee"}
    assert [a for t, a in page.tags if t == "script"] == [{"type": "application/ld+json"}]
    for _tag, attrs in page.tags:
        assert not any(k.startswith("on") for k in attrs)
        href = attrs.get("href") or ""
        assert not href or href.startswith(("#", "https:", "http:", "mailto:")), href
    assert "evil.example/x.png" not in " ".join(a.get("href") or "" for _, a in page.tags)
    text = " ".join(page.text)
    assert "<script>alert(2)</script>" in text  # shown as what the author typed
    assert "\x1b" not in html
    data = json.loads(page.scripts[0])
    assert data["name"] == "</title><script>alert(1)</script>[2J"
    assert "</script" not in page.scripts[0]
    assert len([t for t, _ in page.tags if t == "h1"]) == 1  # a '#' in prose is no h1


def test_hostile_pack_stays_text_in_markdown(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    course = load_course(hostile_pack(tmp_path))
    md = handbook_to_markdown(build_handbook(course, trainer=True))
    rendered = MarkdownIt("commonmark", {"html": True}).render(md)
    page = parse(rendered)
    tags = {t for t, _ in page.tags}
    assert not tags & {"script", "img", "iframe", "marquee"}
    for _tag, attrs in page.tags:
        assert not any(k.startswith("on") for k in attrs)
        href = attrs.get("href") or ""
        assert not href or href.startswith(("https:", "http:", "mailto:")), href
    assert "\x1b" not in md
    assert len([t for t, _ in page.tags if t == "h1"]) == 1


def test_inert_markdown_keeps_code_and_shifts_headings() -> None:
    text = "# Title\n\n```\n<kept> # not a heading\n```\n\nUse `a < b` and <b>x</b>."
    out = inert_markdown(text, 1)
    assert out.startswith("## Title")
    assert "<kept> # not a heading" in out
    assert "`a < b`" in out and "&lt;b>x&lt;/b>" in out
    assert inert_markdown("```\nopen fence", 0).endswith("```")


def test_markdown_edition_has_worksheets_and_key(builtin: Course) -> None:
    md = handbook_to_markdown(build_handbook(builtin, trainer=True))
    assert md.count("\n## Lesson ") == len(builtin.lessons)
    assert "- [ ] " in md and "## Answer key" in md
    assert BMC_CREDIT in md  # plain text needs no escapes: it reads as typed
    learner = handbook_to_markdown(build_handbook(builtin))
    assert "## Answer key" not in learner and "For the trainer" not in learner


def test_cli_writes_html_and_md(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "handbook.html"
    assert main(["course", "export", "--format", "html", "-o", str(out), "--trainer"]) == 0
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")
    md = tmp_path / "handbook.md"
    assert main(["course", "export", str(FIXTURES / "mini-pack"), "--format", "md",
                 "-o", str(md)]) == 0
    assert "# Mini course" in md.read_text("utf-8")
    # An existing file of another kind is not replaced without --force.
    assert main(["course", "export", "--format", "md", "-o", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")


def test_cli_refuses_a_language_the_course_lacks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["course", "export", "--format", "html", "--language", "xx"]) == 1
    assert "xx" in capsys.readouterr().err


def test_outcomes_and_glossary_of_the_pack(builtin: Course) -> None:
    book = build_handbook(builtin)
    assert builtin.outcomes and builtin.glossary
    page = parse(handbook_to_html(book))
    text = " ".join(" ".join(page.text).split())
    for outcome in builtin.outcomes:
        assert " ".join(outcome.text.split()) in text
    data = json.loads(page.scripts[0])
    assert data["teaches"] == [" ".join(o.text.split()) for o in builtin.outcomes]
    assert data["educationalLevel"]["name"].startswith("EQF")
    ids = {a.get("id") for _t, a in page.tags}
    assert {f"term-{t.id}" for t in builtin.glossary} <= ids
    links = {a.get("href") for t, a in page.tags if t == "a"}
    used = {w for x in builtin.lessons for w in x.glossary}
    assert used and {f"#term-{w}" for w in used} <= links
    md = handbook_to_markdown(book)
    assert "## Glossary" in md and "Words in the glossary" in md


def test_another_canvas_pack_carries_its_own_credit_only() -> None:
    course = load_course(FIXTURES / "lean-pack")
    html = handbook_to_html(build_handbook(course, trainer=True))
    page = parse(html)
    text = " ".join(page.text)
    assert "Ash Maurya" in text
    assert "Strategyzer" not in html and "Business Model Canvas" not in text
    data = json.loads(page.scripts[0])
    assert "isBasedOn" not in data and "Ash Maurya" in data["creditText"]
    md = handbook_to_markdown(build_handbook(course))
    assert "Strategyzer" not in md and "Ash Maurya" in md


def test_self_check_worksheet_lists_every_outcome(builtin: Course) -> None:
    html = handbook_to_html(build_handbook(builtin))
    rates = [e for x in builtin.lessons for e in x.exercises if e.kind == "rate"]
    assert rates
    assert html.count('<table class="rate">') == len(rates)
    text = " ".join(" ".join(parse(html).text).split())
    for outcome in rates[0].options:
        assert " ".join(outcome.text.split()) in text
    rows = [a for t, a in parse(html).tags if t == "th" and a.get("scope") == "row"]
    rubrics = [e for x in builtin.lessons for e in x.exercises if e.kind == "rubric"]
    assert len(rows) == sum(len(e.options) for e in rates) + sum(len(e.criteria) for e in rubrics)


def french_pack(tmp_path: Path) -> Path:
    """The mini pack with a French edition (as the translation tests build it)."""
    import tomli_w

    from canvas_tutor.course.translation import source_hash
    from test_translation import _overlay

    root = tmp_path / "pack"
    shutil.copytree(FIXTURES / "mini-pack", root)
    manifest = root / "course" / "course.toml"
    manifest.write_text(manifest.read_text("utf-8").replace(
        'languages = ["en"]', 'languages = ["en", "fr"]'), "utf-8")
    (root / "lessons" / "fr").mkdir()
    for source in sorted((root / "lessons" / "en").glob("*.md")):
        text = source.read_text("utf-8").replace(
            "+++\n", f'+++\ntranslates = "{source_hash(source)}"\n', 1)
        (root / "lessons" / "fr" / source.name).write_text(
            text.replace('prompt = "', 'prompt = "FR '), "utf-8")
    (root / "course" / "translations").mkdir()
    (root / "course" / "translations" / "fr.toml").write_text(
        tomli_w.dumps(_overlay(root)), "utf-8")
    return root


def test_handbook_in_another_language_of_the_pack(tmp_path: Path) -> None:
    pack = french_pack(tmp_path)
    out = tmp_path / "manuel.html"
    assert main(["course", "export", str(pack), "--language", "fr", "-o", str(out)]) == 0
    page = parse(out.read_text("utf-8"))
    assert ("html", {"lang": "fr"}) in page.tags
    text = " ".join(page.text)
    assert "FR Mini course" in text and "FR Where is your work saved?" in text
    data = json.loads(page.scripts[0])
    assert data["inLanguage"] == "fr" and data["availableLanguage"] == ["en", "fr"]
    md = tmp_path / "manuel.md"
    assert main(["course", "export", str(pack), "--language", "fr", "--format", "md",
                 "-o", str(md)]) == 0
    assert 'lang: "fr"' in md.read_text("utf-8")


def test_a_classify_with_many_categories_prints_them_once_as_lettered_key(
        builtin: Course) -> None:
    """Eight relationship types by ten situations as boxes to tick fill a page and a half;
    the worksheet lists them once (A to H) and gives each situation one box for a letter."""
    html = handbook_to_html(build_handbook(builtin))
    many = next(e for x in builtin.lessons for e in x.exercises
                if e.kind == "classify" and len(e.categories) > 4)
    few = next(e for x in builtin.lessons for e in x.exercises
               if e.kind == "classify" and len(e.categories) <= 4)
    start = html.index(f'id="ws-{many.id}"')
    sheet = html[start:html.index("</section>", start)]
    text = " ".join(" ".join(parse(sheet).text).split())
    assert "Write the letter of one category beside each situation." in text
    for n, category in enumerate(many.categories):
        assert f'<b class="letter">{chr(65 + n)}</b> {category.text}' in sheet
    assert sheet.count('class="letter-box"') == len(many.items)
    assert sheet.count('<span class="sr">Your answer</span>') == len(many.items)
    assert 'class="tick' not in sheet
    start = html.index(f'id="ws-{few.id}"')
    sheet = html[start:html.index("</section>", start)]
    assert sheet.count('class="tick square"') == len(few.items) * len(few.categories)


# Where a worksheet of each kind leaves room to answer (a classify with many categories: a
# letter box per situation; with few, a box to tick per category).
ROOM_TO_ANSWER = {"reflect": 'class="write"', "notes": 'class="note"', "choice": 'class="tick',
                  "pick": 'class="tick', "rate": 'class="num"', "rubric": 'class="tick',
                  "classify": 'class="letter-box"'}


def test_every_kind_has_room_to_answer_in_the_handbook() -> None:
    """A new exercise kind must say here what its worksheet prints to answer on."""
    from canvas_tutor.course.exercises import KINDS

    assert set(ROOM_TO_ANSWER) == set(KINDS)


def test_every_lesson_brings_its_objectives_prose_case_and_worksheets(builtin: Course) -> None:
    """Issue 16's list, item by item: title page with licence and credits, then per lesson
    its objectives, its prose, each case panel, and worksheets with room to answer."""
    html = handbook_to_html(build_handbook(builtin))
    title_page = html[html.index('<header class="title-page">'):html.index("</header>")]
    assert 'href="https://creativecommons.org/licenses/by-sa/4.0/"' in title_page
    assert "CC BY-SA 4.0" in title_page and BMC_CREDIT in title_page
    assert "What you will be able to do" in title_page
    for lesson in builtin.lessons:
        start = html.index(f'<article class="lesson" id="lesson-{lesson.id}"')
        body = html[start:html.index("</article>", start)]
        text = " ".join(" ".join(parse(body).text).split())
        assert lesson.objectives and all(" ".join(o.split()) in text
                                         for o in lesson.objectives), lesson.id
        kinds = [s.kind for s in lesson.segments]
        assert body.count('<div class="prose">') == kinds.count("prose"), lesson.id
        assert body.count('<div class="case" role="note"') == kinds.count("case"), lesson.id
        assert 'class="facilitator"' not in body  # the trainer edition's
        for ex in lesson.exercises:
            sheet = body[body.index(f'id="ws-{ex.id}"'):]
            sheet = sheet[:sheet.index("</section>")]
            room = ROOM_TO_ANSWER[ex.kind]
            if ex.kind == "classify" and len(ex.categories) <= 4:
                room = 'class="tick'
            assert room in sheet, (lesson.id, ex.id)
    assert "Naima" in html and '<div class="case"' in html

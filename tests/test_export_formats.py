"""Exports as a learner and a trainer see them: JSON data, Markdown notes, a printable page."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.course.loader import load_course
from canvas_tutor.course.model import Course
from canvas_tutor.export.html import canvas_to_html
from canvas_tutor.export.json_export import canvas_to_json
from canvas_tutor.export.markdown import canvas_to_markdown

# the credit the built-in pack and the test packs give in canvas.toml
DEFAULT_CREDIT = (
    "The Business Model Canvas, designed by Strategyzer AG (strategyzer.com), CC BY-SA 3.0"
)
MINI = Path(__file__).parent / "fixtures" / "mini-pack"
DOCS = Path(__file__).parents[1] / "docs"


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(MINI)


def make_canvas() -> Canvas:
    canvas = Canvas(course="business-model-canvas", name="Zoë Ålund", venture="Café “Ünder”",
                    created=datetime(2026, 11, 22, 9, 30, tzinfo=UTC))
    canvas.set_notes("customer_segments", ["Students near campus", "Night-shift nurses"])
    canvas.set_notes("customer_relationships", ["Loyalty card"])
    canvas.set_types("customer_relationships", ["communities", "long_term"])
    canvas.set_answer("customer_relationships", "mi-expect", "Line one\nLine two — ünïcode 🚲")
    canvas.set_notes("cost_structure", ["Rent"])
    canvas.block("my_extra").notes = ["Kept from a newer version"]
    canvas.updated = datetime(2026, 11, 24, 16, 5, 12, tzinfo=UTC)
    return canvas


# --- JSON -------------------------------------------------------------------------------

def test_json_has_versioned_schema_and_stable_key_order(course: Course) -> None:
    data = json.loads(canvas_to_json(make_canvas(), course))
    assert list(data) == ["schema", "schema_version", "course", "language", "learner",
                          "created", "updated", "progress", "blocks"]
    assert data["schema"] == "canvas-tutor/canvas-export"
    assert data["schema_version"] == 1
    assert data["course"] == {"id": "business-model-canvas", "title": "Mini course"}
    assert data["created"] == "2026-11-22T09:30:00Z"
    assert data["updated"] == "2026-11-24T16:05:12Z"
    assert list(data["blocks"][0]) == ["id", "title", "notes", "types", "answers"]


def test_json_blocks_follow_the_layout_then_extras(course: Course) -> None:
    data = json.loads(canvas_to_json(make_canvas(), course))
    ids = [b["id"] for b in data["blocks"]]
    assert ids == [*course.canvas.block_ids, "my_extra"]
    by_id = {b["id"]: b for b in data["blocks"]}
    assert by_id["customer_relationships"]["title"] == "Customer relationships"
    assert by_id["my_extra"]["title"] is None
    assert by_id["customer_relationships"]["types"] == ["communities", "long_term"]


def test_json_round_trips_text_exactly_and_is_utf8(course: Course) -> None:
    canvas = make_canvas()
    text = canvas_to_json(canvas, course)
    assert "Zoë Ålund" in text and "🚲" in text  # not \u-escaped
    data = json.loads(text)
    assert data["learner"] == {"name": "Zoë Ålund", "venture": "Café “Ünder”"}
    answers = {b["id"]: b["answers"] for b in data["blocks"]}["customer_relationships"]
    assert answers == {"mi-expect": "Line one\nLine two — ünïcode 🚲"}
    assert canvas_to_json(canvas, course) == text  # deterministic


def test_json_schema_document_matches_the_export(course: Course) -> None:
    schema = json.loads((DOCS / "canvas-export.schema.json").read_text("utf-8"))
    data = json.loads(canvas_to_json(make_canvas(), course))
    assert set(schema["required"]) == set(data)
    assert schema["properties"]["schema"]["const"] == data["schema"]
    assert schema["properties"]["schema_version"]["const"] == data["schema_version"]
    block_schema = schema["$defs"]["block"]
    assert set(block_schema["required"]) == set(data["blocks"][0])
    assert "canvas-tutor/canvas-export" in (DOCS / "export-json.md").read_text("utf-8")


def test_json_carries_the_outcomes_and_the_self_check_ratings() -> None:
    builtin = load_course()
    canvas = make_canvas()
    plain = json.loads(canvas_to_json(canvas, builtin))
    assert "ratings" not in plain["progress"]  # nothing rated: the key is left out
    canvas.rate("self-check-before", "segments", 2)
    canvas.rate("self-check-after", "segments", 4)
    data = json.loads(canvas_to_json(canvas, builtin))
    assert data["progress"]["ratings"] == {"self-check-before": {"segments": 2},
                                           "self-check-after": {"segments": 4}}
    assert [o["id"] for o in data["course"]["outcomes"]] == [o.id for o in builtin.outcomes]
    assert data["course"]["outcomes"][0] == {
        "id": builtin.outcomes[0].id, "text": builtin.outcomes[0].text,
        "entrecomp": builtin.outcomes[0].entrecomp, "eqf": builtin.outcomes[0].eqf}
    schema = json.loads((DOCS / "canvas-export.schema.json").read_text("utf-8"))
    course_schema = schema["properties"]["course"]["properties"]["outcomes"]["items"]
    assert set(course_schema["required"]) == set(data["course"]["outcomes"][0])
    assert "ratings" in schema["properties"]["progress"]["properties"]
    assert "progress.ratings" in (DOCS / "export-json.md").read_text("utf-8")
    assert "outcomes" not in json.loads(canvas_to_json(canvas, load_course(MINI)))["course"]


# --- Markdown ---------------------------------------------------------------------------

def test_markdown_front_matter_and_sections(course: Course) -> None:
    md = canvas_to_markdown(make_canvas(), course)
    head = md.split("---\n")[1]
    assert 'learner: "Zoë Ålund"' in head
    assert 'venture: "Café “Ünder”"' in head
    assert 'course: "business-model-canvas"' in head
    assert 'date: "2026-11-24"' in head
    tokens = MarkdownIt("commonmark").parse(md.split("---\n", 2)[2])
    h2 = [tokens[i + 1].content for i, t in enumerate(tokens) if t.tag == "h2" and t.nesting == 1]
    assert h2 == [b.title for b in course.canvas.blocks] + ["My extra"]


def test_markdown_notes_types_answers_and_credit(course: Course) -> None:
    md = canvas_to_markdown(make_canvas(), course)
    assert "- Students near campus" in md
    # the vocabulary title, then the label, else the id
    assert "**Types of customer relationship:** Communities, long_term" in md
    html = MarkdownIt("commonmark").render(md)
    assert "<strong>What relationship does each segment expect?</strong>" in html
    assert "Line one<br />\nLine two — ünïcode 🚲" in html  # one paragraph, a line break
    tokens = MarkdownIt("commonmark").parse(md)
    last = [t for t in tokens if t.type == "inline"][-1]
    assert "".join(c.content for c in last.children or [] if c.type == "text") == DEFAULT_CREDIT


def test_markdown_front_matter_quotes_are_escaped(course: Course) -> None:
    canvas = make_canvas()
    canvas.name = 'Ada "the" \\ Countess'
    md = canvas_to_markdown(canvas, course)
    line = next(x for x in md.splitlines() if x.startswith("learner: "))
    value = line.removeprefix("learner: ")
    # One double-quoted scalar (signs as \\uXXXX escapes, see docs/security.md) that a
    # YAML or JSON reader reads back as typed.
    assert value.startswith('"') and value.endswith('"') and '"' not in value[1:-1]
    import json

    assert json.loads(value) == canvas.name


# --- HTML -------------------------------------------------------------------------------

class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Tags:
    p = _Tags()
    p.feed(html)
    return p


def test_html_is_self_contained_and_locked_down(course: Course) -> None:
    html = canvas_to_html(make_canvas(), course)
    p = _parse(html)
    tags = [t for t, _ in p.tags]
    assert "script" not in tags and "img" not in tags and "link" not in tags
    assert not any(k in a for _, a in p.tags for k in ("src", "href"))
    metas = [a for t, a in p.tags if t == "meta"]
    assert {"charset": "utf-8"} in metas
    csp = next(a["content"] for a in metas if a.get("http-equiv") == "Content-Security-Policy")
    assert csp == "default-src 'none'; style-src 'unsafe-inline'"
    assert "url(" not in html and "@import" not in html


def test_html_places_blocks_on_the_course_grid(course: Course) -> None:
    html = canvas_to_html(make_canvas(), course)
    for i, block in enumerate(course.canvas.blocks):
        assert (f"#b{i}{{grid-column:{block.column}/span {block.column_span};"
                f"grid-row:{block.row}/span {block.row_span}}}") in html
    assert "@page { size: A4 landscape; margin: 8mm; }" in html
    assert "@media print" in html and "max-width: 760px" in html


def test_html_shows_learner_blocks_questions_types_answers_credit(course: Course) -> None:
    html = canvas_to_html(make_canvas(), course)
    text = " ".join(_parse(html).text)
    for expected in ("Zoë Ålund", "Café “Ünder”", "Nov 24, 2026", "Students near campus",
                     "What kind of relationship does each segment expect from us?",
                     "Communities", "long_term",
                     "What relationship does each segment expect?",
                     "Line one\nLine two — ünïcode 🚲", DEFAULT_CREDIT,
                     "Kept from a newer version"):
        assert expected in text


def test_html_and_markdown_show_the_outcomes_with_the_self_check() -> None:
    """Issue 13: the course's learning outcomes are shown in exports, each with the
    learner's confidence at the start and at the end of the course."""
    builtin = load_course()
    canvas = make_canvas()
    canvas.rate("self-check-before", "segments", 2)
    canvas.rate("self-check-after", "segments", 4)
    canvas.rate("self-check-after", "money", 3)
    html = canvas_to_html(canvas, builtin)
    section = html.split('<section class="outcomes', 1)[1].split("</section>", 1)[0]
    rows = section.split("<tr>")[2:]
    assert len(rows) == len(builtin.outcomes)
    for outcome, row in zip(builtin.outcomes, rows, strict=True):
        assert " ".join(outcome.text.split()) in row and f"EQF level {outcome.eqf}" in row
    by_id = dict(zip((o.id for o in builtin.outcomes), rows, strict=True))
    assert "<td>2/5</td><td>4/5</td>" in by_id["segments"]
    assert "<td>\u2014</td><td>3/5</td>" in by_id["money"]
    assert "What the course teaches" in section
    markdown = canvas_to_markdown(canvas, builtin)
    part = markdown.split("## What the course teaches", 1)[1].split("* * *", 1)[0]
    lines = [line for line in part.splitlines() if line.startswith("| ")][2:]
    assert len(lines) == len(builtin.outcomes)
    assert lines[[o.id for o in builtin.outcomes].index("segments")].endswith("| 2/5 | 4/5 |")
    rendered = MarkdownIt("commonmark").enable("table").render(markdown)
    assert rendered.count("<tr>") >= len(builtin.outcomes) + 1


def test_a_course_without_outcomes_exports_no_outcome_section(course: Course) -> None:
    assert not course.outcomes
    assert "outcomes" not in canvas_to_html(make_canvas(), course).split("<body>", 1)[1]
    assert "What the course teaches" not in canvas_to_markdown(make_canvas(), course)


def test_exports_and_coach_never_import_textual() -> None:
    code = ("import sys, canvas_tutor.export.html, canvas_tutor.export.markdown, "
            "canvas_tutor.export.json_export, canvas_tutor.export.output, "
            "canvas_tutor.canvas.coach; print('textual' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"

"""Markdown exports escape only what would change the rendering, and still let nothing live.

Read as text, "Canvas: e-bike & co" stays exactly that; rendered (markdown-it-py, raw HTML
on, tables and strikethrough on), any answer shows as the text that was typed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.course.loader import load_course
from canvas_tutor.course.model import Course
from canvas_tutor.export import handbook_md, markdown
from canvas_tutor.export.markdown import canvas_to_markdown, md_escape, md_escape_lines
from canvas_tutor.text import one_line, strip_controls

MINI = Path(__file__).parent / "fixtures" / "mini-pack"
SRC = Path(__file__).resolve().parents[1] / "src" / "canvas_tutor"

# A renderer as permissive as they come: raw HTML on, GitHub's tables and strikethrough.
RENDERER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
LIVE = {"link_open", "image", "html_block", "html_inline", "code_block", "fence",
        "code_inline", "table_open", "blockquote_open", "ordered_list_open", "s_open",
        "em_open", "strong_open", "heading_open", "hr", "bullet_list_open"}

HOSTILE_ANSWER = "\n".join([
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1)) ![i](http://evil.example/x.png)",
    "# Heading",
    "- list",
    "1. ordered",
    "| table | x |",
    "|---|---|",
    "```",
    "> quote",
    "&lt;b&gt; &amp; &#60;",
    "*emph* _emph_ **strong** `code` ~~gone~~",
    "===",
    "---",
    "[ref]: https://evil.example",
    "back\\slash at the end\\",
])


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(MINI)


def _walk(tokens: list[Token]) -> list[Token]:
    out = []
    for token in tokens:
        out.append(token)
        out.extend(_walk(token.children or []))
    return out


def _text(inline: Token) -> str:
    """What a reader sees of an inline run: its text, a line break as a newline."""
    return "".join("\n" if c.type in ("hardbreak", "softbreak") else c.content
                   for c in inline.children or [] if c.type in ("text", "hardbreak",
                                                                "softbreak"))


def test_ordinary_text_reads_as_typed(course: Course) -> None:
    canvas = Canvas(course=course.id, name="Ann O'Neil-Smith", venture="e-bike & co")
    canvas.set_notes("customer_segments", ["Shop owners (old town), 2-3 vans each.",
                                           "Parents: school runs + shopping"])
    canvas.set_answer("customer_relationships", "mi-expect",
                      "A call: 10-15 min/week.\nSee https://e-bike.example/co too.")
    md = canvas_to_markdown(canvas, course)
    body = md.split("---\n", 2)[2]
    assert "\n# Business Model Canvas: e-bike & co\n" in body
    assert "- Shop owners (old town), 2-3 vans each." in body
    assert "- Parents: school runs + shopping" in body
    assert "By Ann O'Neil-Smith, " in body
    assert "A call: 10-15 min/week.\\\nSee https://e-bike.example/co too." in body
    assert "The Business Model Canvas, designed by Strategyzer AG (strategyzer.com), " \
        "CC BY-SA 3.0" in body
    for over in ("\\:", "\\-", "\\.", "\\(", "&amp;", "\\'", "\\+"):
        assert over not in body, over


def test_a_hostile_answer_renders_as_the_literal_text(course: Course) -> None:
    canvas = Canvas(course=course.id, name="Eve", venture="x")
    canvas.set_answer("customer_relationships", "mi-expect", HOSTILE_ANSWER)
    canvas.set_notes("customer_segments", HOSTILE_ANSWER.split("\n"))
    md = canvas_to_markdown(canvas, course)
    tokens = RENDERER.parse(md.split("---\n", 2)[2])
    # the answer: one paragraph, line by line exactly as typed (less a trailing newline)
    answer = next(t for t in tokens if t.type == "inline" and "javascript" in _text(t)
                  and "# Heading" in _text(t) and "- list" in _text(t) and
                  _text(t).count("\n") > 5)
    lead = "What relationship does each segment expect? "  # the prompt, in bold
    shown = [line.rstrip(" ") for line in _text(answer).removeprefix(lead).split("\n")]
    assert shown == HOSTILE_ANSWER.split("\n")
    # each note: a list item of its own whose text is the note
    items = [t for t in tokens if t.type == "inline" and t.level == 3]
    assert [_text(t) for t in items] == HOSTILE_ANSWER.split("\n")
    rendered = RENDERER.render(md)
    assert "<script" not in rendered and "<img" not in rendered and "href" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered


# Text made of the signs Markdown acts on, with letters, digits and spaces between them.
SIGNS = st.lists(st.sampled_from(list("\\`*_~[]()<>!#&;+-=.:|/\"' \t") +
                                 ["a", "b", "1", "2", "é", "x@y", "&amp;", "&#35;", "http://",
                                  "www.", "<b>", "</", "<!--", "    ", "1.", "2)"]),
                 max_size=25).map("".join)


@settings(max_examples=400, deadline=None)
@given(SIGNS)
def test_any_line_renders_as_itself_wherever_it_stands(text: str) -> None:
    """In a paragraph, a list item, a heading, a cell, between emphasis marks: the text
    shown is the text typed (less controls, spaces folded), and nothing else is made."""
    typed = one_line(text)
    assume(typed)  # the exports never wrap an empty text in marks
    escaped = md_escape(text)
    places = {"paragraph": (escaped, 0), "item": (f"- {escaped}", 2),
              "heading": (f"## {escaped}", 1), "emphasis": (f"*{escaped}*", 0),
              "strong lead-in": (f"**{escaped}:** x", 0),
              "cell": (f"| a |\n|---|\n| {escaped} |", 0)}
    for place, (source, _level) in places.items():
        tokens = _walk(RENDERER.parse(source))
        made = {t.type for t in tokens} & LIVE
        allowed = {"item": {"bullet_list_open"}, "heading": {"heading_open"},
                   "emphasis": {"em_open"}, "strong lead-in": {"strong_open"},
                   "cell": {"table_open"}}.get(place, set())
        assert made <= allowed, (place, source, made - allowed)
        inlines = [t for t in tokens if t.type == "inline"]
        shown = _text(inlines[-1]) if inlines else ""
        if place == "strong lead-in":
            shown = "".join(_text(t) for t in inlines).removesuffix(": x")
        if place == "cell":
            shown = _text(inlines[-1]) if len(inlines) > 1 else ""
        assert shown == typed.strip(), (place, source, shown)


@settings(max_examples=200, deadline=None)
@given(st.lists(SIGNS, min_size=1, max_size=5))
def test_any_lines_stay_one_paragraph(lines: list[str]) -> None:
    text = "\n".join(lines)
    tokens = _walk(RENDERER.parse(f"**Q** {md_escape_lines(text)}"))
    assert not {t.type for t in tokens} & (LIVE - {"strong_open"})
    inline = next(t for t in tokens if t.type == "inline")
    shown = _text(inline).removeprefix("Q").lstrip(" ")
    expected = "\n".join(one_line(line) for line in strip_controls(text).split("\n"))
    expected = expected.strip("\n").split("\n")  # blank lines at either end are dropped
    assert [line.strip() for line in shown.split("\n")] == expected


def test_the_handbook_escapes_with_the_same_one_function() -> None:
    assert handbook_md.md_escape is markdown.md_escape
    assert handbook_md.md_escape_lines is markdown.md_escape_lines
    defined = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef) and "escape" in node.name and \
                    "md" in node.name:
                defined.append(f"{path.relative_to(SRC)}:{node.name}")
    assert sorted(defined) == ["export/markdown.py:md_escape",
                               "export/markdown.py:md_escape_lines"]


def test_the_handbook_reads_as_typed(capsys: pytest.CaptureFixture[str]) -> None:
    from canvas_tutor.cli import main

    assert main(["course", "export", "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert "The Business Model Canvas, designed by Strategyzer AG (strategyzer.com), " \
        "CC BY-SA 3.0" in out
    assert "\\-" not in out and "\\:" not in out and "\\." not in out

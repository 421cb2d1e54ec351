"""A canvas full of hostile text: nothing executable or structural may reach any export."""

from __future__ import annotations

import json
import re
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
from canvas_tutor.text import strip_controls

MINI = Path(__file__).parent / "fixtures" / "mini-pack"

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "![i](http://evil.example/x.png)",
    "](",
    "# Heading",
    "- list",
    "1. ordered",
    "| table | x |",
    "|---|---|",
    "```",
    "~~~",
    "    indented code",
    "> quote",
    "<https://evil.example>",
    "https://evil.example/autolink",
    "&lt;b&gt;entity&amp;",
    '"><svg onload=alert(1)>',
    "\x1b[31mred\x1b[0m bell\x07 c1\x9b2J nul\x00",
    "***",
    "<!-- comment -->",
    "[ref]: https://evil.example",
    "*emph* _emph_ **strong** `code`",
]
ANSWER = "\n".join(HOSTILE) + "\n\n===\n---\n\nafter blank"


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(MINI)


def hostile_canvas(course: Course) -> Canvas:
    canvas = Canvas(course=course.id)
    # Bypass the setters on purpose: an export must be safe even for an unclean model.
    canvas.name = "<b>Mallory</b> \x1b[2J"
    canvas.venture = "[evil](javascript:alert(1)) <script>x</script>"
    for block in course.canvas.blocks:
        work = canvas.block(block.id)
        work.notes = list(HOSTILE)
        work.answers["mi-expect" if block.id == "customer_relationships" else "x"] = ANSWER
    canvas.block("customer_relationships").types = ["<script>t</script>", "communities"]
    canvas.block("<script>evil_block</script>").notes = list(HOSTILE)
    return canvas


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text += data


OWN_TAGS = {"html", "head", "meta", "title", "style", "body", "main", "header", "h1", "dl",
            "div", "dt", "dd", "section", "h2", "h3", "span", "p", "ul", "li", "b", "br",
            "footer"}


def test_html_lets_no_markup_through(course: Course) -> None:
    html = canvas_to_html(hostile_canvas(course), course)
    parser = _Collect()
    parser.feed(html)
    tags = {t for t, _ in parser.tags}
    assert tags <= OWN_TAGS, tags - OWN_TAGS
    attrs = {name for _, a in parser.tags for name, _ in a}
    assert attrs <= {"lang", "class", "charset", "http-equiv", "content", "name", "id",
                     "aria-labelledby", "aria-hidden"}
    assert not any(name.startswith("on") for name in attrs)
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "<svg" not in html.lower()
    assert "\x1b" not in html and "\x07" not in html and "\x9b" not in html
    # The text is shown as text, exactly (less controls).
    assert "<img src=x onerror=alert(1)>" in parser.text
    assert "[x](javascript:alert(1))" in parser.text
    assert "&lt;b&gt;entity&amp;" in parser.text


def _walk(tokens: list) -> list:  # type: ignore[type-arg]
    out = []
    for tok in tokens:
        out.append(tok)
        out.extend(_walk(tok.children or []))
    return out


def _goes_where_it_says(href: str, shown: str) -> bool:
    """A link made from a bare address: over http(s), to the address its text shows (a
    bare domain gets http:// put before it)."""
    return href.startswith(("http://", "https://")) and href in (shown, f"http://{shown}")


def test_markdown_lets_no_structure_through(course: Course) -> None:
    md = canvas_to_markdown(hostile_canvas(course), course)
    assert "\x1b" not in md and "\x07" not in md and "\x9b" not in md and "\x00" not in md
    front, body = md.split("---\n", 2)[1:]
    for line in front.strip().splitlines():
        key, _, value = line.partition(": ")
        assert value.startswith('"') and value.endswith('"'), line
    md_parser = MarkdownIt("commonmark", {"linkify": True}).enable(
        ["table", "strikethrough", "linkify"])
    tokens = _walk(md_parser.parse(body))
    types = {t.type for t in tokens}
    for forbidden in ("image", "html_block", "html_inline", "code_block",
                      "fence", "code_inline", "table_open", "blockquote_open",
                      "ordered_list_open", "s_open"):
        assert forbidden not in types, forbidden
    # No link syntax works ([x](javascript:...), <https://...>, [ref]: ...). A bare web
    # address is left as typed, so a renderer that links addresses (GitHub, linkify) may
    # make it clickable: then it goes exactly where its visible text says, over http(s).
    for index, tok in enumerate(tokens):
        if tok.type == "link_open":
            assert tok.markup == "linkify", tok
            href, shown = str(tok.attrs["href"]), tokens[index + 1].content
            assert _goes_where_it_says(href, shown), tok
    # Emphasis only where the exporter puts it: each guiding question and the credit.
    ems = [t for t in tokens if t.type == "em_open"]
    assert len(ems) == sum(1 for b in course.canvas.blocks if b.question) + 1
    strongs = [t for t in tokens if t.type == "strong_open"]
    assert len(strongs) == len(course.canvas.blocks) + 1  # answer lead-ins and the types line
    # Our own structure only: one h1, an h2 per block, one bullet list per block.
    headings = [t for t in tokens if t.type == "heading_open"]
    assert [t.tag for t in headings].count("h1") == 1
    assert [t.tag for t in headings].count("h2") == len(course.canvas.blocks) + 1
    lists = [t for t in tokens if t.type == "bullet_list_open"]
    assert len(lists) == len(course.canvas.blocks) + 1
    items = [t for t in tokens if t.type == "list_item_open"]
    assert len(items) == len(HOSTILE) * (len(course.canvas.blocks) + 1)
    hr = [t for t in tokens if t.type == "hr"]
    assert len(hr) == 1  # the one before the credit
    rendered = md_parser.render(body)
    assert "<script" not in rendered and "<img" not in rendered
    assert rendered.count("href=") == sum(1 for t in tokens if t.type == "link_open")
    assert "&lt;img src=x onerror=alert(1)&gt;" in rendered  # shown as text


def test_markdown_front_matter_lets_no_html_or_link_through(course: Course) -> None:
    """A renderer that shows the front matter (or renders the whole file) runs nothing."""
    canvas = hostile_canvas(course)
    canvas.name = '<script>alert("name")</script> [x](javascript:alert(1)) *O\'Brien* & Co'
    canvas.course = "<img src=x onerror=alert(2)>"
    md = canvas_to_markdown(canvas, course)
    front = md.split("---\n", 2)[1]
    assert "<" not in front and ">" not in front and "](" not in front
    values = dict(line.split(": ", 1) for line in front.strip().splitlines())
    # Read back as YAML would read a double-quoted scalar (JSON's escapes are YAML's).
    assert json.loads(values["learner"]) == canvas.name
    assert json.loads(values["course"]) == canvas.course
    md_parser = MarkdownIt("commonmark", {"html": True, "linkify": True}).enable(
        ["table", "strikethrough", "linkify"])
    types = {t.type for t in _walk(md_parser.parse(md))}
    for forbidden in ("link_open", "image", "html_block", "html_inline", "em_open"):
        assert forbidden not in {t.type for t in _walk(md_parser.parse(front))}, forbidden
    assert "html_inline" not in types and "html_block" not in types
    rendered = md_parser.render(md)
    assert "<script" not in rendered and "<img" not in rendered
    assert "<em>O'Brien" not in rendered
    # Only bare web addresses may become links (see above), each to what it shows.
    for href, shown in re.findall(r'<a href="([^"]*)">([^<]*)</a>', rendered):
        assert _goes_where_it_says(href, shown), href
    assert rendered.count("href=") == len(re.findall(r'<a href="[^"]*">[^<]*</a>', rendered))


def test_markdown_answer_stays_one_paragraph(course: Course) -> None:
    md = canvas_to_markdown(hostile_canvas(course), course)
    tokens = MarkdownIt("commonmark").parse(md.split("---\n", 2)[2])
    inline = next(t for t in tokens if t.type == "inline" and "after blank" in t.content)
    texts = "".join(c.content if c.type == "text" else "\n" for c in inline.children or []
                    if c.type in ("text", "hardbreak"))
    assert "<script>alert(1)</script>" in texts
    assert texts.endswith("after blank")


def test_json_round_trips_hostile_text_exactly(course: Course) -> None:
    canvas = hostile_canvas(course)
    data = json.loads(canvas_to_json(canvas, course))
    assert data["learner"]["name"] == strip_controls(canvas.name)
    assert data["learner"]["venture"] == strip_controls(canvas.venture)
    blocks = {b["id"]: b for b in data["blocks"]}
    assert blocks["customer_segments"]["notes"] == [strip_controls(h) for h in HOSTILE]
    assert blocks["customer_relationships"]["answers"]["mi-expect"] == strip_controls(ANSWER)
    assert blocks["customer_relationships"]["types"][0] == "<script>t</script>"
    assert "<script>evil_block</script>" in blocks
    raw = canvas_to_json(canvas, course)
    assert "\x1b" not in raw and "\\u001b" not in raw and "\x07" not in raw

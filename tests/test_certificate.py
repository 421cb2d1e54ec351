"""`canvas-tutor certificate`: one page for a finished canvas, refused for an unfinished one."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.canvas.store import CanvasStore
from canvas_tutor.course.loader import load_course


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "canvas_tutor", *args], capture_output=True,
                          text=True, timeout=120)


def canvas_file(path: Path, lessons: int | None = None) -> Path:
    course = load_course()
    canvas = Canvas(course=course.id, name='Inès <script>alert(1)</script>', venture="Tea bikes")
    for lesson in course.lessons[:lessons]:
        canvas.progress.complete(lesson.id)
    with CanvasStore(path) as store:
        store.create(canvas)
    return path


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def test_a_finished_canvas_gets_its_certificate(tmp_path: Path) -> None:
    out = tmp_path / "cert.html"
    result = run("certificate", str(canvas_file(tmp_path / "a.canvas.toml")), "-o", str(out))
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    course = load_course()
    assert "Certificate of completion" in page and "Tea bikes" in page
    assert "Inès &lt;script&gt;" in page  # the name is data, escaped
    assert all(o.text in page for o in course.outcomes)
    assert "Strategyzer AG" in page and "CC-BY-SA-4.0" in page
    tags = Tags()
    tags.feed(page)
    assert "script" not in tags.tags and tags.tags.count("h1") == 1


def test_an_unfinished_canvas_is_refused_with_what_is_left(tmp_path: Path) -> None:
    out = tmp_path / "cert.html"
    result = run("certificate", str(canvas_file(tmp_path / "a.canvas.toml", lessons=11)),
                 "-o", str(out))
    assert result.returncode == 1
    assert "2 lessons still to finish" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()

"""The class report: a trainer's folder of canvases in, one safe, correct report out."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from canvas_tutor.canvas.codec import canvas_to_text
from canvas_tutor.canvas.model import Canvas, QuizResult
from canvas_tutor.course.loader import load_course
from canvas_tutor.course.model import Course
from canvas_tutor.export.report import (
    ClassReport,
    ProgressBar,
    collect,
    report_csv,
    report_html,
    report_json,
)

MINI = Path(__file__).parent / "fixtures" / "mini-pack"
STAMP = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
HOSTILE_NAME = '<script>alert("name")</script>'
HOSTILE_VENTURE = "<img src=x onerror=alert(1)>"
HOSTILE_ANSWER = '=HYPERLINK("http://evil.example","x") "><svg onload=alert(2)>'
HOSTILE_NOTE = "<img src=y onerror=alert(3)> & friends"


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(MINI)


def make(name: str, *, venture: str = "Tea shop", completed: tuple[str, ...] = (),
         quiz: dict[str, QuizResult] | None = None, types: tuple[str, ...] = (),
         answer: str = "", notes: tuple[str, ...] = (), course_id: str = "business-model-canvas",
         ) -> str:
    canvas = Canvas(course=course_id, name=name, venture=venture, created=STAMP, updated=STAMP)
    canvas.progress.completed = list(completed)
    canvas.progress.quiz = dict(quiz or {})
    work = canvas.block("customer_relationships")
    work.types = list(types)
    work.notes = list(notes)
    if answer:
        work.answers["mi-expect"] = answer
    return canvas_to_text(canvas)


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


@pytest.fixture()
def class_dir(tmp_path: Path) -> Path:
    """A realistic hand-in folder: good canvases, broken ones, a duplicate and an attacker."""
    d = tmp_path / "class"
    write(d, "ada.canvas.toml", make(
        "Ada Lovelace", completed=("intro", "relations"), types=("communities",),
        quiz={"mi-quiz": QuizResult(["a"], True, 1),                 # no first_try: 1 try, right
              "mi-sort": QuizResult(["x"], True, 2, first_try=False)},
        answer="They expect a community.", notes=("Hashtag community",)))
    write(d, "group-b/ada-again.canvas.toml", make(
        "  ada   LOVELACE ", venture="Second idea", completed=("intro",),
        quiz={"mi-quiz": QuizResult(["b"], False, 1, first_try=False)}))
    write(d, "bob.canvas.toml", make(
        "Bob", completed=("intro",), types=("transactional", "communities"),
        quiz={"mi-quiz": QuizResult(["a"], True, 3, first_try=True),
              "mi-sort": QuizResult(["x"], True, 1)}))
    write(d, "mallory.canvas.toml", make(
        HOSTILE_NAME, venture=HOSTILE_VENTURE, completed=("relations", "no-such-lesson"),
        types=("communities", "<b>evil</b>"), answer=HOSTILE_ANSWER, notes=(HOSTILE_NOTE,)))
    write(d, "corrupt.canvas.toml", 'format = "canvas-tutor/canvas"\nthis is [[ not toml\n')
    write(d, "other-format.canvas.toml", 'format = "someone-else"\ntitle = "x"\n')
    write(d, "other-course.canvas.toml", make("Eve", course_id="lean-canvas"))
    write(d, "huge.canvas.toml", make("Huge") + "# " + "x" * (1024 * 1024) + "\n")
    write(d, "notes.txt", "not a canvas, ignored")
    return d


def test_report_lists_learners_skipped_files_and_reasons(class_dir: Path, course: Course) -> None:
    report = collect([class_dir], course, now=STAMP)
    assert sorted(x.name for x in report.learners) == sorted(
        ["Ada Lovelace", "ada LOVELACE", "Bob", HOSTILE_NAME])
    reasons = {Path(s.file).name: s.reason for s in report.skipped}
    assert set(reasons) == {"corrupt.canvas.toml", "other-format.canvas.toml",
                            "other-course.canvas.toml", "huge.canvas.toml"}
    assert "not valid TOML" in reasons["corrupt.canvas.toml"]
    assert reasons["corrupt.canvas.toml"].startswith("line 2:")
    assert "not a canvas-tutor canvas" in reasons["other-format.canvas.toml"]
    assert "another course ('lean-canvas'" in reasons["other-course.canvas.toml"]
    assert "too large" in reasons["huge.canvas.toml"]


def test_files_are_read_in_a_stable_sorted_order(class_dir: Path, course: Course) -> None:
    first = collect([class_dir], course, now=STAMP)
    again = collect([class_dir], course, now=STAMP)
    files = [x.file for x in first.learners]
    assert files == sorted(files)
    assert report_json(first) == report_json(again)


def test_two_files_from_one_learner_are_both_shown_and_flagged(class_dir: Path,
                                                               course: Course) -> None:
    report = collect([class_dir], course, now=STAMP)
    ada = [x for x in report.learners if x.key == "ada lovelace"]
    assert len(ada) == 2
    assert ada[0].duplicate_of == [ada[1].file] and ada[1].duplicate_of == [ada[0].file]
    assert not any(x.duplicate_of for x in report.learners if x.key != "ada lovelace")
    assert [x.duplicate_count for x in ada] == [1, 1]
    assert [[x.file for x in g] for g in report.duplicate_groups] == [[a.file for a in ada]]
    page = report_html(report)
    assert page.count("same learner as") == 2
    assert "Learners with more than one file" in page


def test_counts(class_dir: Path, course: Course) -> None:
    report = collect([class_dir], course, now=STAMP)
    lessons = {s.id: (s.done, s.percent) for s in report.lessons}
    assert lessons == {"intro": (3, 75.0), "relations": (2, 50.0)}
    quiz = {q.id: (q.attempted, q.first_try) for q in report.quizzes}
    # mi-quiz: Ada right in 1 try, Ada-again wrong, Bob first_try=True -> 3 tried, 2 first try
    # mi-sort: Ada first_try=False, Bob right in 1 try -> 2 tried, 1 first try
    assert quiz == {"mi-quiz": (3, 2), "mi-sort": (2, 1)}
    types = {t.id: t.count for t in report.types}
    assert types == {"transactional": 1, "communities": 3, "(other)": 1}
    assert [t.label for t in report.types][:2] == ["Transactional", "Communities"]
    assert [q.id for q in report.questions] == ["mi-expect"]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_self_contained_and_escapes_every_learner_string(class_dir: Path,
                                                                 course: Course) -> None:
    page = report_html(collect([class_dir], course, now=STAMP))
    parser = _Tags()
    parser.feed(page)
    assert not {"script", "img", "iframe", "object", "embed", "link", "a", "form"} & set(
        parser.tags)
    assert parser.tags.count("svg") == 1  # the bar chart, nothing a learner wrote
    names = [name for name, _ in parser.attrs]
    assert not [n for n in names if n.startswith("on")]
    assert not {"src", "href", "action"} & set(names)
    text = "".join(parser.text)
    for hostile in (HOSTILE_NAME, HOSTILE_VENTURE, HOSTILE_NOTE, "<b>evil</b>"):
        assert hostile not in page
    for hostile in (HOSTILE_NAME, HOSTILE_VENTURE, HOSTILE_NOTE, HOSTILE_ANSWER):
        assert hostile in text  # shown to the trainer as text
    assert "default-src 'none'; style-src 'unsafe-inline'" in page
    assert "The Business Model Canvas, designed by Strategyzer AG (strategyzer.com), " \
           "CC BY-SA 3.0" in text
    assert "November 22, 2026" in text  # the date as the active language writes it
    assert "@media print" in page


def test_html_lists_skipped_files_and_the_relationship_chart(class_dir: Path,
                                                            course: Course) -> None:
    page = report_html(collect([class_dir], course, now=STAMP))
    for name in ("corrupt.canvas.toml", "other-format.canvas.toml", "huge.canvas.toml"):
        assert name in page
    assert "too large" in page
    assert ">Communities</text>" in page and ">3</text>" in page


def test_csv_has_one_row_per_learner_and_no_formula_injection(class_dir: Path,
                                                              course: Course) -> None:
    rows = list(csv.reader(io.StringIO(report_csv(collect([class_dir], course, now=STAMP)))))
    head, body = rows[0], rows[1:]
    assert head[:4] == ["file", "name", "venture", "completed_lessons"]
    assert "done:intro" in head and "answer:mi-expect" in head
    assert len(body) == 4
    for row in body:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    mallory = next(r for r in body if r[1] == HOSTILE_NAME)
    assert mallory[head.index("answer:mi-expect")] == "'" + HOSTILE_ANSWER
    assert mallory[head.index("completed_lessons")] == "1"
    bob = next(r for r in body if r[1] == "Bob")
    assert bob[head.index("types:customer_relationships")] == "Transactional; Communities"
    assert bob[head.index("done:intro")] == "1" and bob[head.index("done:relations")] == "0"


def test_json_round_trips_learner_strings(class_dir: Path, course: Course) -> None:
    data = json.loads(report_json(collect([class_dir], course, now=STAMP)))
    mallory = next(x for x in data["learners"] if x["name"] == HOSTILE_NAME)
    assert mallory["venture"] == HOSTILE_VENTURE
    assert mallory["answers"]["mi-expect"] == HOSTILE_ANSWER  # every exercise's answer
    assert mallory["notes"]["customer_relationships"] == [HOSTILE_NOTE]
    assert data["learner_count"] == 4
    assert {s["reason"].split(":")[0] for s in data["skipped"]}
    assert data["generated"] == "2026-11-22T09:30:00Z"


def test_progress_is_reported_for_every_file(class_dir: Path, course: Course) -> None:
    calls: list[tuple[int, int]] = []
    collect([class_dir], course, progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 8) and calls[-1] == (8, 8)
    assert [d for d, _ in calls] == list(range(9))


@pytest.mark.skipif(os.name != "posix", reason="FIFOs, symlink loops and raw byte names")
def test_pipes_link_loops_and_odd_names_never_hang_or_crash(tmp_path: Path,
                                                            course: Course) -> None:
    d = tmp_path / "class"
    write(d, "ok.canvas.toml", make("Ok"))
    os.mkfifo(d / "pipe.canvas.toml")
    os.symlink(d, d / "loop")  # a folder link back to itself: must not be followed
    os.symlink(d / "ok.canvas.toml", d / "same.canvas.toml")  # one file, two names
    raw = os.fsencode(d) + b"/bad-\xff.canvas.toml"
    with open(raw, "wb") as handle:
        handle.write(make("Zoe").encode())
    report = collect([d, d / "ok.canvas.toml"], course, now=STAMP)
    assert sorted(x.name for x in report.learners) == ["Ok", "Zoe"]
    reasons = {Path(s.file).name: s.reason for s in report.skipped}
    assert "not a regular file" in reasons["pipe.canvas.toml"]
    assert "already read" in reasons["same.canvas.toml"]
    report_html(report).encode("utf-8")  # an undecodable file name still renders
    assert "bad-\ufffd.canvas.toml" in report_json(report)


def test_many_files_of_one_name_name_a_few_others_only(tmp_path: Path,
                                                        course: Course) -> None:
    for i in range(30):
        write(tmp_path, f"{i:02d}.canvas.toml", make("Same Name"))
    report = collect([tmp_path], course, now=STAMP)
    assert all(len(x.duplicate_of) == 5 and x.duplicate_count == 29 for x in report.learners)
    assert report_html(report).count("and 24 more") == 30
    assert len(report.duplicate_groups) == 1 and len(report.duplicate_groups[0]) == 30


def test_empty_folder_and_missing_path(tmp_path: Path, course: Course) -> None:
    report = collect([tmp_path, tmp_path / "nope"], course, now=STAMP)
    assert report.learners == [] and [s.reason for s in report.skipped] == [
        "no such file or folder"]
    assert "No canvas could be read" in report_html(report)
    assert all(s.percent == 0.0 for s in report.lessons)


def _kind(i: int) -> str:
    """A tenth of the class is trouble: corrupt, another course's, or an attacker's."""
    if i % 20 == 3:
        return "corrupt"
    if i % 40 == 13:
        return "foreign"
    return "hostile" if i % 40 == 33 else "good"


def _thousand(folder: Path) -> None:
    for i in range(1000):
        sub, name, kind = folder / f"group-{i % 7}", f"{i:04d}.canvas.toml", _kind(i)
        if kind == "corrupt":
            write(sub, name, f"format = 'canvas-tutor/canvas'\n[[[{i}")
        elif kind == "foreign":
            write(sub, name, make(f"X{i}", course_id="other"))
        elif kind == "hostile":
            write(sub, name, make(f"{HOSTILE_NAME}{i}", venture=HOSTILE_VENTURE,
                                  answer=HOSTILE_ANSWER, completed=("intro",),
                                  types=("communities",)))
        else:
            write(sub, name, make(
                f"Learner {i}", completed=("intro", "relations") if i % 2 else ("intro",),
                types=("transactional",), answer=f"Answer {i}",
                quiz={"mi-quiz": QuizResult(["a"], True, 1 + i % 3)}))


def test_a_thousand_files_with_a_tenth_broken_or_hostile(tmp_path: Path,
                                                         course: Course) -> None:
    _thousand(tmp_path / "class")
    kinds = [_kind(i) for i in range(1000)]
    good = [i for i, k in enumerate(kinds) if k == "good"]
    report = collect([tmp_path / "class"], course, now=STAMP)
    assert len(report.learners) == 925 and len(report.skipped) == 75
    reasons = [s.reason for s in report.skipped]
    assert sum("not valid TOML" in r for r in reasons) == 50
    assert sum("another course" in r for r in reasons) == 25
    done = {s.id: s.done for s in report.lessons}
    assert done == {"intro": 925, "relations": sum(1 for i in good if i % 2)}
    assert {t.id: t.count for t in report.types} == {"transactional": 900, "communities": 25}
    quiz = {q.id: (q.attempted, q.first_try) for q in report.quizzes}
    assert quiz["mi-quiz"] == (900, sum(1 for i in good if i % 3 == 0))
    page = report_html(report)
    parser = _Tags()
    parser.feed(page)
    assert "script" not in parser.tags and "img" not in parser.tags
    assert HOSTILE_NAME not in page and page.count("&lt;script&gt;") >= 25


def test_progress_bar_draws_on_a_terminal_only_and_throttles() -> None:
    quiet = io.StringIO()
    ProgressBar(quiet)(1, 2)
    assert quiet.getvalue() == ""  # not a terminal: nothing, no control characters
    out = io.StringIO()
    now = [0.0]
    bar = ProgressBar(out, force=True, width=10, clock=lambda: now[0])
    for done in range(1001):
        now[0] += 0.0005  # a thousand files in half a second
        bar(done, 1000)
    bar.close()
    frames = out.getvalue().split("\r")[1:]
    assert 3 <= len(frames) <= 8
    assert frames[-1] == "[##########] 1000/1000 files\n"
    assert bar.line(500, 1000) == "[#####-----] 500/1000 files"


def test_report_modules_do_not_import_textual() -> None:
    code = ("import sys, canvas_tutor.export.report as r; r.ClassReport; "
            "print('textual' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_collect_gives_the_exported_report_type_every_renderer_takes(
        class_dir: Path, course: Course) -> None:
    """Was `ClassReport.__name__ == "ClassReport"`, which could not fail (issue 12)."""
    report = collect([class_dir], course, now=STAMP)
    assert type(report) is ClassReport
    names = {learner.name for learner in report.learners}
    assert {"Ada Lovelace", "Bob"} <= names and "Eve" not in names  # Eve: another course
    for render in (report_html, report_json, report_csv):
        assert "Bob" in render(report)

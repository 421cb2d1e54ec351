"""Glossary and learning outcomes in a pack: loaded, and every fault shown as file:line.

Each test copies the mini pack into tmp_path and adds one thing, so a fault that is not
reported, or reported on the wrong line, shows.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from canvas_tutor.course.faults import Fault
from canvas_tutor.course.loader import inspect_pack, load_course

MINI = Path(__file__).parent / "fixtures" / "mini-pack"
INTRO = "lessons/en/01-intro.md"
RELATIONS = "lessons/en/02-relations.md"
GLOSSARY = """\
format_version = 1

[terms.margin.en]
term = "margin"
definition = "What is left of the price after the cost of making and delivering it."

[terms.margin.fr]
term = "marge"
definition = "Ce qui reste du prix une fois payés les coûts."

[terms.community.en]
term = "community"
definition = "Customers who meet and help each other.\\u001b[31m"
"""
OUTCOMES = """
[[outcomes]]
id = "money"
text = "Work out one month of revenue and costs."
entrecomp = "Financial and economic literacy"
eqf = 4

[[outcomes]]
id = "risk"
text = "Name the riskiest assumption and test it."
entrecomp = "Coping with uncertainty, ambiguity and risk"
eqf = 5
"""


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    root = tmp_path / "pack"
    shutil.copytree(MINI, root)
    return root


def mark(root: Path, rel: str, terms: str) -> None:
    """Add `glossary = [...]` to a lesson's front matter, on its line 3."""
    path = root / rel
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(2, f"glossary = {terms}")
    path.write_text("\n".join(lines), encoding="utf-8")


def faults(root: Path) -> list[str]:
    _course, found = inspect_pack(root)
    return [str(Fault(f.path.relative_to(root), f.line, f.message)) for f in found]


def test_a_pack_without_glossary_or_outcomes_still_loads(pack: Path) -> None:
    course = load_course(pack)
    assert course.glossary == () and course.outcomes == ()
    assert all(lesson.glossary == () for lesson in course.lessons)


def test_glossary_and_outcomes_load_cleaned_and_in_order(pack: Path) -> None:
    (pack / "course" / "glossary.toml").write_text(GLOSSARY, encoding="utf-8")
    (pack / "course" / "course.toml").write_text(
        (pack / "course" / "course.toml").read_text(encoding="utf-8") + OUTCOMES,
        encoding="utf-8")
    mark(pack, INTRO, '["margin"]')
    mark(pack, RELATIONS, '["community", "margin"]')
    assert faults(pack) == []
    course = load_course(pack)
    assert [e.id for e in course.glossary] == ["margin", "community"]
    assert course.glossary[1].definition == "Customers who meet and help each other.[31m"
    assert course.lesson("relations").glossary == ("community", "margin")  # type: ignore[union-attr]
    assert [(o.id, o.entrecomp, o.eqf) for o in course.outcomes] == [
        ("money", "Financial and economic literacy", 4),
        ("risk", "Coping with uncertainty, ambiguity and risk", 5)]


def test_glossary_in_another_language_falls_back_per_entry(pack: Path) -> None:
    (pack / "course" / "glossary.toml").write_text(GLOSSARY, encoding="utf-8")
    manifest = pack / "course" / "course.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        'languages = ["en"]', 'languages = ["en", "fr"]'), encoding="utf-8")
    shutil.copytree(pack / "lessons" / "en", pack / "lessons" / "fr")
    for lang in ("en", "fr"):
        mark(pack, f"lessons/{lang}/01-intro.md", '["margin", "community"]')
    course = load_course(pack, "fr")
    assert [e.term for e in course.glossary] == ["marge", "community"]


def test_check_flags_a_marked_term_without_entry(pack: Path) -> None:
    (pack / "course" / "glossary.toml").write_text(GLOSSARY, encoding="utf-8")
    mark(pack, INTRO, '["margin", "community", "mvp"]')
    assert faults(pack) == [f"{INTRO}:3: lesson 'intro' marks glossary term 'mvp', but "
                            "course/glossary.toml has no entry for it"]


def test_check_flags_an_entry_no_lesson_uses(pack: Path) -> None:
    (pack / "course" / "glossary.toml").write_text(GLOSSARY, encoding="utf-8")
    mark(pack, INTRO, '["margin"]')
    assert faults(pack) == ["course/glossary.toml:11: glossary entry 'community' is used by "
                            "no lesson (add it to a lesson's 'glossary' list, or remove it)"]


def test_usage_faults_do_not_stop_the_app(pack: Path) -> None:
    """An unused entry is the author's to fix; the learner's app still opens the course."""
    (pack / "course" / "glossary.toml").write_text(GLOSSARY, encoding="utf-8")
    course = load_course(pack)
    assert len(course.glossary) == 2


@pytest.mark.parametrize(("text", "line", "fragment"), [
    ("format_version = 1\n[terms.margin.en]\nterm = 'x'\n", 2, "missing key 'definition'"),
    ("format_version = 1\n[terms.margin.fr]\nterm = 'x'\ndefinition = 'y'\n", 2,
     "has no 'en' text"),
    ("format_version = 1\n[terms.Margin.en]\nterm = 'x'\ndefinition = 'y'\n", 2,
     "is not a valid id"),
    ("format_version = 1\nterms = 3\n", 2, "'terms' must be a table"),
    ("format_version = 2\n", 1, "'format_version' must be 1"),
    ("format_version = 1\n[terms.margin.en\n", 2, "TOML syntax error"),
])
def test_broken_glossary_files_are_reported_on_their_line(pack: Path, text: str, line: int,
                                                          fragment: str) -> None:
    (pack / "course" / "glossary.toml").write_text(text, encoding="utf-8")
    found = [f for f in faults(pack) if f.startswith("course/glossary.toml:")]
    assert any(f.startswith(f"course/glossary.toml:{line}:") and fragment in f
               for f in found), found


@pytest.mark.parametrize(("change", "fragment"), [
    (('entrecomp = "Financial and economic literacy"', 'entrecomp = "Money skills"'),
     "is not an EntreComp competence"),
    (("eqf = 4", "eqf = 9"), "'eqf' must be between 1 and 8"),
    (('id = "risk"', 'id = "money"'), "duplicate outcome id 'money'"),
    (('text = "Work out one month of revenue and costs."\n', ""), "missing key 'text'"),
])
def test_broken_outcomes_are_reported(pack: Path, change: tuple[str, str],
                                      fragment: str) -> None:
    manifest = pack / "course" / "course.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + OUTCOMES.replace(*change),
                        encoding="utf-8")
    found = faults(pack)
    assert any(f.startswith("course/course.toml:") and fragment in f for f in found), found


def test_check_command_prints_glossary_faults_as_file_line(pack: Path) -> None:
    (pack / "course" / "glossary.toml").write_text(GLOSSARY, encoding="utf-8")
    mark(pack, INTRO, '["margin", "mvp"]')
    run = subprocess.run([sys.executable, "-m", "canvas_tutor", "check", str(pack)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert f"{pack / INTRO}:3: lesson 'intro' marks glossary term 'mvp'" in run.stdout
    assert f"{pack / 'course' / 'glossary.toml'}:11: glossary entry 'community'" in run.stdout

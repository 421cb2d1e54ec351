"""A second language of a pack: translated texts laid over the source, lessons kept in step."""

from __future__ import annotations

import re
import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
import tomli_w

from canvas_tutor.course.check import check_once
from canvas_tutor.course.loader import inspect_pack, load_course
from canvas_tutor.course.translation import source_hash

MINI = Path(__file__).parent / "fixtures" / "mini-pack"


def _overlay(pack: Path) -> dict[str, object]:
    """A complete French translation file of the pack, every text marked 'FR'."""
    canvas = tomllib.loads((pack / "course" / "canvas.toml").read_text("utf-8"))
    case = tomllib.loads((pack / "course" / "case.toml").read_text("utf-8"))
    manifest = tomllib.loads((pack / "course" / "course.toml").read_text("utf-8"))
    over: dict[str, object] = {"course": {"title": "FR " + manifest["title"]}}
    over["blocks"] = {b["id"]: {"title": "FR " + b["title"], "question": "FR " + b["question"]}
                      for b in canvas["blocks"]}
    over["vocabularies"] = {
        vid: {"title": "FR " + v["title"],
              "items": {i["id"]: {"title": "FR " + i["title"],
                                  "description": "FR " + i["description"]}
                        for i in v["items"]}}
        for vid, v in canvas.get("vocabularies", {}).items()}
    over["case"] = {"venture": "FR " + case["venture"], "blocks": {
        bid: {**({"notes": ["FR " + n for n in b["notes"]]} if b.get("notes") else {}),
              "answers": {k: "FR " + v for k, v in b.get("answers", {}).items()}}
        for bid, b in case["blocks"].items()}}
    return over


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """The mini pack with a complete, current French edition."""
    root = tmp_path / "pack"
    shutil.copytree(MINI, root)
    manifest = root / "course" / "course.toml"
    manifest.write_text(manifest.read_text("utf-8").replace('languages = ["en"]',
                                                            'languages = ["en", "fr"]'), "utf-8")
    (root / "lessons" / "fr").mkdir()
    for source in sorted((root / "lessons" / "en").glob("*.md")):
        text = source.read_text("utf-8").replace(
            "+++\n", f'+++\ntranslates = "{source_hash(source)}"\n', 1)
        text = text.replace('prompt = "', 'prompt = "FR ')
        (root / "lessons" / "fr" / source.name).write_text(text, "utf-8")
    (root / "course" / "translations").mkdir()
    (root / "course" / "translations" / "fr.toml").write_text(tomli_w.dumps(_overlay(root)),
                                                               "utf-8")
    return root


def test_a_current_translation_passes_and_is_laid_over_the_source(
        pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check_once(pack) == 0
    out = capsys.readouterr().out
    assert "ok [fr]: 'FR Mini course'" in out and "warning" not in out
    course = load_course(pack, "fr")
    assert course.language == "fr"
    assert all(b.title.startswith("FR ") for b in course.canvas.blocks)
    assert course.case.venture.startswith("FR ")
    assert all(ex.prompt.startswith("FR ") for lesson in course.lessons
               for ex in lesson.exercises)
    pick = course.exercise("mi-pick")
    assert pick is not None and all(o.text.startswith("FR ") for o in pick.options)
    english = load_course(pack)
    assert [e.id for x in english.lessons for e in x.exercises] == \
        [e.id for x in course.lessons for e in x.exercises]  # answers carry across


def test_an_english_change_makes_the_translation_outdated(
        pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = pack / "lessons" / "en" / "01-intro.md"
    source.write_text(source.read_text("utf-8").replace("Welcome", "Hello"), "utf-8")
    assert check_once(pack) == 0  # a warning, not a fault: the old text still works
    out = capsys.readouterr().out
    assert re.search(r"lessons/fr/01-intro\.md:1: warning: outdated: translates version "
                     r"[0-9a-f]{12} of en/01-intro\.md, which is now [0-9a-f]{12}", out), out


def test_a_lesson_that_does_not_say_what_it_translates_is_warned(
        pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lesson = pack / "lessons" / "fr" / "02-relations.md"
    lesson.write_text(re.sub(r'translates = "\w+"\n', "", lesson.read_text("utf-8")), "utf-8")
    assert check_once(pack) == 0
    assert "02-relations.md:1: warning: does not say which version" in capsys.readouterr().out


def test_structural_differences_are_faults_in_check_and_never_reach_the_app(
        pack: Path) -> None:
    lesson = pack / "lessons" / "fr" / "02-relations.md"
    text = lesson.read_text("utf-8")
    lesson.write_text(text.replace('id = "mi-expect"', 'id = "mi-attendu"')
                      .replace('answer = "communities"', 'answer = "transactional"', 1),
                      "utf-8")
    course, faults = inspect_pack(pack, "fr")
    shown = [str(f) for f in faults]
    assert course is None
    assert any("02-relations.md" in f and "exercise 'mi-attendu': its exercise id differ" in f
               for f in shown), shown
    assert any("items (their number and answers) differ" in f for f in shown), shown
    lines = {f.line for f in faults if f.path == lesson}
    assert all(line > 1 for line in lines)  # at the exercise's line, not the top
    app_course = load_course(pack, "fr")  # the app shows the source lesson instead
    relations = app_course.lesson("relations")
    assert relations is not None and relations.path.parent.name == "en"


def test_translation_file_faults_are_on_their_lines(pack: Path) -> None:
    path = pack / "course" / "translations" / "fr.toml"
    path.write_text(path.read_text("utf-8") + '\n[blocks.no_such_block]\ntitle = "X"\n',
                    "utf-8")
    _course, faults = inspect_pack(pack, "fr")
    fault = next(f for f in faults if "no_such_block" in f.message)
    assert fault.path == path
    assert path.read_text("utf-8").splitlines()[fault.line - 1] == "[blocks.no_such_block]"


def test_missing_texts_and_lessons_are_reported(pack: Path) -> None:
    path = pack / "course" / "translations" / "fr.toml"
    data = tomllib.loads(path.read_text("utf-8"))
    del data["blocks"]["channels"]["question"]
    path.write_text(tomli_w.dumps(data), "utf-8")
    (pack / "lessons" / "fr" / "01-intro.md").unlink()
    _course, faults = inspect_pack(pack, "fr")
    shown = [str(f) for f in faults]
    assert any("not translated: blocks.channels.question" in f for f in shown), shown
    assert any("lessons/fr/ has no NN-intro.md" in f for f in shown), shown


def test_untranslated_glossary_entries_and_audience_are_reported(pack: Path) -> None:
    manifest = pack / "course" / "course.toml"
    manifest.write_text(manifest.read_text("utf-8").replace(
        'languages = ["en", "fr"]', 'languages = ["en", "fr"]\naudience = "Students"'), "utf-8")
    (pack / "course" / "glossary.toml").write_text(
        'format_version = 1\n\n[terms.community.en]\nterm = "community"\ndefinition = "A group."\n'
        '\n[terms.kiosk.en]\nterm = "kiosk"\ndefinition = "A stand."\n'
        '\n[terms.kiosk.fr]\nterm = "kiosque"\ndefinition = "Un stand."\n', "utf-8")
    for lesson in (pack / "lessons").glob("*/01-intro.md"):
        lesson.write_text(lesson.read_text("utf-8").replace(
            "+++\n", '+++\nglossary = ["community", "kiosk"]\n', 1), "utf-8")
    _course, faults = inspect_pack(pack, "fr")
    shown = [f"{f.path.name}:{f.line}: {f.message}" for f in faults]
    assert "glossary.toml:3: not translated: terms.community.fr" in shown, shown
    assert not any("terms.kiosk" in f for f in shown), shown
    assert any("not translated: course.audience" in f for f in shown), shown
    assert load_course(pack, "fr").glossary[0].term == "community"  # the app: in English


def test_the_built_in_course_checks_clean_in_every_language(
        capsys: pytest.CaptureFixture[str]) -> None:
    from canvas_tutor.course.location import builtin_root

    assert check_once(builtin_root()) == 0
    out = capsys.readouterr().out
    assert [line.split(":")[0] for line in out.splitlines()] == ["ok", "ok [es]", "ok [fr]"], out


def test_a_change_to_a_built_in_english_lesson_makes_both_editions_outdated(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from canvas_tutor.course.location import builtin_root

    root = tmp_path / "pack"
    shutil.copytree(builtin_root() / "course", root / "course")
    shutil.copytree(builtin_root() / "lessons", root / "lessons")
    source = root / "lessons" / "en" / "05-channels.md"
    source.write_text(source.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    assert check_once(root) == 0
    out = capsys.readouterr().out
    for language in ("es", "fr"):
        assert re.search(rf"lessons/{language}/05-channels\.md:1: warning: outdated: translates "
                         r"version [0-9a-f]{12} of en/05-channels\.md", out), out
    assert out.count("outdated") == 2, out


def test_a_missing_or_unreadable_translated_lesson_is_shown_from_its_source(
        pack: Path) -> None:
    """`check` reports both; the app runs the edition with the source's lesson in their place."""
    (pack / "lessons" / "fr" / "01-intro.md").unlink()
    broken = pack / "lessons" / "fr" / "02-relations.md"
    broken.write_text(broken.read_text("utf-8").replace("+++\n", "+++\ntitle = [\n", 1), "utf-8")
    _course, faults = inspect_pack(pack, "fr")
    shown = [str(f) for f in faults]
    assert any("lessons/fr/ has no NN-intro.md" in f for f in shown), shown
    assert any("02-relations.md" in f for f in shown), shown
    course = load_course(pack, "fr")
    assert course.language == "fr"
    assert [x.id for x in course.lessons] == [x.id for x in load_course(pack).lessons]
    assert {x.path.parent.name for x in course.lessons} == {"en"}
    assert course.canvas.blocks[0].title.startswith("FR ")  # the rest is still French


_FACILITATOR = re.compile(r"```facilitator\n.*?```\n", re.S)


@pytest.mark.parametrize(("name", "change", "message"), [
    ("01-intro.md", lambda t: t.replace("correct = true\n", "", 1).replace(
        'text = "Nowhere"\n', 'text = "Nowhere"\ncorrect = true\n'),
     "exercise 'mi-quiz': its options (ids and which are correct) differ"),
    ("02-relations.md", lambda t: t.replace(
        '[[items]]', '[[categories]]\nid = "extra"\ntext = "FR extra"\n\n[[items]]', 1),
     "exercise 'mi-sort': its category ids differ"),
    ("02-relations.md", lambda t: t.replace('saves_to = "customer_relationships"',
                                            'saves_to = "customer_segments"', 1),
     "exercise 'mi-expect': its saves_to differ"),
    ("01-intro.md", lambda t: _FACILITATOR.sub("", t),
     "the fences (case, exercise, facilitator) differ from en/01-intro.md: case, exercise "
     "instead of case, exercise, facilitator"),
])
def test_each_structural_difference_is_a_fault_at_its_line(
        pack: Path, name: str, change: Callable[[str], str], message: str) -> None:
    lesson = pack / "lessons" / "fr" / name
    text = lesson.read_text("utf-8")
    assert change(text) != text
    lesson.write_text(change(text), "utf-8")
    _course, faults = inspect_pack(pack, "fr")
    found = [f for f in faults if f.path == lesson and message in f.message]
    assert found, [str(f) for f in faults]
    assert load_course(pack, "fr").lesson(lesson.stem[3:]).path.parent.name == "en"

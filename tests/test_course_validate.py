"""The validator: one small broken pack per fault, each pointing at the right file and line.

Every pack is the mini pack (tests/fixtures/mini-pack) copied into tmp_path with exactly
one thing changed, so a fault that is not reported, or reported on the wrong line, shows.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from canvas_tutor.course.faults import Fault
from canvas_tutor.course.loader import inspect_pack

MINI = Path(__file__).parent / "fixtures" / "mini-pack"
INTRO = "lessons/en/01-intro.md"
RELATIONS = "lessons/en/02-relations.md"
MANIFEST = "course/course.toml"
CANVAS = "course/canvas.toml"
CASE = "course/case.toml"


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    root = tmp_path / "pack"
    shutil.copytree(MINI, root)
    return root


def edit(root: Path, rel: str, old: str, new: str) -> None:
    """Replace the first `old` in a pack file (failing loudly if the fixture changed)."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture {rel} no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def faults_of(root: Path) -> list[Fault]:
    course, faults = inspect_pack(root)
    if faults:
        assert course is None, "a pack with faults must not give a usable course"
    return faults


def expect(root: Path, rel: str, line: int, fragment: str, *, only: bool = True) -> Fault:
    """Assert a fault at `rel:line` whose message contains `fragment`."""
    faults = faults_of(root)
    shown = "\n".join(str(f) for f in faults)
    found = [f for f in faults
             if f.path.relative_to(root).as_posix() == rel and fragment in f.message]
    assert found, f"no fault in {rel} mentioning {fragment!r}; got:\n{shown}"
    assert any(f.line == line for f in found), f"expected line {line}; got:\n{shown}"
    if only:
        assert len(faults) == 1, f"expected exactly one fault; got:\n{shown}"
    return next(f for f in found if f.line == line)


def test_the_mini_pack_has_no_faults(pack: Path) -> None:
    course, faults = inspect_pack(pack)
    assert faults == []
    assert course is not None
    assert [lesson.id for lesson in course.lessons] == ["intro", "relations"]


def test_fault_prints_as_path_line_message(pack: Path) -> None:
    edit(pack, MANIFEST, 'version = "0.1.0"', 'version = "0.1.0')
    fault = expect(pack, MANIFEST, 4, "TOML syntax error")
    assert str(fault).startswith(f"{pack / MANIFEST}:4: TOML syntax error")


# TOML syntax errors, each with the line in its own file


def test_syntax_error_in_course_toml(pack: Path) -> None:
    edit(pack, MANIFEST, 'version = "0.1.0"', 'version = "0.1.0')
    expect(pack, MANIFEST, 4, "TOML syntax error")


def test_syntax_error_in_front_matter_has_file_line(pack: Path) -> None:
    edit(pack, INTRO, "minutes = 5", "minutes = = 5")
    expect(pack, INTRO, 4, "TOML syntax error")


def test_syntax_error_in_exercise_fence_has_file_line(pack: Path) -> None:
    edit(pack, INTRO, 'prompt = "Where is your work saved?"', 'prompt = "Where is your work')
    expect(pack, INTRO, 17, "TOML syntax error")


def test_unterminated_string_at_end_of_fence_points_into_the_fence(pack: Path) -> None:
    edit(pack, INTRO, 'feedback = "No: answers are saved as you type."',
         'feedback = """No: answers are saved as you type.')
    fault = expect(pack, INTRO, 27, "TOML syntax error")
    assert 14 < fault.line < 28


# Missing and unknown keys


def test_missing_key_in_manifest(pack: Path) -> None:
    edit(pack, MANIFEST, 'license = "CC-BY-SA-4.0"\n', "")
    expect(pack, MANIFEST, 1, "missing key 'license'")


def test_missing_key_in_front_matter(pack: Path) -> None:
    edit(pack, INTRO, 'title = "Introduction"\n', "")
    expect(pack, INTRO, 2, "missing key 'title'")


def test_missing_key_in_exercise(pack: Path) -> None:
    edit(pack, INTRO, 'prompt = "Where is your work saved?"\n', "")
    expect(pack, INTRO, 15, "missing key 'prompt'")


def test_missing_feedback_in_an_option_points_at_the_option(pack: Path) -> None:
    edit(pack, INTRO, 'feedback = "No: answers are saved as you type."\n', "")
    expect(pack, INTRO, 25, "missing key 'feedback'")


def test_unknown_key_in_manifest(pack: Path) -> None:
    edit(pack, MANIFEST, 'version = "0.1.0"\n', 'version = "0.1.0"\ncolour = "red"\n')
    expect(pack, MANIFEST, 5, "unknown key 'colour'")


def test_unknown_key_in_front_matter(pack: Path) -> None:
    edit(pack, INTRO, "minutes = 5\n", "minutes = 5\nduration = 7\n")
    expect(pack, INTRO, 5, "unknown key 'duration'")


def test_unknown_key_in_exercise(pack: Path) -> None:
    edit(pack, RELATIONS, 'compare = "case"\n', 'compare = "case"\nsave_to = "x"\n')
    expect(pack, RELATIONS, 20, "unknown key 'save_to'")


# Ids and the manifest


def test_duplicate_exercise_id_across_lessons(pack: Path) -> None:
    edit(pack, RELATIONS, 'id = "mi-notes"', 'id = "mi-quiz"')
    fault = expect(pack, RELATIONS, 22, "duplicate exercise id 'mi-quiz'")
    assert "01-intro.md:14" in fault.message


def test_duplicate_lesson_in_manifest(pack: Path) -> None:
    edit(pack, MANIFEST, 'lessons = ["intro", "relations"]',
         'lessons = [\n  "intro",\n  "relations",\n  "intro",\n]')
    expect(pack, MANIFEST, 11, "lesson 'intro' is listed twice")


def test_lesson_in_manifest_without_a_file(pack: Path) -> None:
    edit(pack, MANIFEST, '"relations"]', '"relations", "pricing"]')
    expect(pack, MANIFEST, 8, "NN-pricing.md")


def test_lesson_file_not_in_manifest(pack: Path) -> None:
    text = (pack / INTRO).read_text(encoding="utf-8").replace('id = "intro"', 'id = "extra"')
    text = text.replace('id = "mi-quiz"', 'id = "ex-quiz"')
    (pack / "lessons/en/03-extra.md").write_text(text, encoding="utf-8")
    expect(pack, "lessons/en/03-extra.md", 1, "not in course.toml")


def test_front_matter_id_not_matching_file_name(pack: Path) -> None:
    edit(pack, INTRO, 'id = "intro"\ntitle = "Introduction"\n',
         'title = "Introduction"\nid = "introduction"\n')
    expect(pack, INTRO, 3, "does not match the file name")


def test_unknown_exercise_kind(pack: Path) -> None:
    edit(pack, INTRO, 'kind = "choice"', 'kind = "essay"')
    expect(pack, INTRO, 16, "unknown exercise kind 'essay'")


def test_saves_to_naming_no_block(pack: Path) -> None:
    edit(pack, RELATIONS, 'hint = "Think of each segment."\nsaves_to = "customer_relationships"',
         'hint = "Think of each segment."\nsaves_to = "customer_relations"')
    fault = expect(pack, RELATIONS, 18, "saves_to 'customer_relations'")
    assert "not a block" in fault.message


def test_lesson_block_naming_no_block(pack: Path) -> None:
    edit(pack, RELATIONS, 'block = "customer_relationships"', 'block = "relationships"')
    expect(pack, RELATIONS, 4, "block 'relationships' is not a block")


# Exercise content


def test_choice_with_no_correct_option(pack: Path) -> None:
    edit(pack, INTRO, "correct = true\n", "")
    expect(pack, INTRO, 20, "no correct option")


def test_single_choice_with_two_correct_options(pack: Path) -> None:
    edit(pack, INTRO, 'text = "Nowhere"\n', 'text = "Nowhere"\ncorrect = true\n')
    expect(pack, INTRO, 20, "'multiple' is not true")


def test_empty_prompt(pack: Path) -> None:
    edit(pack, INTRO, 'prompt = "Where is your work saved?"', 'prompt = "  "')
    expect(pack, INTRO, 17, "'prompt' is empty")


def test_classify_answer_that_is_no_category(pack: Path) -> None:
    edit(pack, RELATIONS, 'answer = "communities"', 'answer = "community"')
    expect(pack, RELATIONS, 51, "answer 'community' is not one of the categories")


# Hostile packs


def test_lesson_file_over_256_kib_is_refused(pack: Path) -> None:
    with open(pack / INTRO, "a", encoding="utf-8") as handle:
        handle.write("\nMore words. " * 25_000)
    assert (pack / INTRO).stat().st_size > 256 * 1024
    expect(pack, INTRO, 1, "file too large", only=False)


def test_100_mb_lesson_is_refused_quickly_without_reading_it(
        pack: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    huge = pack / INTRO
    with open(huge, "r+b") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: costs no disk
    real_read_bytes = Path.read_bytes

    def guarded(self: Path) -> bytes:
        assert self.name != huge.name, "the 100 MB lesson was read"
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    began = time.perf_counter()
    fault = expect(pack, INTRO, 1, "file too large", only=False)
    assert time.perf_counter() - began < 2.0
    assert "104,857,600" in fault.message


def test_id_ending_in_a_newline_is_refused(pack: Path) -> None:
    # a regex `$` matches before a final newline: ids are checked whole
    edit(pack, INTRO, 'id = "mi-quiz"', 'id = "mi-quiz\\n"')
    expect(pack, INTRO, 15, "not a valid id", only=False)


@pytest.mark.parametrize("where", ["exercise", "lesson", "manifest"])
def test_id_with_path_characters(pack: Path, where: str) -> None:
    if where == "exercise":
        edit(pack, INTRO, 'id = "mi-quiz"', 'id = "../x"')
        expect(pack, INTRO, 15, "not a valid id", only=False)
    elif where == "lesson":
        edit(pack, INTRO, 'id = "intro"', 'id = "../intro"')
        expect(pack, INTRO, 2, "not a valid id", only=False)
    else:
        edit(pack, MANIFEST, '"relations"]', '"relations", "../etc/passwd"]')
        expect(pack, MANIFEST, 8, "not a valid id", only=False)


@pytest.mark.parametrize("target", ["file:///etc/passwd", "../secret.txt",
                                    "javascript:alert(1)"])
def test_link_to_local_file_or_script(pack: Path, target: str) -> None:
    edit(pack, INTRO, "Welcome to the **mini** course.",
         f"Welcome to the **mini** course.\n\nSee [x]({target}).")
    fault = expect(pack, INTRO, 10, "will not open")
    assert target in fault.message


def test_web_and_mail_links_are_fine(pack: Path) -> None:
    edit(pack, INTRO, "Welcome to the **mini** course.",
         "Welcome. See [site](https://example.org) and [mail](mailto:a@example.org).")
    assert faults_of(pack) == []


def test_raw_html_script_in_prose(pack: Path) -> None:
    edit(pack, INTRO, "Welcome to the **mini** course.",
         "Welcome to the **mini** course.\n\n<script>alert(1)</script>")
    expect(pack, INTRO, 10, "raw HTML")


def test_inline_raw_html_in_prose(pack: Path) -> None:
    edit(pack, INTRO, "Welcome to the **mini** course.",
         'Welcome to the <img src=x onerror="alert(1)"> course.')
    expect(pack, INTRO, 8, "raw HTML")


def test_reflect_comparing_with_case_whose_answer_is_missing(pack: Path) -> None:
    edit(pack, CASE, 'mi-expect = "Naima\'s members expect a community."\n', "")
    fault = expect(pack, RELATIONS, 13, "compares with the case")
    assert "blocks.customer_relationships.answers.mi-expect" in fault.message


def test_case_naming_an_unknown_block(pack: Path) -> None:
    with open(pack / CASE, "a", encoding="utf-8") as handle:
        handle.write('\n[blocks.partners]\nnotes = ["A tailor"]\n')
    expect(pack, CASE, 12, "case block 'partners' is not a block of canvas.toml")


def test_overlapping_canvas_blocks(pack: Path) -> None:
    edit(pack, CANVAS, 'id = "key_activities"\ntitle = "Key activities"\n'
         'question = "What must we do well, every week, for the model to work?"\n'
         'side = "internal"\narea = "infrastructure"\ncolumn = 3',
         'id = "key_activities"\ntitle = "Key activities"\n'
         'question = "What must we do well, every week, for the model to work?"\n'
         'side = "internal"\narea = "infrastructure"\ncolumn = 2')
    expect(pack, CANVAS, 24, "block 'key_activities' overlaps 'key_partners'")


def test_block_outside_the_grid(pack: Path) -> None:
    edit(pack, CANVAS, "column = 6\ncolumn_span = 5", "column = 6\ncolumn_span = 6")
    fault = expect(pack, CANVAS, 115, "outside the 10x3 grid", only=False)
    assert "revenue_streams" in fault.message


@pytest.mark.parametrize("depth", [5000, 100_000])
def test_deeply_nested_toml_in_an_exercise_is_a_fault_not_a_crash(pack: Path,
                                                                    depth: int) -> None:
    edit(pack, INTRO, 'hint = "Think of the file."',
         'hint = "Think of the file."\nx = ' + "[" * depth + "]" * depth)
    expect(pack, INTRO, 15, "nested too deeply")


def test_deeply_nested_toml_in_the_manifest(pack: Path) -> None:
    edit(pack, MANIFEST, 'title = "Mini course"', 'title = "Mini course"\nx = '
         + "{a = " * 5000 + "1" + "}" * 5000)
    expect(pack, MANIFEST, 1, "nested too deeply")


def test_byte_order_marks_are_accepted(pack: Path) -> None:
    for rel in (MANIFEST, CANVAS, CASE, INTRO, RELATIONS):
        path = pack / rel
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    course, faults = inspect_pack(pack)
    assert faults == []
    assert course is not None
    assert course.lesson("intro") is not None
    assert course.lesson("intro").segments[2].exercise.line == 14  # lines still right


def test_latin1_lesson_is_a_fault_with_its_line(pack: Path) -> None:
    path = pack / INTRO
    path.write_bytes(path.read_bytes().replace(b"Welcome", "Caf\u00e9".encode("latin-1")))
    expect(pack, INTRO, 8, "not UTF-8")


def test_several_faults_are_all_reported(pack: Path) -> None:
    edit(pack, MANIFEST, 'version = "0.1.0"\n', 'version = "0.1.0"\ncolour = "red"\n')
    edit(pack, INTRO, 'prompt = "Where is your work saved?"', 'prompt = ""')
    edit(pack, RELATIONS, 'kind = "notes"', 'kind = "stickies"')
    edit(pack, RELATIONS, 'block = "customer_relationships"', 'block = "relationships"')
    edit(pack, CASE, 'mi-expect = "Naima\'s members expect a community."\n', "")
    faults = faults_of(pack)
    where = {(f.path.relative_to(pack).as_posix(), f.line) for f in faults}
    assert (MANIFEST, 5) in where
    assert (INTRO, 17) in where
    assert (RELATIONS, 24) in where
    assert (RELATIONS, 4) in where
    assert (RELATIONS, 13) in where
    assert len(faults) == 5, "\n".join(map(str, faults))


def test_not_a_pack(tmp_path: Path) -> None:
    course, faults = inspect_pack(tmp_path)
    assert course is None
    assert len(faults) == 1 and "not a course pack" in faults[0].message

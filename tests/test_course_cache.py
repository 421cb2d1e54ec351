"""The course cache: a plain-data copy of a loaded pack that is never shown stale or trusted.

Every test has its own cache folder (conftest sets CANVAS_TUTOR_CACHE_DIR under tmp_path).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from canvas_tutor.course import cache, loader
from canvas_tutor.course.location import builtin_root
from canvas_tutor.errors import CourseError

FIXTURES = Path(__file__).parent / "fixtures"
LEAN = FIXTURES / "lean-pack"
MINI = FIXTURES / "mini-pack"


def entry(root: Path, language: str | None = None) -> Path:
    return cache._entry(root, language)


def fresh(root: Path, language: str | None = None) -> object:
    course, faults = loader.inspect_pack(root, language, prose_checks=False)
    assert not faults
    return course


def cached_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on a load that parses the pack fails the test: it must come from the cache."""
    def parse(*args: object, **kwargs: object) -> object:
        raise AssertionError("the pack was parsed, not read from the cache")

    monkeypatch.setattr(loader, "inspect_pack", parse)


def set_title(lesson: Path, title: str) -> str:
    """Give a lesson a new title of the old one's length (so only the bytes differ, not
    the file's size) and return it."""
    text = lesson.read_text(encoding="utf-8")
    start = text.index("\ntitle = ")
    end = text.index("\n", start + 1)
    old = text[start:end].split("=", 1)[1].strip().strip('"')
    title = title[:len(old)].ljust(len(old), ".")
    lesson.write_text(text[:start] + f'\ntitle = "{title}"' + text[end:], encoding="utf-8")
    assert len(lesson.read_bytes()) == len(text.encode())
    return title


@pytest.mark.parametrize("language", [None, "es", "fr"])
def test_the_builtin_course_from_the_cache_equals_a_fresh_parse(
        language: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    first = loader.load_course(None, language)
    assert entry(builtin_root(), language).is_file()
    expected = fresh(builtin_root(), language)
    cached_only(monkeypatch)
    again = loader.load_course(None, language)
    assert again is not first
    assert again == first == expected
    assert [x.path for x in again.lessons] == [x.path for x in first.lessons]


def test_the_lean_canvas_from_the_cache_equals_a_fresh_parse(
        monkeypatch: pytest.MonkeyPatch) -> None:
    first = loader.load_course(LEAN)
    expected = fresh(LEAN)
    cached_only(monkeypatch)
    assert loader.load_course(LEAN) == first == expected


def test_an_edited_lesson_is_never_shown_stale(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    shutil.copytree(MINI, root)
    before = loader.load_course(root)
    lesson = next(x for x in before.lessons)
    title = set_title(lesson.path, "Edited after the first start")
    after = loader.load_course(root)
    assert after.lessons[0].title == title
    assert after == fresh(root)


def test_an_edit_through_a_symlinked_lessons_folder_is_never_shown_stale(
        tmp_path: Path) -> None:
    root = tmp_path / "pack"
    elsewhere = tmp_path / "shared-lessons"
    shutil.copytree(MINI / "course", root / "course")
    shutil.copytree(MINI / "lessons", elsewhere)
    (root / "lessons").symlink_to(elsewhere, target_is_directory=True)
    before = loader.load_course(root)
    name = before.lessons[0].path.name
    title = set_title(elsewhere / "en" / name, "Edited where the link points")
    after = loader.load_course(root)
    assert after.lessons[0].title == title
    # a symlinked single lesson file, edited at its target, too
    target = tmp_path / "one-lesson.md"
    shutil.move(elsewhere / "en" / name, target)
    (elsewhere / "en" / name).symlink_to(target)
    loader.load_course(root)
    title = set_title(target, "Edited through a linked file")
    assert loader.load_course(root).lessons[0].title == title


def test_a_pack_with_a_fault_is_never_kept(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    shutil.copytree(MINI, root)
    loader.load_course(root)
    kept = entry(root)
    assert kept.is_file()
    lesson = next(iter(sorted((root / "lessons" / "en").glob("*.md"))))
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("minutes = ", "minutes = -"),
                      encoding="utf-8")
    stamp = kept.read_bytes()
    for _ in range(2):  # every load reports it, none is served from the old copy
        with pytest.raises(CourseError) as raised:
            loader.load_course(root)
        assert any(f.path == lesson for f in raised.value.faults)
    assert kept.read_bytes() == stamp  # the broken pack was not written over the good copy
    result = subprocess.run([sys.executable, "-m", "canvas_tutor", "check", str(root)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"{lesson}:" in result.stdout + result.stderr


@pytest.mark.parametrize("planted", [
    b"",
    b"garbage\n",
    b"\x80\x81 not even text",
    b'{"format": 1}',
    b"cos\nsystem\n(S'echo pwned'\ntR.",  # a pickle: never unpickled, never run
])
def test_a_planted_or_corrupt_file_is_ignored_and_rewritten(
        planted: bytes, tmp_path: Path) -> None:
    root = tmp_path / "pack"
    shutil.copytree(MINI, root)
    path = entry(root)
    path.parent.mkdir(parents=True)
    path.write_bytes(planted)
    assert loader.load_course(root) == fresh(root)
    assert path.read_bytes() != planted
    key, _, rest = path.read_bytes().partition(b"\n")
    assert cache.decode(rest, root) == fresh(root)


def forged(root: Path, change: object) -> bytes:
    """A cache file with the right key and a correct digest, but edited data."""
    loader.load_course(root)
    key, _, rest = entry(root).read_bytes().partition(b"\n")
    _digest, _, text = rest.partition(b"\n")
    data = json.loads(text)
    change(data["course"])  # type: ignore[operator]
    body = json.dumps(data, ensure_ascii=False).encode()
    import hashlib

    return key + b"\n" + hashlib.sha256(body).hexdigest().encode() + b"\n" + body


def _title_with_escape(course: dict[str, object]) -> None:
    course["title"] = "\x1b]0;owned\x07 Course"


def _lesson_outside(course: dict[str, object]) -> None:
    course["lessons"][0]["path"] = "../../../etc/passwd"  # type: ignore[index]


def _number_as_text(course: dict[str, object]) -> None:
    course["lessons"][0]["minutes"] = "ten"  # type: ignore[index]


def _extra_field(course: dict[str, object]) -> None:
    course["__class__"] = "os.system"


def _bad_id(course: dict[str, object]) -> None:
    course["lessons"][0]["id"] = "../x"  # type: ignore[index]


@pytest.mark.parametrize("change", [_title_with_escape, _lesson_outside, _number_as_text,
                                    _extra_field, _bad_id])
def test_a_forged_copy_that_the_loader_could_not_have_written_is_rejected(
        change: object, tmp_path: Path) -> None:
    root = tmp_path / "pack"
    shutil.copytree(MINI, root)
    entry(root).write_bytes(forged(root, change))
    course = loader.load_course(root)
    assert course == fresh(root)


def test_an_edited_copy_without_its_digest_is_rejected(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    shutil.copytree(MINI, root)
    loader.load_course(root)
    data = entry(root).read_bytes()
    title = loader.load_course(root).title.encode()
    entry(root).write_bytes(data.replace(title, b"Edited in the cache"))
    assert loader.load_course(root).title == title.decode()


def test_a_cache_folder_that_cannot_be_written_still_loads(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CANVAS_TUTOR_CACHE_DIR", str(blocker / "cache"))
    assert loader.load_course(MINI) == fresh(MINI)
    assert loader.load_course(MINI) == fresh(MINI)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_pipe_in_the_pack_never_hangs_the_key(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    shutil.copytree(MINI, root)
    os.mkfifo(root / "lessons" / "notes.txt")
    assert cache.pack_key(root, None, "en") is None  # no copy: the pack is read as usual
    assert loader.load_course(root) == fresh(root)


def test_the_cache_holds_plain_json(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    shutil.copytree(MINI, root)
    loader.load_course(root)
    key, _, rest = entry(root).read_bytes().partition(b"\n")
    _digest, _, text = rest.partition(b"\n")
    data = json.loads(text)
    assert data["format"] == cache.FORMAT
    assert data["course"]["lessons"][0]["path"].startswith("lessons/en/")
    assert key.decode() == cache.pack_key(root, None, "en")


def test_an_export_from_the_cache_loads_no_parser_and_no_textual(tmp_path: Path) -> None:
    from canvas_tutor.canvas.model import Canvas
    from canvas_tutor.canvas.store import CanvasStore

    path = tmp_path / "ada.canvas.toml"
    with CanvasStore(path) as store:
        store.create(Canvas(course="business-model-canvas", name="Ada", venture="Tools"))
    script = (
        "import sys\n"
        "from canvas_tutor.cli import main\n"
        f"code = main(['export', {str(path)!r}, '--format', 'html', '-o', "
        f"{str(tmp_path / 'ada.html')!r}, '--force'])\n"
        "print(code, sorted(m for m in sys.modules if m.split('.')[0] in "
        "('markdown_it', 'textual') or m == 'canvas_tutor.course.loader'))\n")
    env = {**os.environ, "CANVAS_TUTOR_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           env=env, timeout=60) for _ in range(2)]
    assert runs[0].stdout.startswith("0 ['canvas_tutor.course.loader', 'markdown_it"), runs[0]
    assert runs[1].stdout.strip() == "0 []", runs[1]  # the second one reads the cache
    assert "Ada" in (tmp_path / "ada.html").read_text(encoding="utf-8")

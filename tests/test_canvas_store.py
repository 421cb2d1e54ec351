"""The canvas store: what reaches the disk, what survives a reload, and what is refused.

A learner's canvas holds hours of their thinking, so every bad file must give one clear
CanvasError (file, line, what) and leave the file exactly as it was.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import tempfile
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from canvas_tutor.canvas.codec import canvas_from_text, canvas_to_text
from canvas_tutor.canvas.model import Canvas
from canvas_tutor.canvas.store import CanvasStore, backup_path, lock_path, read_canvas
from canvas_tutor.errors import CanvasError, CanvasLocked
from canvas_tutor.text import strip_controls

# The example of DESIGN.md, line for line (its line numbers are used below).
EXAMPLE = """\
format = "canvas-tutor/canvas"
format_version = 1
course = "business-model-canvas"
language = "en"
created = 2026-11-22T09:30:00Z
updated = 2026-11-22T10:05:12Z

[learner]
name = "Ada"
venture = "Analytical tea shop"

[progress]
current = "customer-relationships"
completed = ["welcome", "the-canvas", "customer-segments"]

[progress.quiz.cr-kiosk]
answer = ["transactional"]
correct = true
attempts = 2

[blocks.customer_relationships]
notes = ["Community around a hashtag", "Monthly after-work meet-ups"]
types = ["communities", "co_creation"]

[blocks.customer_relationships.answers]
cr-expect = "..."
cr-established = "..."
cr-cost = "..."
cr-integration = "..."
"""

CREATED = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
UPDATED = datetime(2026, 11, 22, 10, 5, 12, tzinfo=UTC)


def full_canvas() -> Canvas:
    """A canvas using every field the model has, with text that is awkward for TOML."""
    canvas = Canvas(course="business-model-canvas", name="Ada Lovelace",
                    venture="Analytical tea shop", language="en", created=CREATED)
    canvas.progress.current = "customer-relationships"
    canvas.progress.complete("welcome")
    canvas.progress.complete("the-canvas")
    canvas.record_quiz("cr-kiosk", ["personal_assistance"], False)
    canvas.record_quiz("cr-kiosk", ["transactional"], True)
    canvas.record_quiz("cr-sort", ["transactional", "communities", "self_service"], True)
    canvas.set_notes("customer_relationships", ["Community around a hashtag",
                                                "Monthly after-work meet-ups"])
    canvas.set_types("customer_relationships", ["communities", "co_creation"])
    canvas.set_answer("customer_relationships", "cr-expect",
                      "Line one\nLine two, with \"quotes\" and 'apostrophes'\n\n"
                      "Triple: \"\"\" and ''' and a backslash \\ and C:\\new\\table\n")
    canvas.set_answer("customer_relationships", "cr-cost", "Ça coûte 5 € — 日本語 👩‍💻 שלום")
    canvas.set_answer("value_propositions", "vp-why", "\tIndented with a tab")
    canvas.set_notes("customer_segments", ["Busy professionals", "Émigrés"])
    canvas.updated = UPDATED
    return canvas


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


# Round trip


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    path = tmp_path / "ada.canvas.toml"
    canvas = full_canvas()
    with CanvasStore(path) as store:
        store.create(canvas)
    loaded = read_canvas(path)
    assert loaded == canvas
    assert loaded.progress.quiz["cr-kiosk"].attempts == 2
    assert loaded.progress.quiz["cr-kiosk"].first_try is False
    assert loaded.block("customer_relationships").types == ["communities", "co_creation"]
    assert loaded.answer("customer_relationships", "cr-expect").endswith("C:\\new\\table\n")
    # saving what was loaded writes the same bytes again
    assert canvas_to_text(loaded) == path.read_text(encoding="utf-8")


def test_multi_line_answers_are_readable_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "ada.canvas.toml"
    with CanvasStore(path) as store:
        store.create(full_canvas())
    text = path.read_text(encoding="utf-8")
    assert "Line one\nLine two" in text  # a real line break, not "\\n"
    assert "Ça coûte 5 € — 日本語 👩‍💻 שלום" in text  # stored as typed, not escaped


UNKNOWN = EXAMPLE.replace(
    'updated = 2026-11-22T10:05:12Z\n',
    'updated = 2026-11-22T10:05:12Z\ntheme = "dark"\nfuture_list = [1, 2]\n\n'
    '[future_table]\nlevel = 3\nnested = { a = 1 }\n',
).replace(
    'venture = "Analytical tea shop"\n',
    'venture = "Analytical tea shop"\nemail = "ada@example.org"\n',
).replace(
    'completed = ["welcome", "the-canvas", "customer-segments"]\n',
    'completed = ["welcome", "the-canvas", "customer-segments"]\nstreak = 3\n',
).replace(
    "attempts = 2\n", "attempts = 2\nseconds = 12.5\n",
).replace(
    'types = ["communities", "co_creation"]\n',
    'types = ["communities", "co_creation"]\ncolour = "yellow"\n',
) + '\n[blocks.my_own_block]\nnotes = ["kept"]\nwhy = "a block this course does not know"\n'


def test_unknown_keys_everywhere_are_kept_after_load_and_save(tmp_path: Path) -> None:
    path = write(tmp_path / "ada.canvas.toml", UNKNOWN)
    before = tomllib.loads(UNKNOWN)
    with CanvasStore(path) as store:
        canvas = store.open()
        canvas.set_answer("customer_relationships", "cr-cost", "Cheap")
        store.save(canvas)
    after = tomllib.loads(path.read_text(encoding="utf-8"))
    assert after["theme"] == "dark" and after["future_list"] == [1, 2]
    assert after["future_table"] == {"level": 3, "nested": {"a": 1}}
    assert after["learner"]["email"] == "ada@example.org"
    assert after["progress"]["streak"] == 3
    assert after["progress"]["quiz"]["cr-kiosk"]["seconds"] == 12.5
    assert after["blocks"]["customer_relationships"]["colour"] == "yellow"
    assert after["blocks"]["my_own_block"] == before["blocks"]["my_own_block"]
    # and nothing else changed but the answer and the time stamp
    before["blocks"]["customer_relationships"]["answers"]["cr-cost"] = "Cheap"
    del before["updated"], after["updated"]
    assert after == before


def test_file_text_has_the_shape_of_the_design_example(tmp_path: Path) -> None:
    path = tmp_path / "ada.canvas.toml"
    with CanvasStore(path) as store:
        store.create(canvas_from_text(Path("example"), EXAMPLE))
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[:4] == EXAMPLE.splitlines()[:4]
    # tomli-w writes a TOML datetime with a space and an offset; it reads back the same
    assert text.splitlines()[4] == "created = 2026-11-22 09:30:00+00:00"
    headers = [line for line in text.splitlines() if line.startswith("[")]
    assert headers == ["[learner]", "[progress]", "[progress.quiz.cr-kiosk]",
                       "[blocks.customer_relationships]",
                       "[blocks.customer_relationships.answers]"]
    assert tomllib.loads(text) == tomllib.loads(EXAMPLE)


def test_new_canvas_gets_whole_second_utc_stamps(tmp_path: Path) -> None:
    path = tmp_path / "new.canvas.toml"
    with CanvasStore(path) as store:
        store.create(Canvas(course="business-model-canvas", name="Bo"))
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["created"].tzinfo is not None and data["created"].microsecond == 0
    assert data["format"] == "canvas-tutor/canvas" and data["format_version"] == 1


# Atomic save, backup, lock


def test_saves_leave_no_temporary_files(tmp_path: Path) -> None:
    path = tmp_path / "ada.canvas.toml"
    canvas = full_canvas()
    with CanvasStore(path) as store:
        store.create(canvas)
        for i in range(5):
            canvas.set_answer("channels", "ch-1", f"version {i}")
            store.save(canvas)
    names = sorted(p.name for p in tmp_path.iterdir() if p.name != "user-cache")
    assert set(names) <= {path.name, backup_path(path).name, lock_path(path).name}
    assert path.name in names and backup_path(path).name in names


def test_backup_holds_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "ada.canvas.toml"
    canvas = full_canvas()
    with CanvasStore(path) as store:
        store.create(canvas)
        assert not backup_path(path).exists()
        first = path.read_bytes()
        canvas.set_answer("channels", "ch-1", "second")
        store.save(canvas)
        assert backup_path(path).read_bytes() == first
        second = path.read_bytes()
        canvas.set_answer("channels", "ch-1", "third")
        store.save(canvas)
        assert backup_path(path).read_bytes() == second
    assert read_canvas(path).answer("channels", "ch-1") == "third"
    assert read_canvas(backup_path(path)).answer("channels", "ch-1") == "second"


def test_create_never_replaces_an_existing_file(tmp_path: Path) -> None:
    path = write(tmp_path / "ada.canvas.toml", EXAMPLE)
    with pytest.raises(CanvasError, match="already exists"):
        CanvasStore(path).create(Canvas(course="business-model-canvas"))
    assert path.read_text(encoding="utf-8") == EXAMPLE
    CanvasStore(path).open()  # and the lock was released again


def test_save_without_open_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "ada.canvas.toml", EXAMPLE)
    with pytest.raises(CanvasError, match="not opened for writing"):
        CanvasStore(path).save(Canvas(course="business-model-canvas"))
    assert path.read_text(encoding="utf-8") == EXAMPLE


def test_second_store_in_the_same_process_is_locked_out(tmp_path: Path) -> None:
    path = write(tmp_path / "ada.canvas.toml", EXAMPLE)
    first = CanvasStore(path)
    first.open()
    with pytest.raises(CanvasLocked, match="already open") as info:
        CanvasStore(path).open()
    assert info.value.path == path
    first.close()
    with CanvasStore(path) as again:
        assert again.open().name == "Ada"


HOLD = """\
import sys, time
from canvas_tutor.canvas.store import CanvasStore
store = CanvasStore(sys.argv[1])
store.open()
print("locked", flush=True)
time.sleep(60)
"""


def test_lock_held_by_another_process_and_released_when_it_is_killed(tmp_path: Path) -> None:
    path = write(tmp_path / "ada.canvas.toml", EXAMPLE)
    child = subprocess.Popen([sys.executable, "-c", HOLD, str(path)],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "locked"
        with pytest.raises(CanvasLocked):
            CanvasStore(path).open()
        assert lock_path(path).exists()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    assert child.returncode == -signal.SIGKILL
    assert lock_path(path).exists()  # the stale lock file is still there ...
    with CanvasStore(path) as store:  # ... and does not lock the learner out
        canvas = store.open()
        canvas.set_answer("channels", "ch-1", "after the crash")
        store.save(canvas)
    assert read_canvas(path).answer("channels", "ch-1") == "after the crash"


def test_lock_released_on_close_lets_another_process_in(tmp_path: Path) -> None:
    path = write(tmp_path / "ada.canvas.toml", EXAMPLE)
    store = CanvasStore(path)
    store.open()
    probe = ("import sys\nfrom canvas_tutor.canvas.store import CanvasStore\n"
             "from canvas_tutor.errors import CanvasLocked\n"
             "try:\n    CanvasStore(sys.argv[1]).open()\nexcept CanvasLocked:\n"
             "    print('locked')\nelse:\n    print('free')\n")
    run = [sys.executable, "-c", probe, str(path)]
    assert subprocess.run(run, capture_output=True, text=True).stdout.strip() == "locked"
    store.close()
    assert subprocess.run(run, capture_output=True, text=True).stdout.strip() == "free"


# Bad files: one clear error, the file untouched


def assert_refused(path: Path, fragment: str, line: int | None = None) -> CanvasError:
    """Reading and opening both raise CanvasError naming the file; nothing is changed."""
    before = open(path, "rb").read() if path.is_file() else None  # noqa: SIM115
    with pytest.raises(CanvasError) as info:
        read_canvas(path)
    err = info.value
    assert err.path == path and str(path) in str(err)
    assert fragment in err.message, err.message
    if line is not None:
        assert err.line == line and f"{path}:{line}: " in str(err)
    store = CanvasStore(path)
    with pytest.raises(CanvasError) as opened:
        store.open()
    assert not isinstance(opened.value, CanvasLocked)  # the failed open let go of the lock
    assert opened.value.message == err.message
    with pytest.raises(CanvasError, match="not opened for writing"):
        store.save(Canvas(course="business-model-canvas"))
    if before is not None:
        with open(path, "rb") as handle:
            assert handle.read() == before
    assert not backup_path(path).exists()
    return err


def real_canvas_bytes() -> bytes:
    return canvas_to_text(full_canvas()).encode("utf-8")


def test_empty_file(tmp_path: Path) -> None:
    assert_refused(write(tmp_path / "a.canvas.toml", ""), "empty", 1)


def test_whitespace_only_file(tmp_path: Path) -> None:
    assert_refused(write(tmp_path / "a.canvas.toml", "  \n\n\t \n"), "empty", 1)


@pytest.mark.parametrize("tenth", range(1, 10))
def test_file_truncated_at_every_tenth(tmp_path: Path, tenth: int) -> None:
    data = real_canvas_bytes()
    cut = data[: len(data) * tenth // 10]
    path = tmp_path / "a.canvas.toml"
    path.write_bytes(cut)
    try:
        read_canvas(path)
    except CanvasError:
        err = assert_refused(path, "")
        assert err.line is not None  # where it broke off, or the value cut short
        return
    # The cut fell exactly at the end of a line: the rest is valid TOML and cannot be told
    # from a shorter canvas (a known limit of a plain-text format). It must load as a
    # faithful beginning of the original: nothing invented, nothing garbled.
    whole, part = full_canvas(), read_canvas(path)
    assert (part.course, part.name, part.venture) == (whole.course, whole.name, whole.venture)
    assert all(whole.blocks[b].answers.items() >= w.answers.items()
               for b, w in part.blocks.items())
    assert path.read_bytes() == cut


def test_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "a.canvas.toml"
    path.write_bytes(b"\xef\xbb\xbf" + EXAMPLE.encode("utf-8"))
    assert_refused(path, "byte-order mark", 1)


def test_latin1_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.canvas.toml"
    path.write_bytes(EXAMPLE.replace("Ada", "Ad\u00e9").encode("latin-1"))
    assert_refused(path, "not UTF-8", 9)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "a.canvas.toml"
    path.write_bytes(EXAMPLE.encode(encoding))
    err = assert_refused(path, "")
    assert "UTF-16" in err.message or "not valid TOML" in err.message


def test_duplicate_table(tmp_path: Path) -> None:
    text = EXAMPLE + '\n[learner]\nname = "Eve"\n'
    line = len(EXAMPLE.splitlines()) + 2
    err = assert_refused(write(tmp_path / "a.canvas.toml", text), "not valid TOML", line)
    assert "learner" in err.message


@pytest.mark.parametrize(("old", "new", "line", "fragment"), [
    ('notes = ["Community around a hashtag", "Monthly after-work meet-ups"]', "notes = 3",
     22, "must be a list of strings"),
    ('cr-cost = "..."', "cr-cost = 1", 28, "answers.cr-cost' must be a string"),
    ("created = 2026-11-22T09:30:00Z", 'created = "yesterday"', 5, "date and time"),
    ("format_version = 1", 'format_version = "1"', 2, "whole number"),
    ('name = "Ada"', "name = true", 9, "must be a string"),
    ("attempts = 2", "attempts = -1", 19, "whole number"),
    ("correct = true", 'correct = "yes"', 18, "true or false"),
    ("[learner]", "learner = 3\n[x]", 8, "'learner' must be a table"),
])
def test_wrong_types(tmp_path: Path, old: str, new: str, line: int, fragment: str) -> None:
    assert old in EXAMPLE
    path = write(tmp_path / "a.canvas.toml", EXAMPLE.replace(old, new, 1))
    assert_refused(path, fragment, line)


def test_newer_format_version_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "a.canvas.toml",
                 EXAMPLE.replace("format_version = 1", "format_version = 2"))
    assert_refused(path, "newer", 2)


def test_other_format_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "a.canvas.toml",
                 EXAMPLE.replace('"canvas-tutor/canvas"', '"lean-canvas/canvas"'))
    assert_refused(path, "not a canvas-tutor canvas", 1)


def test_deeply_nested_value_is_refused_not_a_crash(tmp_path: Path) -> None:
    path = write(tmp_path / "a.canvas.toml", EXAMPLE + "x = " + "[" * 5000 + "]" * 5000 + "\n")
    assert_refused(path, "nested too deeply")


def test_directory_in_its_place(tmp_path: Path) -> None:
    path = tmp_path / "a.canvas.toml"
    path.mkdir()
    assert_refused(path, "folder")
    assert path.is_dir() and not any(path.iterdir())


def test_missing_file(tmp_path: Path) -> None:
    assert_refused(tmp_path / "a.canvas.toml", "no such file")


def test_file_too_large_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "a.canvas.toml"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    assert_refused(path, "too large")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root reads files whatever their permissions")
def test_no_read_permission(tmp_path: Path) -> None:
    path = write(tmp_path / "a.canvas.toml", EXAMPLE)
    path.chmod(0)
    try:
        assert_refused(path, "permission denied")
    finally:
        path.chmod(0o600)
    assert path.read_text(encoding="utf-8") == EXAMPLE


def test_no_read_permission_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "a.canvas.toml", EXAMPLE)

    def denied(where: Path, limit: int) -> bytes:
        raise PermissionError(errno.EACCES, "Permission denied", str(where))

    import canvas_tutor.canvas.store as store

    monkeypatch.setattr(store, "read_regular", denied)  # the one reader of canvas files
    err = assert_refused(path, "permission denied")
    assert "may not read" in err.message


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root writes into folders whatever their permissions")
def test_no_write_permission_on_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = write(folder / "a.canvas.toml", EXAMPLE)
    store = CanvasStore(path)
    canvas = store.open()
    folder.chmod(0o500)
    try:
        canvas.set_answer("channels", "ch-1", "new")
        with pytest.raises(CanvasError, match="permission denied") as info:
            store.save(canvas)
        assert info.value.path == path
        store.close()
        with pytest.raises(CanvasError):  # cannot even lock it now: told, not crashed
            CanvasStore(folder / "b.canvas.toml").create(Canvas(course="x"))
    finally:
        folder.chmod(0o700)
    assert path.read_text(encoding="utf-8") == EXAMPLE


def test_no_write_permission_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "a.canvas.toml", EXAMPLE)
    with CanvasStore(path) as store:
        canvas = store.open()

        def denied(*args: object, **kwargs: object) -> tuple[int, str]:
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(tempfile, "mkstemp", denied)
        canvas.set_answer("channels", "ch-1", "new")
        with pytest.raises(CanvasError, match="permission denied: cannot save"):
            store.save(canvas)
    assert path.read_text(encoding="utf-8") == EXAMPLE
    assert not backup_path(path).exists()


def test_disk_full_is_a_clear_error_and_keeps_the_old_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.canvas.toml"
    canvas = full_canvas()
    with CanvasStore(path) as store:
        store.create(canvas)
        canvas.set_answer("channels", "ch-1", "second")
        store.save(canvas)
        old, old_bak = path.read_bytes(), backup_path(path).read_bytes()

        def full(fd: int) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "fsync", full)
        canvas.set_answer("channels", "ch-1", "third, never written")
        with pytest.raises(CanvasError, match="disk is full") as info:
            store.save(canvas)
        assert info.value.path == path
        monkeypatch.undo()
        assert path.read_bytes() == old
        assert backup_path(path).read_bytes() == old_bak
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        store.save(canvas)  # space freed: the same store saves again
    assert read_canvas(path).answer("channels", "ch-1") == "third, never written"


# Control characters


def test_control_characters_are_stripped_on_input() -> None:
    canvas = Canvas(course="c", name="\x1b]0;pwned\x07Ada\x1b[2J", venture="Tea\x00\nshop")
    assert canvas.name == "]0;pwnedAda[2J" and canvas.venture == "Tea shop"
    canvas.set_answer("b", "e", "red \x1b[31mtext\x1b[0m\r\nnext\x85 line\x9b\ttab\x7f")
    assert canvas.answer("b", "e") == "red [31mtext[0m\nnext line\ttab"
    canvas.set_notes("b", ["one\x1b", "  ", "two\nlines\x08"])
    assert canvas.block("b").notes == ["one", "two lines"]


def test_control_characters_are_stripped_on_load(tmp_path: Path) -> None:
    text = (EXAMPLE.replace('cr-expect = "..."', 'cr-expect = "a\\u001b[31mb\\u0007c\\r\\nd"')
            .replace('name = "Ada"', 'name = "Ada\\u001b[2J\\u009b"')
            .replace('answer = ["transactional"]', 'answer = ["trans\\u0000actional"]')
            .replace('"Community around a hashtag"', '"Community\\u001b around"'))
    path = write(tmp_path / "a.canvas.toml", text)
    canvas = read_canvas(path)
    assert canvas.answer("customer_relationships", "cr-expect") == "a[31mbc\nd"
    assert canvas.name == "Ada[2J"
    assert canvas.progress.quiz["cr-kiosk"].answer == ["transactional"]
    assert canvas.block("customer_relationships").notes[0] == "Community around"
    saved = canvas_to_text(canvas)
    assert "\\u001b" not in saved and "\x1b" not in saved
    assert strip_controls(saved) == saved


def test_open_removes_temp_files_left_by_a_crashed_save(tmp_path: Path) -> None:
    path = write(tmp_path / "ada.canvas.toml", EXAMPLE)
    stale = [tmp_path / ".ada.canvas.toml.k3j2h1.tmp", tmp_path / ".ada.canvas.toml.bak.42.tmp"]
    kept = [tmp_path / ".bob.canvas.toml.x1.tmp", tmp_path / "notes.tmp",
            tmp_path / "ada.canvas.toml.bak"]
    for p in stale + kept:
        p.write_text("half a save", encoding="utf-8")
    read_canvas(path)  # reading without the lock cleans nothing
    assert all(p.exists() for p in stale)
    with CanvasStore(path) as store:
        store.open()
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in kept)
    assert path.read_text(encoding="utf-8") == EXAMPLE
